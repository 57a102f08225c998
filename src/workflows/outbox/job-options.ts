import type { JobsOptions } from 'bullmq';
import type { QueueConfig } from '@/config/queue.config';
import type { OutboxEntry } from './outbox-entry.entity';

/**
 * The BullMQ options of an outbox row's job: its deterministic id (a re-offer is a no-op), its delay until
 * `run_at`, priority, retries with exponential backoff, and removal once done. Failed jobs are dropped
 * from Redis: the row stays undone and the sweep offers it again later.
 */
export function jobOptionsFor(
  e: Pick<OutboxEntry, 'jobId' | 'runAt' | 'priority' | 'kind'>,
  queue: Pick<QueueConfig, 'jobAttempts' | 'webhookAttempts' | 'webhookBackoffMs'>,
  now = Date.now(),
): JobsOptions {
  return {
    jobId: e.jobId,
    delay: Math.max(0, e.runAt.getTime() - now),
    priority: e.priority,
    attempts: e.kind === 'webhook' || e.kind === 'envelope' ? queue.webhookAttempts : queue.jobAttempts,
    backoff: {
      type: 'exponential',
      delay: e.kind === 'webhook' || e.kind === 'envelope' ? queue.webhookBackoffMs : 1000,
    },
    removeOnComplete: true,
    removeOnFail: true,
  };
}
