/** The states of an extradition request, with or without a provisional arrest first (DOMAIN.md 4.5). */
export enum ExtraditionStatus {
  Draft = 'DRAFT',
  PaRequested = 'PA_REQUESTED',
  PaExecuted = 'PA_EXECUTED',
  PaLapsed = 'PA_LAPSED',
  FormalRequestSubmitted = 'FORMAL_REQUEST_SUBMITTED',
  UnderJudicialReview = 'UNDER_JUDICIAL_REVIEW',
  Consultation = 'CONSULTATION',
  Granted = 'GRANTED',
  GrantedConditional = 'GRANTED_CONDITIONAL',
  Refused = 'REFUSED',
  ReferredForDomesticProsecution = 'REFERRED_FOR_DOMESTIC_PROSECUTION',
  Surrendered = 'SURRENDERED',
  Withdrawn = 'WITHDRAWN',
  Closed = 'CLOSED',
}
