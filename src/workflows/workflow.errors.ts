import { DomainError, type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';

export class InvalidTransitionError extends DomainError {
  constructor(action: string, status: string, allowedFrom: readonly string[]) {
    super('INVALID_TRANSITION', 'conflict', `Action '${action}' is not allowed from status ${status}`, {
      status,
      allowedFrom,
    });
  }
}

/**
 * An `If-Match` precondition: the version it names, and whether its tag was weak (`W/"3"`), which never
 * matches: If-Match compares strongly (RFC 9110 13.1.1).
 */
export interface VersionPrecondition {
  version: number;
  weak: boolean;
}

/** Whether the precondition fails against the request's current version (absent: no precondition). */
export function preconditionFails(precondition: VersionPrecondition | undefined, version: number): boolean {
  return precondition !== undefined && (precondition.weak || precondition.version !== version);
}

export class VersionMismatchError extends DomainError {
  constructor(expected: VersionPrecondition, actual: number) {
    super(
      'VERSION_MISMATCH',
      'precondition-failed',
      expected.weak
        ? `If-Match names the weak tag W/"${expected.version}", which never matches (RFC 9110 strong ` +
            `comparison); the request is at ${actual}, ETag "${actual}"`
        : `If-Match names version ${expected.version}; the request is at ${actual}`,
      {
        currentVersion: actual,
      },
    );
  }
}

export class UnknownActionError extends DomainError {
  constructor(action: string, channel: string, known: readonly string[]) {
    super('UNKNOWN_ACTION', 'invalid', `Unknown action '${action}' for channel ${channel}`, [
      { field: 'action', messages: [`must be one of: ${known.join(', ')}`] },
    ]);
  }
}

export class IncompleteRequestError extends ValidationFailedError {
  constructor(problems: FieldProblem[]) {
    super(
      problems,
      `The request cannot be submitted; missing or invalid: ${problems.map((p) => p.field).join(', ')}`,
      'INCOMPLETE_REQUEST',
    );
  }
}

export class ForbiddenRefusalGroundError extends ValidationFailedError {
  constructor(problems: FieldProblem[]) {
    super(problems, problems.map((p) => p.messages.join('; ')).join('; '), 'FORBIDDEN_REFUSAL_GROUND');
  }
}

export class ActionNotAvailableError extends DomainError {
  constructor(action: string, reason: string) {
    super('ACTION_NOT_AVAILABLE', 'conflict', `Action '${action}' is not available now: ${reason}`);
  }
}
