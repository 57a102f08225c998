/** The states of a preservation request (DOMAIN.md 4.2; art. 43 disclosures are events inside them, 4.3). */
export enum PreservationStatus {
  Draft = 'DRAFT',
  Sent = 'SENT',
  Received = 'RECEIVED',
  Preserving = 'PRESERVING',
  WarningIssued = 'WARNING_ISSUED',
  Refused = 'REFUSED',
  PreservedActive = 'PRESERVED_ACTIVE',
  ExtensionRequested = 'EXTENSION_REQUESTED',
  HeldPendingMlaDecision = 'HELD_PENDING_MLA_DECISION',
  Expired = 'EXPIRED',
  Released = 'RELEASED',
  Withdrawn = 'WITHDRAWN',
}
