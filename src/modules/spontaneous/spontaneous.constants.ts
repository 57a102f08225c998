/**
 * The spontaneous information channel's queue (delivery to the counterpart; the channel has no clock of its
 * own). The value lives in Redis and in the outbox table: renaming it strands the jobs already scheduled.
 */
export const SPONTANEOUS_QUEUE = 'spontaneous';
