/**
 * Queue and job names. These values live in Redis and in the outbox table: renaming one strands the
 * jobs already scheduled under the old name. Rename only with a drain or a data migration of `outbox`.
 */
export enum QueueName {
  EvidenceSharing = 'evidence-sharing',
  Preservation = 'preservation',
  Extradition = 'extradition',
  Notifications = 'notifications',
}

export enum JobName {
  /** SUBMITTED -> RECEIVED: the request reaches the counterpart's inbox. */
  RequestDeliver = 'RequestDeliver',
  /** POSTPONED -> UNDER_REVIEW when the postponement's `until` is reached. */
  PostponementEnd = 'PostponementEnd',
  /** A reminder before, and at, a request's suggested deadline. */
  DeadlineRemind = 'DeadlineRemind',
  /** A reminder when a status enquiry stays unanswered. */
  EnquiryRemind = 'EnquiryRemind',
  /** A preservation's period ends (art. 42). */
  PreservationExpire = 'PreservationExpire',
  /** Reminders to the requesting side before a preservation expires. */
  PreservationExpiryRemind = 'PreservationExpiryRemind',
  /** The follow-up request (e.g. MLA after a preservation) reached the requested State. */
  FollowUpReceive = 'FollowUpReceive',
  /** The follow-up request was decided or ended. */
  FollowUpEnd = 'FollowUpEnd',
  /** A provisional arrest lapses when no formal extradition request arrived in time. */
  ProvisionalArrestLapse = 'ProvisionalArrestLapse',
  /** POST an event to an authority's webhook. */
  WebhookDeliver = 'WebhookDeliver',
}

/** Jobs carry ids only; the handler reloads the rows. Same shape for every job today. */
export interface ScheduledJob {
  outboxId: string;
  requestId: string;
  transitionSeq: number;
}

export type JobPayload = { [K in JobName]: ScheduledJob };

/** BullMQ priority: lower runs first. Urgent traffic between authorities overtakes routine traffic. */
export const PRIORITY_BY_URGENCY: Record<string, number> = { emergency: 1, urgent: 2, normal: 5 };
