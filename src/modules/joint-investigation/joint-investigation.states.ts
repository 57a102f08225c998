/**
 * The states of a joint investigation team (DOMAIN.md 4.7). An extension keeps the team ACTIVE (its end
 * moves once every party agreed; the extensions are listed in the case file) rather than a state of its own.
 */
export enum JitStatus {
  Draft = 'DRAFT',
  Proposed = 'PROPOSED',
  Negotiating = 'NEGOTIATING',
  AgreementSigned = 'AGREEMENT_SIGNED',
  Active = 'ACTIVE',
  Ended = 'ENDED',
  Evaluated = 'EVALUATED',
  Closed = 'CLOSED',
  Declined = 'DECLINED',
  Withdrawn = 'WITHDRAWN',
}
