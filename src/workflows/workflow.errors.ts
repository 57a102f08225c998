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

/** The acting State's policy requires the action to be prepared by one user and confirmed by another. */
export class FourEyesRequiredError extends DomainError {
  constructor(
    requestId: string,
    requirement: { country: string; channel: string; action: string; confirmerRole: string },
  ) {
    super(
      'FOUR_EYES_REQUIRED',
      'conflict',
      `The four-eyes policy of ${requirement.country} requires '${requirement.action}' on ${requirement.channel} ` +
        `requests to be prepared by one user and confirmed by another (${requirement.confirmerRole}) of the ` +
        `same authority: POST /v1/requests/${requestId}/preparations`,
      { policy: requirement, preparations: `/v1/requests/${requestId}/preparations` },
    );
  }
}

/** Four eyes is for requests of this node alone: a request with a party on another node has one history. */
export class FourEyesAcrossNodesError extends DomainError {
  constructor() {
    super(
      'FOUR_EYES_ACROSS_NODES',
      'conflict',
      'Four-eyes preparations are kept on requests of this node alone; this request has a party on another node',
    );
  }
}
