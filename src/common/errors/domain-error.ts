/** Field-level problem reported with a 400, e.g. { field: 'offences[0].description', messages: [...] }. */
export interface FieldProblem {
  field: string;
  messages: string[];
}

export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'gone'
  | 'rate-limited'
  | 'unavailable';

/**
 * Services throw DomainErrors carrying a stable machine-readable code; one filter maps `kind` to HTTP.
 * Never throw HttpException from services.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  constructor(problems: FieldProblem[], message?: string, code = 'VALIDATION_FAILED') {
    super(code, 'invalid', message ?? `Invalid fields: ${problems.map((p) => p.field).join(', ')}`, problems);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid bearer token is required') {
    super('UNAUTHENTICATED', 'unauthenticated', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role or side may not do this', code = 'FORBIDDEN') {
    super(code, 'forbidden', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, code = 'NOT_FOUND') {
    super(code, 'not-found', `${what} not found`);
  }
}

export class RateLimitedError extends DomainError {
  constructor(message: string) {
    super('RATE_LIMITED', 'rate-limited', message);
  }
}
