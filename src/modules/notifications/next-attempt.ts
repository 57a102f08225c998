import type { WebhookDelivery } from './entities/webhook-delivery.entity';

/** How the notifications queue retries a delivery (WEBHOOK_ATTEMPTS, WEBHOOK_BACKOFF_MS). */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/**
 * When the queue tries a pending delivery again after a failed attempt: BullMQ's exponential backoff, the
 * base delay doubled per attempt made (outbox/job-options.ts), counted from the last attempt. Null when
 * nothing is scheduled by the queue: delivered, failed, cancelled, not attempted yet (it goes at once), or
 * out of attempts (the outbox sweep offers it again later, at no fixed time).
 */
export function nextAttemptAt(
  d: Pick<WebhookDelivery, 'status' | 'attempts' | 'attemptLog'>,
  policy: RetryPolicy,
): Date | null {
  const last = d.attemptLog.at(-1);
  if (d.status !== 'pending' || d.attempts === 0 || d.attempts >= policy.attempts || !last) {
    return null;
  }
  return new Date(Date.parse(last.at) + policy.backoffMs * 2 ** (d.attempts - 1));
}
