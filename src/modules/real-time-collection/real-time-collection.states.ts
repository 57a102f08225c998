/**
 * The states of a request for real-time collection of traffic data (UNCC art. 45) or interception of
 * content data (art. 46): DOMAIN.md 4.1 up to ACCEPTED (without PENDING_VALIDATION: the draft is checked at
 * submit), then 4.4: the collection period, its renewals and suspensions, its end, the outcome.
 */
export enum RealTimeCollectionStatus {
  Draft = 'DRAFT',
  Submitted = 'SUBMITTED',
  Received = 'RECEIVED',
  UnderReview = 'UNDER_REVIEW',
  InfoRequested = 'INFO_REQUESTED',
  Consultation = 'CONSULTATION',
  ConditionsProposed = 'CONDITIONS_PROPOSED',
  Accepted = 'ACCEPTED',
  Postponed = 'POSTPONED',
  Collecting = 'COLLECTING',
  RenewalRequested = 'RENEWAL_REQUESTED',
  Suspended = 'SUSPENDED',
  CollectionEnded = 'COLLECTION_ENDED',
  Executed = 'EXECUTED',
  Refused = 'REFUSED',
  Withdrawn = 'WITHDRAWN',
  Closed = 'CLOSED',
}
