import type { ValidationError } from 'class-validator';
import type { FieldProblem } from '../errors/domain-error';

/** Turns class-validator's error tree into field paths such as `offences[0].description`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    if (error.constraints) {
      out.push({ field: path, messages: Object.values(error.constraints).map((m) => rewrite(m, path)) });
    }
    if (error.children?.length) {
      out.push(...flattenValidationErrors(error.children, path));
    }
  }
  return out;
}

function joinPath(parent: string, property: string): string {
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
