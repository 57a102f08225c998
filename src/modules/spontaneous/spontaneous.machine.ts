import {
  deliverToCounterpart,
  EmptyPayload,
  requestedApprover,
  requestedOfficer,
  requestingApprover,
  requestingOfficer,
  type WorkflowMachine,
} from '@/workflows';
import {
  CancelOfferPayload,
  DeclineConditionsPayload,
  LogUsePayload,
  NotifyExculpatoryDisclosurePayload,
  ReviseConditionsPayload,
  TransmitInformationPayload,
} from './payloads/spontaneous.payloads';
import type { SpontaneousRule } from './spontaneous.case-data';
import {
  recordAcceptance,
  recordCancellation,
  recordClosure,
  recordDecline,
  recordDelivery,
  recordExculpatoryNotice,
  recordOffer,
  recordRevisedConditions,
  recordTransmission,
  recordTransmissionWithoutConditions,
  recordUse,
} from './spontaneous.case-writes';
import { declinedConditionsExist, deliveredOnce } from './spontaneous.guards';
import { SpontaneousStatus } from './spontaneous.states';

/*
 * The spontaneous information table: information one State offers another without a prior request (UNCC
 * art. 40, with the UNTOC 18(4)-(5) and Budapest 26 templates; art. 51 for proceeds of crime, the same
 * channel with details.kind), DOMAIN.md 4.9. The requesting side is the sender, the requested side the
 * receiver. One row per action, in lifecycle order: who may take it, from which states, to which, on which
 * legal basis. What a row checks or writes is named here and defined apart: spontaneous.guards.ts,
 * spontaneous.case-writes.ts. No legal period applies to this channel, so it sets no clock.
 * docs/lifecycles/spontaneous.md is generated from this table (npm run docs:lifecycles).
 */

const S = SpontaneousStatus;

/** The receiver has the information: it accounts for its use and gives exculpatory-disclosure notice. */
const HELD = [S.Transmitted, S.UseLogged];

const transitions: SpontaneousRule[] = [
  {
    action: 'offer',
    from: [S.Draft],
    to: [S.Offered],
    actors: [requestingOfficer],
    basis:
      'UNCC art. 40 (UNTOC 18(4); Budapest 26(1)-(2): conditions set before sending); art. 51 for proceeds [GK]',
    description: 'Offer the information, with its conditions, to the receiving State',
    payload: EmptyPayload,
    requiresComplete: true,
    apply: recordOffer,
    effects: [deliverToCounterpart],
  },
  {
    action: 'deliver',
    from: [S.Offered],
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: 'UNCC art. 40 (UNTOC 18(4))',
    description: "The request reaches the counterpart's inbox (delivery job)",
    availableWhen: deliveredOnce,
    apply: recordDelivery,
  },
  {
    action: 'accept-conditions',
    from: [S.Offered],
    to: [S.ConditionsAccepted],
    actors: [requestedApprover],
    basis: 'UNCC art. 40 (UNTOC 18(5); Budapest 26(2)): accepted conditions bind the receiving State',
    description: 'Accept the conditions; they become binding',
    payload: EmptyPayload,
    apply: recordAcceptance,
  },
  {
    action: 'decline-conditions',
    from: [S.Offered],
    to: [S.ConditionsDeclined],
    actors: [requestedApprover],
    basis: 'UNCC art. 40 (Budapest 26(2)): a receiver that cannot comply with the conditions says so',
    description: 'Say that the conditions cannot be complied with; the sender decides',
    payload: DeclineConditionsPayload,
    guard: declinedConditionsExist,
    apply: recordDecline,
  } satisfies SpontaneousRule<DeclineConditionsPayload>,
  {
    action: 'revise-conditions',
    from: [S.ConditionsDeclined],
    to: [S.Offered],
    actors: [requestingApprover],
    basis: 'UNCC art. 40 (Budapest 26(2)): the sender decides; a new offer on other conditions [DESIGN]',
    description: 'Offer the information again on other conditions',
    payload: ReviseConditionsPayload,
    apply: recordRevisedConditions,
  } satisfies SpontaneousRule<ReviseConditionsPayload>,
  {
    action: 'transmit',
    from: [S.ConditionsAccepted],
    to: [S.Transmitted],
    actors: [requestingApprover],
    basis: 'UNCC art. 40 (UNTOC 18(4)-(5)): transmitted under the accepted conditions',
    description: 'Transmit the information (documents with their SHA-256) under the accepted conditions',
    payload: TransmitInformationPayload,
    apply: recordTransmission,
  } satisfies SpontaneousRule<TransmitInformationPayload>,
  {
    action: 'transmit-without-conditions',
    from: [S.ConditionsDeclined],
    to: [S.Transmitted],
    actors: [requestingApprover],
    basis: 'UNCC art. 40 (Budapest 26(2)): the sender decides to provide the information nonetheless',
    description: 'Transmit the information after the decline, without the declined conditions',
    payload: TransmitInformationPayload,
    apply: recordTransmissionWithoutConditions,
  } satisfies SpontaneousRule<TransmitInformationPayload>,
  {
    action: 'cancel',
    from: [S.Offered, S.ConditionsAccepted, S.ConditionsDeclined],
    to: [S.Cancelled],
    actors: [requestingApprover],
    basis:
      "UNCC art. 40 (UNTOC 18(5): without prejudice to the sender's own proceedings; Budapest 26(2): the sender decides)",
    description: 'Withdraw the offer before the information is transmitted',
    payload: CancelOfferPayload,
    apply: recordCancellation,
  } satisfies SpontaneousRule<CancelOfferPayload>,
  {
    action: 'log-use',
    from: HELD,
    to: [S.UseLogged],
    actors: [requestedOfficer],
    basis:
      'UNCC art. 40 (UNTOC 18(5)): use within the accepted restrictions; an account of use as in Budapest 28(4) [DESIGN]',
    description: 'Record what the receiving State did with the information',
    payload: LogUsePayload,
    apply: recordUse,
  } satisfies SpontaneousRule<LogUsePayload>,
  {
    action: 'notify-exculpatory-disclosure',
    from: HELD,
    to: [],
    keepsStatus: true,
    actors: [requestedApprover],
    basis: 'UNCC art. 40 (UNTOC 18(5)): exculpatory information may be disclosed, with prior notice',
    description: 'Give notice that exculpatory information will be disclosed in proceedings',
    payload: NotifyExculpatoryDisclosurePayload,
    apply: recordExculpatoryNotice,
  } satisfies SpontaneousRule<NotifyExculpatoryDisclosurePayload>,
  {
    action: 'close',
    from: HELD,
    to: [S.Closed],
    actors: [requestingOfficer],
    basis: 'Domestic law (retention starts); the receiving State stays bound by the accepted conditions',
    description: 'The requesting side closes the case',
    payload: EmptyPayload,
    apply: recordClosure,
  },
];

export const spontaneousMachine: WorkflowMachine = {
  channel: 'spontaneous',
  initial: S.Draft,
  states: Object.values(SpontaneousStatus),
  terminal: [S.Cancelled, S.Closed],
  transitions,
};
