/** The states of a 24/7 network ticket (DOMAIN.md 4.10). */
export enum ContactStatus {
  Draft = 'DRAFT',
  Opened = 'OPENED',
  Received = 'RECEIVED',
  Acknowledged = 'ACKNOWLEDGED',
  Routed = 'ROUTED',
  Answered = 'ANSWERED',
  EscalatedToPreservation = 'ESCALATED_TO_PRESERVATION',
  EscalatedToMla = 'ESCALATED_TO_MLA',
  Closed = 'CLOSED',
  Withdrawn = 'WITHDRAWN',
}
