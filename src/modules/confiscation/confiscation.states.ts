/**
 * The states of a confiscation and asset-recovery request (DOMAIN.md 4.8; UNCC arts 49-52). A request starts
 * at FREEZE_REQUESTED (art. 50(2): identify, trace, freeze or seize) or directly at CONFISCATION_REQUESTED
 * (art. 50(1)(a) obtain a domestic order, (b) enforce the requesting State's order). LIFT_PROPOSED is the
 * requested State's intention to lift a freeze while the requesting State is given the chance to argue.
 */
export enum ConfiscationStatus {
  Draft = 'DRAFT',
  FreezeRequested = 'FREEZE_REQUESTED',
  Frozen = 'FROZEN',
  LiftProposed = 'LIFT_PROPOSED',
  Lifted = 'LIFTED',
  ConfiscationRequested = 'CONFISCATION_REQUESTED',
  UnderReview = 'UNDER_REVIEW',
  OrderObtained = 'ORDER_OBTAINED',
  OrderRecognised = 'ORDER_RECOGNISED',
  Enforced = 'ENFORCED',
  DisposalDecided = 'DISPOSAL_DECIDED',
  Refused = 'REFUSED',
  Withdrawn = 'WITHDRAWN',
  Closed = 'CLOSED',
}
