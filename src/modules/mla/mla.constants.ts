/**
 * The MLA channel's queue and its own jobs. These values live in Redis and in the outbox table: renaming
 * one strands the jobs already scheduled under the old name (rename with a data migration of `outbox`).
 */
export const MLA_QUEUE = 'mla';

export enum MlaJob {
  /** POSTPONED -> UNDER_REVIEW when the postponement's `until` is reached. */
  PostponementEnd = 'PostponementEnd',
}
