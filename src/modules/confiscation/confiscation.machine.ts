import {
  deadlineReminders,
  deliverToCounterpart,
  EmptyPayload,
  requestedApprover,
  requestedOfficer,
  requestingOfficer,
  WithdrawPayload,
  type WorkflowMachine,
} from '@/workflows';
import {
  recordAnswers,
  recordClosure,
  recordInformationRequest,
  recordRefusal,
  recordWithdrawal,
} from '@/modules/mla/mla.case-writes';
import { reminderRules, statusEnquiryRules } from '@/modules/mla/mla.enquiries';
import { refusalGroundsAllowed } from '@/modules/mla/mla.guards';
import { ProvideInformationPayload } from '@/modules/mla/payloads/provide-information.payload';
import { RequestInformationPayload } from '@/modules/mla/payloads/request-information.payload';
import type { ConfiscationRule } from './confiscation.case-data';
import {
  recordArgumentPeriodEnd,
  recordArgumentReminder,
  recordClaim,
  recordClaimResolution,
  recordConfiscationRequest,
  recordConsultation,
  recordDelivery,
  recordDisposal,
  recordDomesticOrder,
  recordEnforcement,
  recordFreezing,
  recordKeptFrozen,
  recordLiftArguments,
  recordLiftProposal,
  recordLifted,
  recordRecognition,
  recordSubmission,
} from './confiscation.case-writes';
import { liftArgumentPeriodEnd, liftArgumentReminder } from './confiscation.effects';
import {
  asksForDomesticOrder,
  asksForEnforcement,
  claimIsOpen,
  claimOpen,
  confiscationContentsComplete,
  consultedInThisPhase,
  deliveredOnce,
  disposalAddsUp,
  firstStatus,
  heardOrPeriodEnded,
  noOpenClaims,
  notYetArgued,
  propertiesExist,
  questionsOpen,
  respondByInTheFuture,
} from './confiscation.guards';
import { ConfiscationStatus } from './confiscation.states';
import {
  ArgueAgainstLiftPayload,
  ConfiscationConsultationPayload,
  ConfiscationRefusePayload,
  DecideDisposalPayload,
  EnforcePayload,
  FreezePayload,
  KeepFrozenPayload,
  LiftPayload,
  ObtainOrderPayload,
  ProposeLiftPayload,
  RecogniseOrderPayload,
  RecordThirdPartyClaimPayload,
  RequestConfiscationPayload,
  ResolveThirdPartyClaimPayload,
} from './payloads/confiscation.payloads';

/*
 * The confiscation and asset-recovery table: freezing or seizure for confiscation (UNCC art. 50(2)),
 * confiscation by a domestic order or by enforcing the requesting State's order (art. 50(1)(a), (b)), the
 * mechanisms of art. 49 and domestic confiscation of art. 31 behind them, enforcement and disposal (art. 52),
 * with the UNTOC 13 and 14 templates; art. 40 applies mutatis mutandis (UNTOC 13(3)). DOMAIN.md 4.8 and
 * 3.14. One row per action, in lifecycle order: who may take it, from which states, to which, on which
 * legal basis ([GK] where the UN wording is from memory). What a row checks, writes or sets going is named
 * here and defined apart: confiscation.guards.ts, confiscation.case-writes.ts, confiscation.effects.ts (and
 * the MLA channel's writes for the steps art. 40 shares). docs/lifecycles/confiscation.md is generated from
 * this table (npm run docs:lifecycles).
 */

const S = ConfiscationStatus;

/** Decided where a refusal is possible: the freeze request, and the confiscation request under review. */
const DECIDING = [S.FreezeRequested, S.UnderReview];

/** The property is held (frozen, seized or under a confiscation order): third parties may claim it. */
const HELD = [
  S.Frozen,
  S.LiftProposed,
  S.ConfiscationRequested,
  S.UnderReview,
  S.OrderObtained,
  S.OrderRecognised,
  S.Enforced,
];

/** Delivered and not ended: the requesting State may ask about it. */
const IN_HAND = [S.FreezeRequested, ...HELD, S.DisposalDecided];

/** Not yet enforced: the requesting State may still withdraw it. */
const OPEN = [
  S.FreezeRequested,
  S.Frozen,
  S.LiftProposed,
  S.ConfiscationRequested,
  S.UnderReview,
  S.OrderObtained,
  S.OrderRecognised,
];

const transitions: ConfiscationRule[] = [
  {
    action: 'submit',
    from: [S.Draft],
    to: [S.FreezeRequested, S.ConfiscationRequested],
    actors: [requestingOfficer],
    basis:
      'UNCC art. 50(2) (UNTOC 13(2)) for freezing or seizure; art. 50(1) (UNTOC 13(1)) for confiscation; contents art. 50(3) (UNTOC 13(3))',
    description: 'Send the completed request to the requested central authority',
    payload: EmptyPayload,
    requiresComplete: true,
    pickTarget: firstStatus,
    apply: recordSubmission,
    effects: [deliverToCounterpart],
  },
  {
    action: 'deliver',
    from: [S.FreezeRequested, S.ConfiscationRequested],
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: 'UNCC art. 50(3) with art. 40 (UNTOC 18(13))',
    description: "The request reaches the counterpart's inbox (delivery job)",
    availableWhen: deliveredOnce,
    apply: recordDelivery,
    effects: [deadlineReminders],
  },
  {
    action: 'request-information',
    from: DECIDING,
    to: [],
    keepsStatus: true,
    actors: [requestedOfficer],
    basis: 'UNCC art. 50(3) with art. 40 (UNTOC 18(16)); art. 50 [GK]: sufficient and timely evidence',
    description: 'Ask the requesting State for additional information',
    payload: RequestInformationPayload,
    apply: recordInformationRequest,
  } satisfies ConfiscationRule<RequestInformationPayload>,
  {
    action: 'provide-information',
    from: DECIDING,
    to: [],
    keepsStatus: true,
    actors: [requestingOfficer],
    basis: 'UNCC art. 50(3) with art. 40 (UNTOC 18(16))',
    description: 'Answer the questions of the requested State',
    payload: ProvideInformationPayload,
    availableWhen: questionsOpen,
    apply: recordAnswers,
  } satisfies ConfiscationRule<ProvideInformationPayload>,
  {
    action: 'freeze',
    from: [S.FreezeRequested],
    to: [S.Frozen],
    actors: [requestedApprover],
    basis: 'UNCC art. 50(2) (UNTOC 13(2)); art. 49 [GK]: freezing or seizure on a foreign request',
    description: 'The property is frozen or seized under a domestic order, for later confiscation',
    payload: FreezePayload,
    guard: propertiesExist,
    apply: recordFreezing,
  } satisfies ConfiscationRule<FreezePayload>,
  {
    action: 'open-consultation',
    from: DECIDING,
    to: [],
    keepsStatus: true,
    actors: [requestedApprover],
    basis: 'UNCC art. 50 with art. 40 (UNTOC 13(3), 18(26)): consultation before refusal',
    description: 'Consult the requesting State before refusing, naming the intended grounds',
    payload: ConfiscationConsultationPayload,
    apply: recordConsultation,
  } satisfies ConfiscationRule<ConfiscationConsultationPayload>,
  {
    action: 'refuse',
    from: DECIDING,
    to: [S.Refused],
    actors: [requestedApprover],
    basis:
      'UNCC art. 50 with art. 40 (UNTOC 18(21)-(23)); art. 50 [GK]: evidence not sufficient or timely, property of minimal value',
    description: 'Refuse, after consultation, on a ground of the convention, with reasons',
    payload: ConfiscationRefusePayload,
    availableWhen: consultedInThisPhase,
    guard: refusalGroundsAllowed,
    apply: recordRefusal,
  } satisfies ConfiscationRule<ConfiscationRefusePayload>,
  {
    action: 'propose-lift',
    from: [S.Frozen],
    to: [S.LiftProposed],
    actors: [requestedApprover],
    basis:
      'UNCC art. 50 [GK]: before lifting a provisional measure, the requesting State is given the opportunity to present its reasons',
    description: 'Announce the intention to lift the measure; the requesting State may argue until respondBy',
    payload: ProposeLiftPayload,
    guard: respondByInTheFuture,
    apply: recordLiftProposal,
    effects: [liftArgumentPeriodEnd, liftArgumentReminder],
  } satisfies ConfiscationRule<ProposeLiftPayload>,
  {
    action: 'argue-against-lift',
    from: [S.LiftProposed],
    to: [],
    keepsStatus: true,
    actors: [requestingOfficer],
    basis: 'UNCC art. 50 [GK]: the requesting State presents its reasons for keeping the measure',
    description: 'Give the reasons for keeping the measure, with any further evidence',
    payload: ArgueAgainstLiftPayload,
    availableWhen: notYetArgued,
    apply: recordLiftArguments,
  } satisfies ConfiscationRule<ArgueAgainstLiftPayload>,
  {
    action: 'end-argument-period',
    from: [S.LiftProposed],
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: 'UNCC art. 50 [GK]',
    description: 'The period to argue against the lifting has ended (timer)',
    apply: recordArgumentPeriodEnd,
  },
  {
    action: 'remind-lift-argument',
    from: [S.LiftProposed],
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: 'UNCC art. 50 [GK]',
    description: 'Reminder to the requesting State before its period to argue ends (timer)',
    apply: recordArgumentReminder,
  },
  {
    action: 'keep-frozen',
    from: [S.LiftProposed],
    to: [S.Frozen],
    actors: [requestedApprover],
    basis: 'UNCC art. 50 [GK]: the measure is kept after hearing the requesting State',
    description: 'Keep the measure in place',
    payload: KeepFrozenPayload,
    apply: recordKeptFrozen,
  } satisfies ConfiscationRule<KeepFrozenPayload>,
  {
    action: 'lift',
    from: [S.LiftProposed],
    to: [S.Lifted],
    actors: [requestedApprover],
    basis:
      'UNCC art. 50 [GK]: provisional measures lifted (evidence not sufficient or timely, minimal value), after the requesting State was heard or its period ended',
    description: 'Lift the freeze or seizure',
    payload: LiftPayload,
    availableWhen: heardOrPeriodEnded,
    apply: recordLifted,
  } satisfies ConfiscationRule<LiftPayload>,
  {
    action: 'request-confiscation',
    from: [S.Frozen],
    to: [S.ConfiscationRequested],
    actors: [requestingOfficer],
    basis:
      'UNCC art. 50(1)(a)-(b) (UNTOC 13(1)); contents art. 50(3)(a)-(b) (UNTOC 13(3)), UN additions [GK]',
    description: 'Ask for confiscation of the frozen property: a domestic order, or enforcement of ours',
    payload: RequestConfiscationPayload,
    guard: confiscationContentsComplete,
    apply: recordConfiscationRequest,
  } satisfies ConfiscationRule<RequestConfiscationPayload>,
  {
    action: 'acknowledge',
    from: [S.ConfiscationRequested],
    to: [S.UnderReview],
    actors: [requestedOfficer],
    basis: 'UNCC art. 50(1) with art. 40 (UNTOC 13(1), 18(13))',
    description: 'The requested central authority takes the confiscation request up for review',
    payload: EmptyPayload,
  },
  {
    action: 'obtain-order',
    from: [S.UnderReview],
    to: [S.OrderObtained],
    actors: [requestedApprover],
    basis:
      "UNCC art. 50(1)(a) (UNTOC 13(1)(a)): the requested State's competent authority issues its own order",
    description: 'A domestic confiscation order was obtained',
    payload: ObtainOrderPayload,
    availableWhen: asksForDomesticOrder,
    guard: propertiesExist,
    apply: recordDomesticOrder,
  } satisfies ConfiscationRule<ObtainOrderPayload>,
  {
    action: 'recognise-order',
    from: [S.UnderReview],
    to: [S.OrderRecognised],
    actors: [requestedApprover],
    basis: "UNCC art. 50(1)(b) (UNTOC 13(1)(b)); art. 49 [GK]: effect given to the requesting State's order",
    description: "The requesting State's confiscation order is given effect, in full or in part",
    payload: RecogniseOrderPayload,
    availableWhen: asksForEnforcement,
    apply: recordRecognition,
  } satisfies ConfiscationRule<RecogniseOrderPayload>,
  {
    action: 'enforce',
    from: [S.OrderObtained, S.OrderRecognised],
    to: [S.Enforced],
    actors: [requestedApprover],
    basis: 'UNCC art. 50(1) (UNTOC 13(1)): the order is enforced to the extent requested',
    description: 'The confiscation order is enforced',
    payload: EnforcePayload,
    apply: recordEnforcement,
  } satisfies ConfiscationRule<EnforcePayload>,
  {
    action: 'decide-disposal',
    from: [S.Enforced],
    to: [S.DisposalDecided],
    actors: [requestedApprover],
    basis:
      'UNCC art. 52 (UNTOC 14(1)-(3)): returned as a priority where asked and allowed, shared or retained; reasonable costs deducted [GK]',
    description: 'Decide how the confiscated property is disposed of, with the costs deducted',
    payload: DecideDisposalPayload,
    availableWhen: noOpenClaims,
    guard: disposalAddsUp,
    apply: recordDisposal,
  } satisfies ConfiscationRule<DecideDisposalPayload>,
  {
    action: 'close',
    from: [S.DisposalDecided, S.Refused, S.Lifted],
    to: [S.Closed],
    actors: [requestingOfficer],
    basis: 'UNCC art. 36 and domestic law (retention starts)',
    description: 'The requesting side confirms receipt of the outcome; the case closes',
    payload: EmptyPayload,
    apply: recordClosure,
  },
  {
    action: 'withdraw',
    from: OPEN,
    to: [S.Withdrawn],
    actors: [requestingOfficer],
    basis: 'UNCC art. 50 with art. 40 (UNTOC 18(24))',
    description: 'The freezing or confiscation is no longer needed',
    payload: WithdrawPayload,
    apply: recordWithdrawal,
  } satisfies ConfiscationRule<WithdrawPayload>,
  // Side events: recorded in the history, the status stays.
  {
    action: 'record-third-party-claim',
    from: HELD,
    to: [],
    keepsStatus: true,
    actors: [requestedOfficer],
    basis: 'UNCC art. 50 (UNTOC 13(8)): the rights of bona fide third parties',
    description: 'Record a claim of a bona fide third party to the property',
    payload: RecordThirdPartyClaimPayload,
    guard: propertiesExist,
    apply: recordClaim,
  } satisfies ConfiscationRule<RecordThirdPartyClaimPayload>,
  {
    action: 'resolve-third-party-claim',
    from: HELD,
    to: [],
    keepsStatus: true,
    actors: [requestedApprover],
    basis: 'UNCC art. 50 (UNTOC 13(8))',
    description: "Record the decision on a third party's claim",
    payload: ResolveThirdPartyClaimPayload,
    availableWhen: claimOpen,
    guard: claimIsOpen,
    apply: recordClaimResolution,
  } satisfies ConfiscationRule<ResolveThirdPartyClaimPayload>,
  ...statusEnquiryRules(IN_HAND),
  ...reminderRules(IN_HAND),
];

export const confiscationMachine: WorkflowMachine = {
  channel: 'confiscation',
  initial: S.Draft,
  states: Object.values(ConfiscationStatus),
  terminal: [S.Closed, S.Withdrawn],
  transitions,
};
