/**
 * The states of a transfer of a sentenced person (art. 38) or of criminal proceedings (art. 39), DOMAIN.md
 * 4.6. DRAFT is where the proposal is prepared; AWAITING_CONFIRMATION is the sheet's "both must agree": the
 * counterpart agreed on terms and the proposer confirms them (or withdraws).
 */
export enum TransferStatus {
  Draft = 'DRAFT',
  Proposed = 'PROPOSED',
  UnderConsideration = 'UNDER_CONSIDERATION',
  ConsentPending = 'CONSENT_PENDING',
  AwaitingConfirmation = 'AWAITING_CONFIRMATION',
  Agreed = 'AGREED',
  Declined = 'DECLINED',
  Withdrawn = 'WITHDRAWN',
  Executed = 'EXECUTED',
  Closed = 'CLOSED',
}
