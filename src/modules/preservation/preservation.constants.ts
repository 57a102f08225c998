/**
 * The preservation channel's queue and its own jobs. These values live in Redis and in the outbox table:
 * renaming one strands the jobs already scheduled under the old name (rename with a data migration).
 */
export const PRESERVATION_QUEUE = 'preservation';

export enum PreservationJob {
  /** A preservation's period ends (art. 42). */
  Expire = 'PreservationExpire',
  /** Reminders to the requesting side before a preservation expires. */
  ExpiryRemind = 'PreservationExpiryRemind',
}
