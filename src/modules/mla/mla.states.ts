/** The states of an MLA request (DOMAIN.md 4.1, without PENDING_VALIDATION: the draft is checked at submit). */
export enum MlaStatus {
  Draft = 'DRAFT',
  Submitted = 'SUBMITTED',
  Received = 'RECEIVED',
  UnderReview = 'UNDER_REVIEW',
  InfoRequested = 'INFO_REQUESTED',
  Consultation = 'CONSULTATION',
  ConditionsProposed = 'CONDITIONS_PROPOSED',
  Accepted = 'ACCEPTED',
  Postponed = 'POSTPONED',
  InExecution = 'IN_EXECUTION',
  PartiallyExecuted = 'PARTIALLY_EXECUTED',
  Executed = 'EXECUTED',
  Refused = 'REFUSED',
  Withdrawn = 'WITHDRAWN',
  Closed = 'CLOSED',
}
