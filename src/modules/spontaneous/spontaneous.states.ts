/**
 * The states of a spontaneous information offer (DOMAIN.md 4.9). DRAFT is the sheet's OFFER_DRAFTED, and
 * CONDITIONS_DECLINED is its SENDER_DECIDES: nothing happens between the decline and the sender's decision.
 */
export enum SpontaneousStatus {
  Draft = 'DRAFT',
  Offered = 'OFFERED',
  ConditionsAccepted = 'CONDITIONS_ACCEPTED',
  ConditionsDeclined = 'CONDITIONS_DECLINED',
  Transmitted = 'TRANSMITTED',
  UseLogged = 'USE_LOGGED',
  Cancelled = 'CANCELLED',
  Closed = 'CLOSED',
}
