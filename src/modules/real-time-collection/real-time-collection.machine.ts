import {
  deadlineReminders,
  requestedApprover,
  requestedOfficer,
  requestingOfficer,
  sendAndDeliver,
  type WorkflowMachine,
} from '@/workflows';
import { mlaMachine } from '@/modules/mla/mla.machine';
import {
  CompleteExecutionPayload,
  DeclineRenewalPayload,
  DeliverBatchPayload,
  GrantRenewalPayload,
  RequestRenewalPayload,
  ResumeCollectionPayload,
  StartCollectionPayload,
  StopCollectionPayload,
  SuspendCollectionPayload,
} from './payloads/real-time-collection.payloads';
import type { RealTimeCollectionRule } from './real-time-collection.case-data';
import {
  recordBatch,
  recordCollectionEndReminder,
  recordCollectionStart,
  recordOutcome,
  recordPeriodOver,
  recordRenewalDeclined,
  recordRenewalGranted,
  recordRenewalRequest,
  recordResumedCollection,
  recordStop,
  recordSuspension,
} from './real-time-collection.case-writes';
import { collectionClocks } from './real-time-collection.effects';
import {
  authorisedWithinRequest,
  renewalExtends,
  renewalWithinAsked,
  submissionAllowed,
} from './real-time-collection.guards';
import { RealTimeCollectionStatus } from './real-time-collection.states';

/*
 * The real-time collection lifecycle table: MLA in the real-time collection of traffic data (UNCC art. 45,
 * Budapest 33) and in the interception of content data (art. 46, Budapest 34), DOMAIN.md 4.4: the review of
 * 4.1 (the art. 40 rules, UNTOC 18 template) up to ACCEPTED, then the authorised collection period with its
 * legal end, renewals, suspensions, product batches and outcome. One row per action, in lifecycle order.
 * The review rows are the MLA channel's own (the same states, actors, payloads, checks and case-file writes;
 * only where a row's states or basis differ is it adapted here); the collection rows are this folder's.
 * docs/lifecycles/real-time-collection.md is generated from this table.
 */

const S = RealTimeCollectionStatus;

/** The authorised period runs: its end is a legal clock, whatever the collection is doing. */
const PERIOD_RUNNING = [S.Collecting, S.RenewalRequested, S.Suspended];

/** Collected data may be delivered while the period runs and after it ended, until execution is complete. */
const PRODUCT_OPEN = [...PERIOD_RUNNING, S.CollectionEnded];

/** Delivered and not yet decided or finished: the counterpart is working on it. */
const IN_HAND = [
  S.Received,
  S.UnderReview,
  S.InfoRequested,
  S.Consultation,
  S.ConditionsProposed,
  S.Accepted,
  S.Postponed,
  ...PRODUCT_OPEN,
];

/** Sent and not ended: the requesting State may still withdraw it. */
const OPEN = [S.Submitted, ...IN_HAND];

/** The MLA table's row for `action`: DOMAIN.md 4.4 uses 4.1 up to ACCEPTED. */
function mlaRow(action: string): RealTimeCollectionRule {
  const row = mlaMachine.transitions.find((t) => t.action === action);
  if (!row) {
    throw new Error(`the MLA table has no action ${action}`);
  }
  return row;
}

const [submit, deliver] = sendAndDeliver({
  action: 'submit',
  draft: S.Draft,
  sent: S.Submitted,
  received: S.Received,
  basis: 'UNCC arts 45(3), 46(2) [GK]; art. 40 (UNTOC 18(13)-(15))',
  description: 'Send the completed request to the requested central authority',
  deliveryBasis: 'UNCC art. 40 (UNTOC 18(13))',
  onDelivery: [deadlineReminders],
});

const transitions: RealTimeCollectionRule[] = [
  // submit: complete drafts only, interception only for the offences the requested State declared (art. 46).
  { ...submit, guard: submissionAllowed },
  deliver,
  mlaRow('acknowledge'),
  mlaRow('request-information'),
  mlaRow('provide-information'),
  mlaRow('open-consultation'),
  mlaRow('propose-conditions'),
  mlaRow('accept-conditions'),
  {
    ...mlaRow('accept'),
    basis: 'UNCC arts 45(1), 46 [GK]: to the extent domestic law allows; art. 40 (UNTOC 18(17))',
  },
  mlaRow('postpone'),
  mlaRow('resume'),
  // No request follows another up in this channel: the MLA row's release of a followed-up one is left out.
  {
    ...mlaRow('refuse'),
    basis: 'UNCC art. 40 (UNTOC 18(21), (23), (26)); arts 45(1), 46 [GK]',
    effects: [],
  },
  {
    action: 'start-collection',
    from: [S.Accepted],
    to: [S.Collecting],
    actors: [requestedOfficer],
    basis: 'UNCC arts 45(3)(f), 46(2)(f) [GK]: for the authorised period, which may be shorter than asked',
    description: 'Collection starts under the domestic authorisation, until the end of the authorised period',
    payload: StartCollectionPayload,
    guard: authorisedWithinRequest,
    apply: recordCollectionStart,
    effects: collectionClocks,
  } satisfies RealTimeCollectionRule<StartCollectionPayload>,
  {
    action: 'request-renewal',
    from: [S.Collecting],
    to: [S.RenewalRequested],
    actors: [requestingOfficer],
    basis: 'UNCC arts 45(3)(f), 46(2)(f) [GK]: a new period needs a fresh justification',
    description: 'Ask for a longer period before the end, with a fresh justification',
    payload: RequestRenewalPayload,
    guard: renewalExtends,
    apply: recordRenewalRequest,
  } satisfies RealTimeCollectionRule<RequestRenewalPayload>,
  {
    action: 'grant-renewal',
    from: [S.RenewalRequested],
    to: [S.Collecting],
    actors: [requestedApprover],
    basis: 'UNCC arts 45(3)(f), 46(2)(f) [GK]; domestic authorisation of the new period',
    description: 'Renew: a new end of the period, new clocks (the old ones are void)',
    payload: GrantRenewalPayload,
    guard: renewalWithinAsked,
    apply: recordRenewalGranted,
    effects: collectionClocks,
  } satisfies RealTimeCollectionRule<GrantRenewalPayload>,
  {
    action: 'decline-renewal',
    from: [S.RenewalRequested],
    to: [S.Collecting],
    actors: [requestedApprover],
    basis: 'UNCC arts 45(1), 46 [GK]: to the extent domestic law allows; reasons (UNTOC 18(23))',
    description: 'Decline the renewal, with reasons; the current end stands',
    payload: DeclineRenewalPayload,
    apply: recordRenewalDeclined,
  } satisfies RealTimeCollectionRule<DeclineRenewalPayload>,
  {
    action: 'suspend-collection',
    from: [S.Collecting],
    to: [S.Suspended],
    actors: [requestedOfficer, requestedApprover],
    basis: 'UNCC arts 45(1), 46 [GK]: conditions and procedures of domestic law (the authorisation lapsed)',
    description: 'Suspend collection: the domestic authorisation lapsed or is challenged; the end still runs',
    payload: SuspendCollectionPayload,
    apply: recordSuspension,
  } satisfies RealTimeCollectionRule<SuspendCollectionPayload>,
  {
    action: 'resume-collection',
    from: [S.Suspended],
    to: [S.Collecting],
    actors: [requestedApprover],
    basis: 'UNCC arts 45(1), 46 [GK]: under a domestic authorisation in force again',
    description: 'Resume collection within the same authorised period',
    payload: ResumeCollectionPayload,
    apply: recordResumedCollection,
  } satisfies RealTimeCollectionRule<ResumeCollectionPayload>,
  {
    action: 'end-collection',
    from: PERIOD_RUNNING,
    to: [S.CollectionEnded],
    actors: [],
    system: true,
    basis: 'UNCC arts 45(3)(f), 46(2)(f) [GK]: the authorised period is over',
    description: 'The authorised collection period is over (timer)',
    apply: recordPeriodOver,
  },
  {
    action: 'stop-collection',
    from: PERIOD_RUNNING,
    to: [S.CollectionEnded],
    actors: [requestingOfficer, requestedApprover],
    basis: 'UNCC art. 40 (UNTOC 18(24)): the measure is no longer needed, or may no longer go on',
    description: 'Stop collection before the end of the period (either side), with reasons',
    payload: StopCollectionPayload,
    apply: recordStop,
  } satisfies RealTimeCollectionRule<StopCollectionPayload>,
  {
    action: 'deliver-batch',
    from: PRODUCT_OPEN,
    to: [],
    keepsStatus: true,
    actors: [requestedApprover],
    basis: 'UNCC arts 45, 46 [GK]; art. 40 (Budapest 27(7)): released by an approver, never automatically',
    description: 'Deliver a batch of collected data, each document with its SHA-256',
    payload: DeliverBatchPayload,
    apply: recordBatch,
  } satisfies RealTimeCollectionRule<DeliverBatchPayload>,
  {
    action: 'complete-execution',
    from: [S.CollectionEnded],
    to: [S.Executed],
    actors: [requestedApprover],
    basis: 'UNCC art. 40 (Budapest 27(7)): the outcome of execution, promptly',
    description: 'All collected data was delivered: report the outcome',
    payload: CompleteExecutionPayload,
    apply: recordOutcome,
  } satisfies RealTimeCollectionRule<CompleteExecutionPayload>,
  mlaRow('confirm-receipt'),
  { ...mlaRow('withdraw'), from: OPEN, effects: [] },
  // Side events: recorded in the history, the status stays.
  { ...mlaRow('query-status'), from: IN_HAND },
  { ...mlaRow('answer-status'), from: IN_HAND },
  { ...mlaRow('notify-delay'), from: [S.UnderReview, S.Accepted, ...PERIOD_RUNNING] },
  {
    action: 'remind-collection-end',
    from: PERIOD_RUNNING,
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: 'UNCC arts 45(3)(f), 46(2)(f) [GK]: a renewal is asked before the period ends',
    description: 'Reminder to the requesting side before the authorised period ends',
    apply: recordCollectionEndReminder,
  },
  { ...mlaRow('remind-deadline'), from: IN_HAND },
  { ...mlaRow('remind-enquiry'), from: IN_HAND },
];

export const realTimeCollectionMachine: WorkflowMachine = {
  channel: 'real-time-collection',
  initial: S.Draft,
  states: Object.values(RealTimeCollectionStatus),
  terminal: [S.Closed, S.Withdrawn],
  transitions,
};
