import { ValidationFailedError, type FieldProblem } from '../errors/domain-error';

/** Paths of strings (and keys) holding U+0000, which Postgres cannot store in text or jsonb. */
export function nulCharacterProblems(value: unknown, path = ''): FieldProblem[] {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [{ field: path || 'body', messages: ['must not contain the NUL character'] }]
      : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => nulCharacterProblems(v, `${path}[${i}]`));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => {
      const child = path ? `${path}.${k}` : k;
      return k.includes('\u0000')
        ? [{ field: child, messages: ['field names must not contain the NUL character'] }]
        : nulCharacterProblems(v, child);
    });
  }
  return [];
}

export function assertNoNulCharacters(value: unknown, path = ''): void {
  const problems = nulCharacterProblems(value, path);
  if (problems.length > 0) {
    throw new ValidationFailedError(problems);
  }
}
