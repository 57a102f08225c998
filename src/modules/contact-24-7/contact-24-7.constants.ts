/**
 * The 24/7 network channel's queue and its own jobs. These values live in Redis and in the outbox table:
 * renaming one strands the jobs already scheduled under the old name (rename with a data migration).
 */
export const CONTACT_QUEUE = 'contact-24-7';

export enum ContactJob {
  /** A reminder to the requested point of contact when a ticket waits for acknowledgement (art. 41). */
  AcknowledgeRemind = 'ContactAcknowledgeRemind',
  /** A preservation request following the ticket up reached the requested State: the ticket is escalated. */
  EscalateToPreservation = 'ContactEscalateToPreservation',
  /** An MLA request following the ticket up reached the requested State: the ticket is escalated. */
  EscalateToMla = 'ContactEscalateToMla',
}
