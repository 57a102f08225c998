import { DomainError, ForbiddenError, NotFoundError } from '@/common/errors/domain-error';

export class PreparationNotFoundError extends NotFoundError {
  constructor() {
    super('Preparation');
  }
}

/** A replay: the preparation was already confirmed or withdrawn. */
export class PreparationClosedError extends DomainError {
  constructor(status: string) {
    super('PREPARATION_CLOSED', 'conflict', `The preparation was already ${status}`, { status });
  }
}

export class FourEyesNotRequiredError extends DomainError {
  constructor(country: string, channel: string, action: string) {
    super(
      'FOUR_EYES_NOT_REQUIRED',
      'conflict',
      `No four-eyes policy of ${country} applies to '${action}' on ${channel} requests: take the action directly`,
    );
  }
}

export class PreparationPendingError extends DomainError {
  constructor(id: string) {
    super(
      'PREPARATION_PENDING',
      'conflict',
      `This action is already prepared and awaits confirmation (${id})`,
      {
        preparationId: id,
      },
    );
  }
}

/** 403 FORBIDDEN (the API's code for a caller who may not), `details.rule` naming the four-eyes rule. */
export class SameUserError extends DomainError {
  constructor() {
    super(
      'FORBIDDEN',
      'forbidden',
      'You prepared this action: another user of your authority must confirm it (four eyes)',
      { rule: 'FOUR_EYES_SAME_USER' },
    );
  }
}

export class ConfirmerRoleError extends DomainError {
  constructor(action: string, role: string) {
    super('FORBIDDEN', 'forbidden', `Confirming '${action}' needs the role ${role} (four-eyes policy)`, {
      rule: 'FOUR_EYES_ROLE',
      confirmerRole: role,
    });
  }
}

export class WithdrawerError extends ForbiddenError {
  constructor() {
    super('Only the user who prepared it or an approver of the authority may withdraw a preparation');
  }
}
