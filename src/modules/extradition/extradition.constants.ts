/**
 * The extradition channel's queue and its own jobs. These values live in Redis and in the outbox table:
 * renaming one strands the jobs already scheduled under the old name (rename with a data migration).
 */
export const EXTRADITION_QUEUE = 'extradition';

export enum ExtraditionJob {
  /** A provisional arrest lapses when no formal extradition request arrived in time. */
  ProvisionalArrestLapse = 'ProvisionalArrestLapse',
}
