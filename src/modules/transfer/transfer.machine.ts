import {
  deliverToCounterpart,
  EmptyPayload,
  requestedApprover,
  requestedOfficer,
  requestingApprover,
  requestingOfficer,
  WithdrawPayload,
  type WorkflowMachine,
} from '@/workflows';
import {
  AcknowledgeReceiptPayload,
  AgreeTransferPayload,
  DeclineTransferPayload,
  ExecuteTransferPayload,
  RecordConsentPayload,
  RefuseConsentPayload,
  ReportOutcomePayload,
  VerifyConsentPayload,
} from './payloads/transfer.payloads';
import type { TransferRule } from './transfer.case-data';
import {
  recordAgreement,
  recordClosure,
  recordConfirmation,
  recordConsent,
  recordConsentRefusal,
  recordConsentSought,
  recordConsentVerification,
  recordConsideration,
  recordDecline,
  recordDelivery,
  recordExecution,
  recordOutcome,
  recordProposal,
  recordReceipt,
  recordUnansweredReminder,
  recordWithdrawal,
} from './transfer.case-writes';
import { proposalReminder } from './transfer.effects';
import {
  agreementFitsKind,
  byAdministeringState,
  byReceivingState,
  bySentencingState,
  consentSettled,
  consentToSeek,
  consentToVerify,
  deliveredOnce,
  executionFitsKind,
  outcomeFitsKind,
  receiptAcknowledged,
  receiptOutstanding,
} from './transfer.guards';
import { TransferStatus } from './transfer.states';

/*
 * The transfer table: transfer of a sentenced person (UNCC art. 38, UNTOC 17) or of criminal proceedings
 * (art. 39, UNTOC 21), one channel with details.kind, DOMAIN.md 4.6. Either State may propose: the proposer
 * is the requesting side, and its details say whether it is the sentencing or the administering State, the
 * State handing the proceedings over or the one asking to take them. Both must agree: the counterpart agrees
 * on terms, the proposer confirms them. Neither article sets a procedure; consent, its verification and
 * the enforcement come from the arrangement (e.g. CoE 1983 Convention) [GK]. One row per action, in
 * lifecycle order; what a row checks, writes and sets going is in transfer.guards.ts, transfer.case-writes.ts
 * and transfer.effects.ts. docs/lifecycles/transfer.md is generated from this table.
 */

const S = TransferStatus;

/** Rows the proposer may withdraw from: anything before execution. */
const BEFORE_EXECUTION = [
  S.Proposed,
  S.UnderConsideration,
  S.ConsentPending,
  S.AwaitingConfirmation,
  S.Agreed,
];
/** Where the administering State may verify a recorded consent. */
const CONSENT_RECORDED = [S.UnderConsideration, S.AwaitingConfirmation, S.Agreed];
const BOTH_OFFICERS = [requestingOfficer, requestedOfficer];
const ART = 'UNCC art. 38 (UNTOC 17) or art. 39 (UNTOC 21)';

const transitions: TransferRule[] = [
  {
    action: 'propose',
    from: [S.Draft],
    to: [S.Proposed],
    actors: [requestingOfficer],
    basis: `${ART}: either State may propose, under the arrangement named in the proposal [GK]`,
    description: 'Propose the transfer to the other State',
    payload: EmptyPayload,
    requiresComplete: true,
    apply: recordProposal,
    effects: [deliverToCounterpart, proposalReminder],
  },
  {
    action: 'deliver',
    from: [S.Proposed],
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: ART,
    description: "The request reaches the counterpart's inbox (delivery job)",
    availableWhen: deliveredOnce,
    apply: recordDelivery,
  },
  {
    action: 'consider',
    from: [S.Proposed],
    to: [S.UnderConsideration],
    actors: [requestedOfficer],
    basis: ART,
    description: 'The counterpart takes the proposal up',
    payload: EmptyPayload,
    apply: recordConsideration,
  },
  {
    action: 'remind-unanswered',
    from: [S.Proposed, S.UnderConsideration],
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: `${ART} fix no period; the period is configured [DESIGN]`,
    description: 'Reminder to the proposer: the counterpart has not answered the proposal',
    apply: recordUnansweredReminder,
  },
  {
    action: 'seek-consent',
    from: [S.UnderConsideration],
    to: [S.ConsentPending],
    actors: BOTH_OFFICERS,
    basis:
      "UNCC art. 38: the sentenced person's consent [GK] (CoE 1983 art. 3(1)(d), where the arrangement requires it [GK])",
    description: "Seek the sentenced person's consent",
    payload: EmptyPayload,
    availableWhen: consentToSeek,
    apply: recordConsentSought,
  },
  {
    action: 'record-consent',
    from: [S.ConsentPending],
    to: [S.UnderConsideration],
    actors: BOTH_OFFICERS,
    basis:
      'UNCC art. 38 [GK]; CoE 1983 art. 7(1): the sentencing State ensures consent is voluntary and informed [GK]',
    description: 'The sentencing State records the consent: when, by whom, how obtained',
    payload: RecordConsentPayload,
    actorWhen: bySentencingState,
    apply: recordConsent,
  } satisfies TransferRule<RecordConsentPayload>,
  {
    action: 'refuse-consent',
    from: [S.ConsentPending],
    to: [S.Declined],
    actors: BOTH_OFFICERS,
    basis: 'UNCC art. 38 [GK]; CoE 1983 art. 3(1)(d): no transfer without the required consent [GK]',
    description: 'The sentenced person refused consent; the transfer ends',
    payload: RefuseConsentPayload,
    actorWhen: bySentencingState,
    apply: recordConsentRefusal,
  } satisfies TransferRule<RefuseConsentPayload>,
  {
    action: 'verify-consent',
    from: CONSENT_RECORDED,
    to: [],
    keepsStatus: true,
    actors: BOTH_OFFICERS,
    basis: 'CoE 1983 art. 7(2): the administering State verifies the consent through a consul [GK]',
    description: 'The administering State verifies the consent through its consul or another official',
    payload: VerifyConsentPayload,
    availableWhen: consentToVerify,
    actorWhen: byAdministeringState,
    apply: recordConsentVerification,
  } satisfies TransferRule<VerifyConsentPayload>,
  {
    action: 'agree',
    from: [S.UnderConsideration],
    to: [S.AwaitingConfirmation],
    actors: [requestedApprover],
    basis: `${ART}: both States agree; the counterpart agrees on terms`,
    description: 'The counterpart agrees to the transfer, on terms the proposer is to confirm',
    payload: AgreeTransferPayload,
    availableWhen: consentSettled,
    guard: agreementFitsKind,
    apply: recordAgreement,
  } satisfies TransferRule<AgreeTransferPayload>,
  {
    action: 'confirm-agreement',
    from: [S.AwaitingConfirmation],
    to: [S.Agreed],
    actors: [requestingApprover],
    basis: `${ART}: both States agree; the proposer confirms the terms`,
    description: "The proposer confirms the counterpart's terms: the transfer is agreed",
    payload: EmptyPayload,
    availableWhen: consentSettled,
    apply: recordConfirmation,
  },
  {
    action: 'decline',
    from: [S.UnderConsideration, S.ConsentPending],
    to: [S.Declined],
    actors: [requestedApprover],
    basis: `${ART}: transfer is a matter of agreement; the counterpart may decline`,
    description: 'The counterpart does not agree to the transfer',
    payload: DeclineTransferPayload,
    apply: recordDecline,
  } satisfies TransferRule<DeclineTransferPayload>,
  {
    action: 'withdraw',
    from: BEFORE_EXECUTION,
    to: [S.Withdrawn],
    actors: [requestingApprover],
    basis: `${ART}: the proposer may withdraw before execution [DESIGN]`,
    description: 'The proposer withdraws the proposal before the transfer is executed',
    payload: WithdrawPayload,
    apply: recordWithdrawal,
  } satisfies TransferRule<WithdrawPayload>,
  {
    action: 'execute',
    from: [S.Agreed],
    to: [S.Executed],
    actors: BOTH_OFFICERS,
    basis: `${ART}: the person is transferred, or the file handed over`,
    description: 'Record the handover: date and place of a person, or the documents of the file',
    payload: ExecuteTransferPayload,
    guard: executionFitsKind,
    apply: recordExecution,
  } satisfies TransferRule<ExecuteTransferPayload>,
  {
    action: 'acknowledge-receipt',
    from: [S.Executed],
    to: [],
    keepsStatus: true,
    actors: BOTH_OFFICERS,
    basis: `${ART}: the receiving State enforces the sentence or takes the proceedings over`,
    description: 'The receiving State acknowledges it has the person, or took the proceedings over',
    payload: AcknowledgeReceiptPayload,
    availableWhen: receiptOutstanding,
    actorWhen: byReceivingState,
    apply: recordReceipt,
  } satisfies TransferRule<AcknowledgeReceiptPayload>,
  {
    action: 'report-outcome',
    from: [S.Executed],
    to: [],
    keepsStatus: true,
    actors: BOTH_OFFICERS,
    basis: `${ART}; CoE 1983 art. 15: information on enforcement [GK]`,
    description: 'The receiving State reports what became of the sentence or of the proceedings',
    payload: ReportOutcomePayload,
    availableWhen: receiptAcknowledged,
    actorWhen: byReceivingState,
    guard: outcomeFitsKind,
    apply: recordOutcome,
  } satisfies TransferRule<ReportOutcomePayload>,
  {
    action: 'close',
    from: [S.Executed],
    to: [S.Closed],
    actors: [requestingOfficer],
    basis: 'Domestic law (retention starts) once the receiving State acknowledged the transfer',
    description: 'The proposer closes the case',
    payload: EmptyPayload,
    availableWhen: receiptAcknowledged,
    apply: recordClosure,
  },
];

export const transferMachine: WorkflowMachine = {
  channel: 'transfer',
  initial: S.Draft,
  states: Object.values(TransferStatus),
  terminal: [S.Declined, S.Withdrawn, S.Closed],
  transitions,
};
