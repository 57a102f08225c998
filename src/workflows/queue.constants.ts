/**
 * Queue and job names. These values live in Redis and in the outbox table: renaming one strands the
 * jobs already scheduled under the old name. Rename only with a drain or a data migration of `outbox`.
 */
export enum QueueName {
  EvidenceSharing = 'evidence-sharing',
}

export enum JobName {
  /** SUBMITTED -> RECEIVED: the request reaches the counterpart's inbox. */
  RequestDeliver = 'RequestDeliver',
  /** POSTPONED -> UNDER_REVIEW when the postponement's `until` is reached. */
  PostponementEnd = 'PostponementEnd',
}

/** Jobs carry ids only; the handler reloads the rows. Same shape for every job today. */
export interface ScheduledTransitionJob {
  outboxId: string;
  requestId: string;
  transitionSeq: number;
}

export type JobPayload = { [K in JobName]: ScheduledTransitionJob };

/** BullMQ priority: lower runs first. Urgent traffic between authorities overtakes routine traffic. */
export const PRIORITY_BY_URGENCY: Record<string, number> = { emergency: 1, urgent: 2, normal: 5 };
