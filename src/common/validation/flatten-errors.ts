import { getMetadataStorage, isIn, isString, isUUID, type ValidationError } from 'class-validator';
import type { FieldProblem } from '../errors/domain-error';

/** Turns class-validator's error tree into field paths such as `offences[0].description`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    if (error.constraints) {
      out.push(...elementProblems(error, path));
    }
    if (error.children?.length) {
      out.push(...flattenValidationErrors(error.children, path));
    }
  }
  return out;
}

/** Element checks for `{ each: true }` validators, so that a bad element is named `field[i]`. */
const ELEMENT_CHECKS: Record<string, (value: unknown, constraints: unknown[]) => boolean> = {
  isIn: (v, c) => isIn(v, c[0] as unknown[]),
  matches: (v, c) =>
    typeof v === 'string' &&
    (c[0] instanceof RegExp ? c[0].test(v) : new RegExp(String(c[0]), c[1] as string | undefined).test(v)),
  isString: (v) => isString(v),
  isUuid: (v) => typeof v === 'string' && isUUID(v),
};

function elementProblems(error: ValidationError, path: string): FieldProblem[] {
  const messages = Object.values(error.constraints ?? {}).map((m) => rewrite(m, path));
  if (!Array.isArray(error.value) || !error.target) {
    return [{ field: path, messages }];
  }
  const eachRules = getMetadataStorage()
    .getTargetValidationMetadatas(error.target.constructor, '', true, false)
    .filter((m) => m.propertyName === error.property && m.each && m.name && error.constraints?.[m.name]);
  const handled = new Set<string>();
  const out: FieldProblem[] = [];
  for (const rule of eachRules) {
    const check = rule.name ? ELEMENT_CHECKS[rule.name] : undefined;
    if (!check || !rule.name) {
      continue;
    }
    handled.add(rule.name);
    (error.value as unknown[]).forEach((element, i) => {
      if (!check(element, rule.constraints ?? [])) {
        out.push({
          field: `${path}[${i}]`,
          messages: [error.constraints?.[rule.name as string] ?? 'is invalid'],
        });
      }
    });
  }
  const rest = Object.entries(error.constraints ?? {})
    .filter(([name]) => !handled.has(name))
    .map(([, m]) => rewrite(m, path));
  return rest.length > 0 ? [{ field: path, messages: rest }, ...out] : out;
}

/** `parent.property`, `parent[0]`; an empty field name is shown as `[""]` so that it is still named. */
export function joinPath(parent: string, property: string): string {
  if (property === '') {
    return `${parent}[""]`;
  }
  if (!parent) {
    return property;
  }
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

function rewrite(message: string, path: string): string {
  // class-validator says "property x should not exist" for unknown fields; name the full path instead.
  return message.startsWith('property ') && message.endsWith(' should not exist')
    ? `unknown field ${path}`
    : message;
}
