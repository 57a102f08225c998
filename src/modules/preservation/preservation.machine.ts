import {
  EmptyPayload,
  requestedApprover,
  requestedOfficer,
  requestingApprover,
  requestingOfficer,
  sendAndDeliver,
  WithdrawPayload,
  type WorkflowMachine,
} from '@/workflows';
import {
  ConfirmPreservationPayload,
  DeclineExtensionPayload,
  DiscloseTrafficDataPayload,
  GrantExtensionPayload,
  IssueWarningPayload,
  PreservationRefusePayload,
  RequestExtensionPayload,
  StartPreservationPayload,
  WithholdTrafficDataPayload,
} from './payloads/preservation.payloads';
import type { PreservationRule } from './preservation.case-data';
import {
  recordCustodianConfirmation,
  recordDecisionToProceed,
  recordExpiry,
  recordExpiryReminder,
  recordExtensionDeclined,
  recordExtensionGranted,
  recordExtensionRequest,
  recordHold,
  recordPreservationOrder,
  recordRefusal,
  recordRelease,
  recordTrafficDisclosure,
  recordTrafficWithholding,
  recordWarning,
  recordWithdrawal,
} from './preservation.case-writes';
import { expiryClocks, ticketEscalation } from './preservation.effects';
import {
  heldIfFollowUpArrived,
  heldOnceDataIsPreserved,
  releasedByLastFollowUp,
} from './preservation.guards';
import { PreservationStatus } from './preservation.states';

/*
 * The preservation lifecycle table: expedited preservation of stored electronic data (UNCC arts 41-42,
 * Budapest 29 and 35) and disclosure of traffic data (art. 43, Budapest 30), DOMAIN.md 4.2 and 4.3. One row
 * per action, in lifecycle order: who may take it, from which states, to which, on which legal basis. What
 * a row writes to the case file, which target it picks and which clocks it sets is named here and defined
 * apart: preservation.guards.ts, preservation.case-writes.ts, preservation.effects.ts.
 * docs/lifecycles/preservation.md is generated from this table (npm run docs:lifecycles).
 */

const S = PreservationStatus;

/** The clock is running (and may be extended); held and ended preservations have no expiry. */
const ACTIVE = [S.PreservedActive, S.ExtensionRequested];
/** Data is being, or has been, preserved: traffic data may be found and disclosed (art. 43). */
const PRESERVING_OR_HELD = [S.Preserving, S.PreservedActive, S.ExtensionRequested, S.HeldPendingMlaDecision];

const transitions: PreservationRule[] = [
  // send (DRAFT -> SENT, requesting officer, complete drafts only) and deliver (-> RECEIVED).
  ...sendAndDeliver({
    action: 'send',
    draft: S.Draft,
    sent: S.Sent,
    received: S.Received,
    basis: 'UNCC arts 41-42 (Budapest 29(1)-(2), 35)',
    description: "Send the request to the requested State's 24/7 point of contact or central authority",
    deliveryBasis: 'UNCC art. 41 (Budapest 35)',
    onDelivery: [ticketEscalation],
  }),
  {
    action: 'start-preservation',
    from: [S.Received],
    to: [S.Preserving],
    actors: [requestedOfficer],
    basis: 'UNCC art. 42 (Budapest 29)(3): all appropriate measures to preserve expeditiously',
    description: 'A domestic preservation order goes to the custodian',
    payload: StartPreservationPayload,
    apply: recordPreservationOrder,
  } satisfies PreservationRule<StartPreservationPayload>,
  {
    action: 'refuse',
    from: [S.Received],
    to: [S.Refused],
    actors: [requestedApprover],
    basis: 'UNCC art. 42 (Budapest 29)(4)-(5): narrow grounds only; dual criminality may not be required',
    description: 'Refuse on a narrow ground, with reasons',
    payload: PreservationRefusePayload,
    apply: recordRefusal,
  } satisfies PreservationRule<PreservationRefusePayload>,
  {
    action: 'issue-warning',
    from: [S.Preserving],
    to: [S.WarningIssued],
    actors: [requestedOfficer, requestedApprover],
    basis:
      'UNCC art. 42 (Budapest 29)(6): preservation would not secure the data, or would harm confidentiality',
    description: 'Warn the requesting State, which decides whether to go on',
    payload: IssueWarningPayload,
    apply: recordWarning,
  } satisfies PreservationRule<IssueWarningPayload>,
  {
    action: 'proceed',
    from: [S.WarningIssued],
    to: [S.Preserving],
    actors: [requestingOfficer, requestingApprover],
    basis: 'UNCC art. 42 (Budapest 29)(6): the requesting State decides',
    description: 'Go on with the preservation despite the warning',
    payload: EmptyPayload,
    apply: recordDecisionToProceed,
  },
  {
    action: 'confirm-preservation',
    from: [S.Preserving],
    to: [S.PreservedActive, S.HeldPendingMlaDecision],
    actors: [requestedOfficer],
    basis: 'UNCC art. 42 (Budapest 29)(7): preserved for at least 60 days',
    description: 'The custodian confirmed; the preservation period starts',
    payload: ConfirmPreservationPayload,
    pickTarget: heldIfFollowUpArrived,
    apply: recordCustodianConfirmation,
    effects: expiryClocks,
  } satisfies PreservationRule<ConfirmPreservationPayload>,
  {
    action: 'request-extension',
    from: [S.PreservedActive],
    to: [S.ExtensionRequested],
    actors: [requestingOfficer],
    basis: 'UNCC art. 42 (extension before expiry) [GK]',
    description: 'Ask for an extension before the preservation expires',
    payload: RequestExtensionPayload,
    apply: recordExtensionRequest,
  } satisfies PreservationRule<RequestExtensionPayload>,
  {
    action: 'grant-extension',
    from: [S.ExtensionRequested],
    to: [S.PreservedActive],
    actors: [requestedOfficer, requestedApprover],
    basis: 'UNCC art. 42 (extension) [GK]',
    description: 'Extend the preservation: a new expiry, new reminders',
    payload: GrantExtensionPayload,
    apply: recordExtensionGranted,
    effects: expiryClocks,
  } satisfies PreservationRule<GrantExtensionPayload>,
  {
    action: 'decline-extension',
    from: [S.ExtensionRequested],
    to: [S.PreservedActive],
    actors: [requestedApprover],
    basis: 'UNCC art. 42 (extension) [GK]',
    description: 'Decline the extension; the current expiry stands',
    payload: DeclineExtensionPayload,
    apply: recordExtensionDeclined,
  } satisfies PreservationRule<DeclineExtensionPayload>,
  {
    action: 'expire',
    from: ACTIVE,
    to: [S.Expired],
    actors: [],
    system: true,
    basis: 'UNCC art. 42 (Budapest 29)(7): no follow-up request received within the period',
    description: 'The preservation period ended without a follow-up request (timer)',
    apply: recordExpiry,
  },
  {
    action: 'remind-expiry',
    from: ACTIVE,
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: 'UNCC art. 42 (Budapest 29)',
    description: 'Reminder to the requesting side before the preservation expires',
    apply: recordExpiryReminder,
  },
  {
    action: 'hold',
    from: [
      S.Sent,
      S.Received,
      S.WarningIssued,
      S.Preserving,
      S.PreservedActive,
      S.ExtensionRequested,
      S.HeldPendingMlaDecision,
    ],
    to: [S.HeldPendingMlaDecision, S.Sent, S.Received, S.WarningIssued],
    actors: [],
    system: true,
    basis:
      'UNCC art. 42 (Budapest 29)(7): once the follow-up request is received, preserved until it is decided',
    description: 'A follow-up MLA request reached the requested State: no expiry while one is open',
    pickTarget: heldOnceDataIsPreserved,
    apply: recordHold,
  },
  {
    action: 'release',
    from: [S.Sent, S.Received, S.WarningIssued, S.Preserving, S.HeldPendingMlaDecision],
    to: [S.Released, S.Sent, S.Received, S.WarningIssued, S.Preserving, S.HeldPendingMlaDecision],
    actors: [],
    system: true,
    basis: 'UNCC art. 42 (Budapest 29)(7)',
    description: 'A follow-up MLA request was executed, refused or withdrawn (the last one ends the hold)',
    pickTarget: releasedByLastFollowUp,
    apply: recordRelease,
  },
  // Art. 43 records: events inside the preservation case, the status stays.
  {
    action: 'disclose-traffic-data',
    from: PRESERVING_OR_HELD,
    to: [],
    keepsStatus: true,
    actors: [requestedOfficer, requestedApprover],
    basis: 'UNCC art. 43 (Budapest 30(1)): enough traffic data to identify the provider and the path',
    description: 'A provider in another State took part: disclose the traffic data identifying it',
    payload: DiscloseTrafficDataPayload,
    apply: recordTrafficDisclosure,
  } satisfies PreservationRule<DiscloseTrafficDataPayload>,
  {
    action: 'withhold-traffic-data',
    from: PRESERVING_OR_HELD,
    to: [],
    keepsStatus: true,
    actors: [requestedApprover],
    basis: 'UNCC art. 43 (Budapest 30(2)): narrow grounds only, with reasons',
    description: 'Withhold the traffic data on a narrow ground, with reasons',
    payload: WithholdTrafficDataPayload,
    apply: recordTrafficWithholding,
  } satisfies PreservationRule<WithholdTrafficDataPayload>,
  {
    action: 'withdraw',
    from: [
      S.Sent,
      S.Received,
      S.Preserving,
      S.WarningIssued,
      S.PreservedActive,
      S.ExtensionRequested,
      S.HeldPendingMlaDecision,
    ],
    to: [S.Withdrawn],
    actors: [requestingOfficer],
    basis: 'UNCC art. 40 (UNTOC 18(24)); art. 42(6) after a warning',
    description: 'The preservation is no longer needed',
    payload: WithdrawPayload,
    apply: recordWithdrawal,
  } satisfies PreservationRule<WithdrawPayload>,
];

export const preservationMachine: WorkflowMachine = {
  channel: 'preservation',
  initial: S.Draft,
  states: Object.values(PreservationStatus),
  terminal: [S.Refused, S.Expired, S.Released, S.Withdrawn],
  transitions,
};
