import {
  deadlineReminders,
  EmptyPayload,
  followUpEnded,
  followUpReceived,
  NotifyDelayPayload,
  ProposeConditionsPayload,
  requestedApprover,
  requestedOfficer,
  requestingApprover,
  requestingOfficer,
  sendAndDeliver,
  WithdrawPayload,
  type WorkflowMachine,
} from '@/workflows';
import { OpenConsultationPayload } from './payloads/open-consultation.payload';
import { PostponePayload } from './payloads/postpone.payload';
import { ProvideInformationPayload } from './payloads/provide-information.payload';
import { RefusePayload } from './payloads/refuse.payload';
import { RequestInformationPayload } from './payloads/request-information.payload';
import { TransmitResultsPayload } from './payloads/transmit-results.payload';
import { ticketEscalatedToMla } from '@/modules/contact-24-7/contact-24-7.escalation';
import type { MlaRule } from './mla.case-data';
import {
  recordAcceptance,
  recordAcceptedConditions,
  recordAnswers,
  recordClosure,
  recordConsultation,
  recordDelayNotice,
  recordInformationRequest,
  recordPostponement,
  recordProposedConditions,
  recordRefusal,
  recordResults,
  recordResumption,
  recordWithdrawal,
} from './mla.case-writes';
import { postponementEnd, releaseOnFinalResults } from './mla.effects';
import { finalOrPartial, refusalGroundsAllowed, untilIsInTheFuture } from './mla.guards';
import { reminderRules, statusEnquiryRules } from './mla.enquiries';
import { MlaStatus } from './mla.states';

/*
 * The MLA lifecycle table: mutual legal assistance under UNCC arts 40 and 44 (the UNTOC 18 and Budapest 27
 * templates that art. 40 carries), DOMAIN.md 4.1, actions as in API.md "The MLA channel". One row per
 * action, in lifecycle order: who may take it, from which states, to which, on which legal basis. What a
 * row checks, writes to the case file or sets going is named here and defined apart: mla.guards.ts,
 * mla.case-writes.ts, mla.effects.ts (and the engine's shared effects). docs/lifecycles/mla.md is
 * generated from this table (npm run docs:lifecycles).
 */

const S = MlaStatus;

/** Delivered and not yet decided or finished: the counterpart is working on it. */
const IN_HAND = [
  S.Received,
  S.UnderReview,
  S.InfoRequested,
  S.Consultation,
  S.ConditionsProposed,
  S.Accepted,
  S.Postponed,
  S.InExecution,
  S.PartiallyExecuted,
];

/** Sent and not ended: the requesting State may still withdraw it. */
const OPEN = [S.Submitted, ...IN_HAND];

const transitions: MlaRule[] = [
  // submit (DRAFT -> SUBMITTED, requesting officer, complete drafts only) and deliver (-> RECEIVED).
  ...sendAndDeliver({
    action: 'submit',
    draft: S.Draft,
    sent: S.Submitted,
    received: S.Received,
    basis: 'UNCC art. 40 (UNTOC 18(13)-(15))',
    description: 'Send the completed request to the requested central authority',
    deliveryBasis: 'UNCC art. 40 (UNTOC 18(13))',
    // A followed-up preservation is held; a followed-up 24/7 ticket is escalated (each ignores the other's).
    onDelivery: [followUpReceived, deadlineReminders, ticketEscalatedToMla],
  }),
  {
    action: 'acknowledge',
    from: [S.Received],
    to: [S.UnderReview],
    actors: [requestedOfficer],
    basis: 'UNCC art. 40 (UNTOC 18(13))',
    description: 'The requested central authority takes the request up for review',
    payload: EmptyPayload,
  },
  {
    action: 'request-information',
    from: [S.UnderReview],
    to: [S.InfoRequested],
    actors: [requestedOfficer],
    basis: 'UNCC art. 40 (UNTOC 18(16))',
    description: 'Ask the requesting State for additional information',
    payload: RequestInformationPayload,
    apply: recordInformationRequest,
  } satisfies MlaRule<RequestInformationPayload>,
  {
    action: 'provide-information',
    from: [S.InfoRequested],
    to: [S.UnderReview],
    actors: [requestingOfficer],
    basis: 'UNCC art. 40 (UNTOC 18(16))',
    description: 'Answer the questions of the requested State',
    payload: ProvideInformationPayload,
    apply: recordAnswers,
  } satisfies MlaRule<ProvideInformationPayload>,
  {
    action: 'open-consultation',
    from: [S.UnderReview],
    to: [S.Consultation],
    actors: [requestedApprover],
    basis: 'UNCC art. 40 (UNTOC 18(26))',
    description: 'Consult the requesting State before refusing or postponing',
    payload: OpenConsultationPayload,
    apply: recordConsultation,
  } satisfies MlaRule<OpenConsultationPayload>,
  {
    action: 'propose-conditions',
    from: [S.UnderReview, S.Consultation],
    to: [S.ConditionsProposed],
    actors: [requestedApprover],
    basis: 'UNCC art. 40 (UNTOC 18(26); Budapest 27(6))',
    description: 'Offer execution subject to conditions',
    payload: ProposeConditionsPayload,
    apply: recordProposedConditions,
  } satisfies MlaRule<ProposeConditionsPayload>,
  {
    action: 'accept-conditions',
    from: [S.ConditionsProposed],
    to: [S.Accepted],
    actors: [requestingApprover],
    basis: 'UNCC art. 40 (UNTOC 18(26)): accepted conditions bind the requesting State',
    description: 'Accept the conditions; they become binding',
    payload: EmptyPayload,
    apply: recordAcceptedConditions,
  },
  {
    action: 'accept',
    from: [S.UnderReview, S.Consultation],
    to: [S.Accepted],
    actors: [requestedApprover],
    basis: 'UNCC art. 40 (UNTOC 18(17))',
    description: 'Accept the request for execution',
    payload: EmptyPayload,
    apply: recordAcceptance,
  },
  {
    action: 'postpone',
    from: [S.UnderReview, S.Consultation],
    to: [S.Postponed],
    actors: [requestedApprover],
    basis: 'UNCC art. 40 (UNTOC 18(25); Budapest 27(5))',
    description: "Postpone because execution would interfere with the requested State's own proceedings",
    payload: PostponePayload,
    guard: untilIsInTheFuture,
    apply: recordPostponement,
    effects: [postponementEnd],
  } satisfies MlaRule<PostponePayload>,
  {
    action: 'resume',
    from: [S.Postponed],
    to: [S.UnderReview],
    actors: [requestedApprover],
    system: true,
    basis: 'UNCC art. 40 (UNTOC 18(25))',
    description: 'Resume review (manually, or by the timer at `until`)',
    payload: EmptyPayload,
    apply: recordResumption,
  },
  {
    action: 'refuse',
    from: [S.Consultation],
    to: [S.Refused],
    actors: [requestedApprover],
    basis: 'UNCC art. 40 (UNTOC 18(21), (23), (26))',
    description: 'Refuse, after consultation, on a ground of the convention, with reasons',
    payload: RefusePayload,
    guard: refusalGroundsAllowed,
    apply: recordRefusal,
    effects: [followUpEnded],
  } satisfies MlaRule<RefusePayload>,
  {
    action: 'start-execution',
    from: [S.Accepted],
    to: [S.InExecution],
    actors: [requestedOfficer],
    basis: 'UNCC art. 40 (UNTOC 18(17))',
    description: 'Execution starts under the law of the requested State',
    payload: EmptyPayload,
  },
  {
    action: 'transmit-results',
    from: [S.InExecution, S.PartiallyExecuted],
    to: [S.PartiallyExecuted, S.Executed],
    actors: [requestedApprover],
    basis: 'UNCC art. 40 (Budapest 27(6)-(7))',
    description: 'Release results: partial, or final',
    payload: TransmitResultsPayload,
    pickTarget: finalOrPartial,
    apply: recordResults,
    effects: [releaseOnFinalResults],
  } satisfies MlaRule<TransmitResultsPayload>,
  {
    action: 'confirm-receipt',
    from: [S.Executed, S.Refused],
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
    basis: 'UNCC art. 40 (UNTOC 18(24))',
    description: 'Assistance is no longer needed',
    payload: WithdrawPayload,
    apply: recordWithdrawal,
    effects: [followUpEnded],
  } satisfies MlaRule<WithdrawPayload>,
  // Side events: recorded in the history, the status stays.
  ...statusEnquiryRules(IN_HAND),
  {
    action: 'notify-delay',
    from: [S.UnderReview, S.Accepted, S.InExecution, S.PartiallyExecuted],
    to: [],
    keepsStatus: true,
    actors: [requestedOfficer, requestedApprover],
    basis:
      'UNCC art. 40 (Budapest 27(7)): circumstances that make execution impossible or significantly delayed',
    description: 'Tell the requesting State that execution is impossible or significantly delayed',
    payload: NotifyDelayPayload,
    apply: recordDelayNotice,
  } satisfies MlaRule<NotifyDelayPayload>,
  ...reminderRules(IN_HAND),
];

export const mlaMachine: WorkflowMachine = {
  channel: 'mla',
  initial: S.Draft,
  states: Object.values(MlaStatus),
  terminal: [S.Closed, S.Withdrawn],
  transitions,
};
