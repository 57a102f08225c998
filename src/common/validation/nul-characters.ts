import { ValidationFailedError, type FieldProblem } from '../errors/domain-error';
import { joinPath } from './flatten-errors';

/** No payload of the API nests anywhere near this deep; deeper input is refused before anything walks it. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Field names no payload declares and that JavaScript gives a meaning to (the prototype chain): an object
 * built from `{"__proto__": {...}}` by a later merge or transform could change what every object inherits.
 * They are refused like any unknown field, whatever the schema.
 */
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Paths of strings (and keys) holding U+0000, of reserved field names (RESERVED_FIELD_NAMES), which Postgres cannot store in text or jsonb, and of values
 * nested deeper than MAX_INPUT_DEPTH (which would exhaust the stack of the recursive transformers).
 */
export function nulCharacterProblems(value: unknown, path = '', depth = 0): FieldProblem[] {
  if (depth > MAX_INPUT_DEPTH && typeof value === 'object' && value !== null) {
    return [
      { field: path || 'body', messages: [`is nested too deeply (more than ${MAX_INPUT_DEPTH} levels)`] },
    ];
  }
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [{ field: path || 'body', messages: ['must not contain the NUL character'] }]
      : [];
  }
  if (Array.isArray(value)) {
    return firstProblems(
      value.map((v, i) => [v, `${path}[${i}]`] as const),
      depth,
    );
  }
  if (typeof value === 'object' && value !== null) {
    const problems: FieldProblem[] = [];
    const children: (readonly [unknown, string])[] = [];
    for (const [k, v] of Object.entries(value)) {
      const child = joinPath(path, k);
      if (k.includes('\u0000')) {
        problems.push({ field: child, messages: ['field names must not contain the NUL character'] });
      } else if (RESERVED_FIELD_NAMES.has(k)) {
        problems.push({ field: child, messages: [`unknown field ${child}`] });
      } else {
        children.push([v, child]);
      }
    }
    return [...problems, ...firstProblems(children, depth)];
  }
  return [];
}

/** Problems of the children; one too-deep branch is reported once, not once per element. */
function firstProblems(children: readonly (readonly [unknown, string])[], depth: number): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const [v, p] of children) {
    const found = nulCharacterProblems(v, p, depth + 1);
    out.push(...found);
    if (out.length >= 50) {
      break;
    }
  }
  return out;
}

export function assertNoNulCharacters(value: unknown, path = ''): void {
  const problems = nulCharacterProblems(value, path);
  if (problems.length > 0) {
    throw new ValidationFailedError(problems);
  }
}
