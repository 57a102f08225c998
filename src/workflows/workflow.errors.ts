import { DomainError, type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';

export class InvalidTransitionError extends DomainError {
  constructor(action: string, status: string, allowedFrom: readonly string[]) {
    super('INVALID_TRANSITION', 'conflict', `Action '${action}' is not allowed from status ${status}`, {
      status,
      allowedFrom,
    });
  }
}

export class VersionMismatchError extends DomainError {
  constructor(expected: number, actual: number) {
    super(
      'VERSION_MISMATCH',
      'precondition-failed',
      `If-Match names version ${expected}; the request is at ${actual}`,
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
