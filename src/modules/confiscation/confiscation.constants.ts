/**
 * The confiscation channel's queue and its own jobs. These values live in Redis and in the outbox table:
 * renaming one strands the jobs already scheduled under the old name (rename with a data migration of
 * `outbox`).
 */
export const CONFISCATION_QUEUE = 'confiscation';

export enum ConfiscationJob {
  /** LIFT_PROPOSED: the period the requesting State was given to argue against the lifting has ended. */
  LiftArgumentPeriodEnd = 'LiftArgumentPeriodEnd',
  /** LIFT_PROPOSED: a reminder to the requesting State before that period ends, while it has not argued. */
  LiftArgumentReminder = 'LiftArgumentReminder',
}

/** Days before the end of the period to argue against a lifting when the reminder goes out [DESIGN]. */
export const LIFT_REMINDER_DAYS = 3;
