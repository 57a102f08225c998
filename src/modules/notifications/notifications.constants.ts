/**
 * The webhook deliveries' queue and job. These values live in Redis and in the outbox table: renaming one
 * strands the jobs already scheduled under the old name (rename with a data migration of `outbox`).
 */
export const NOTIFICATIONS_QUEUE = 'notifications';

export enum NotificationJob {
  /** POST an event to an authority's webhook. */
  WebhookDeliver = 'WebhookDeliver',
}
