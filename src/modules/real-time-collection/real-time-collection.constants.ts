/**
 * The real-time collection channel's queue and its own jobs. These values live in Redis and in the outbox
 * table: renaming one strands the jobs already scheduled under the old name (rename with a data migration).
 */
export const REAL_TIME_COLLECTION_QUEUE = 'real-time-collection';

export enum RealTimeCollectionJob {
  /** The authorised collection period ends (arts 45(3)(f), 46(2)(f) [GK]). */
  CollectionEnd = 'CollectionEnd',
  /** Reminders to the requesting side before the period ends, so that it can ask for a renewal. */
  CollectionEndRemind = 'CollectionEndRemind',
}

/** Days before the end of the authorised period at which the requesting side is reminded (those ahead). */
export const COLLECTION_END_REMINDER_DAYS: readonly number[] = [3, 1];

/** The measures of the channel: real-time collection of traffic data (art. 45), interception (art. 46). */
export const MEASURES = ['traffic-data', 'content-data'] as const;
export type Measure = (typeof MEASURES)[number];
