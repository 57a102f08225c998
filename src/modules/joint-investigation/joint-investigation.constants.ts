/**
 * The joint investigation channel's queue and its own jobs. These values live in Redis and in the outbox
 * table: renaming one strands the jobs already scheduled under the old name (rename with a data migration).
 */
export const JIT_QUEUE = 'joint-investigation';

export enum JitJob {
  /** The agreed period of the team is over (the agreement's end, or its extended end). */
  PeriodEnd = 'JitPeriodEnd',
  /** A reminder to every party before the agreed end, so that an extension can be agreed in time. */
  EndRemind = 'JitEndRemind',
}

/**
 * Days before the agreed end at which the parties are reminded [DESIGN]: an extension needs every party's
 * agreement (CETS 224 art. 12 / EU JIT model agreement practice [GK]), which takes weeks.
 */
export const JIT_END_REMINDER_DAYS = 30;

/** The most further parties (beyond the proposer and the first invited State) a team may have. */
export const JIT_MAX_ADDITIONAL_PARTIES = 10;
