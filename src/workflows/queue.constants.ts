/**
 * The engine's own job names. Each channel names its queue and its channel-specific jobs in its own folder
 * (e.g. `PreservationJob` in src/modules/preservation). These values live in Redis and in the outbox table:
 * renaming one strands the jobs already scheduled under the old name. Rename only with a data migration of
 * `outbox` (see the migration that renamed the `evidence-sharing` queue to `mla`): the sweep then re-offers
 * the renamed rows, and stale jobs under the old name find nobody and are harmless.
 */
export enum JobName {
  /** SUBMITTED -> RECEIVED: the request reaches the counterpart's inbox. */
  RequestDeliver = 'RequestDeliver',
  /** A reminder before, and at, a request's suggested deadline. */
  DeadlineRemind = 'DeadlineRemind',
  /** A reminder when a status enquiry stays unanswered. */
  EnquiryRemind = 'EnquiryRemind',
  /** The follow-up request (e.g. MLA after a preservation) reached the requested State. */
  FollowUpReceive = 'FollowUpReceive',
  /** The follow-up request was decided or ended. */
  FollowUpEnd = 'FollowUpEnd',
}

/** Jobs carry ids only; the handler reloads the rows. Same shape for every job. */
export interface ScheduledJob {
  outboxId: string;
  requestId: string;
  transitionSeq: number;
}

/** BullMQ priority: lower runs first. Urgent traffic between authorities overtakes routine traffic. */
export const PRIORITY_BY_URGENCY: Record<string, number> = { emergency: 1, urgent: 2, normal: 5 };
