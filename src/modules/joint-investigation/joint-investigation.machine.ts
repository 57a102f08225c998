import {
  type Actor,
  deliverToCounterpart,
  EmptyPayload,
  requestedApprover,
  requestedOfficer,
  requestingApprover,
  requestingOfficer,
  type WorkflowMachine,
} from '@/workflows';
import type { CaseOf } from '@/workflows';
import {
  recordActivity,
  recordDecline,
  recordDelivery,
  recordEarlyEnd,
  recordEndReminder,
  recordEvaluation,
  recordExtensionAgreement,
  recordExtensionDecline,
  recordExtensionProposal,
  recordJoining,
  recordLeaving,
  recordPeriodOver,
  recordProposal,
  recordSignature,
  recordStart,
  recordTerms,
  recordWithdrawal,
} from './joint-investigation.case-writes';
import type { JitCaseData, JitRule } from './joint-investigation.case-data';
import { endReminder, periodEnds } from './joint-investigation.clocks';
import {
  activityRespectsHost,
  deliveredOnce,
  extensionProposable,
  signable,
  startDateReached,
  termsFit,
} from './joint-investigation.guards';
import {
  actingParty,
  allSignedWith,
  invitedLeftWithout,
  invitedParty,
  partiesInTeam,
  partyAwaitedOnExtension,
  partyInTeam,
  partyYetToEvaluate,
  partyYetToSign,
} from './joint-investigation.parties';
import {
  DeclineTeamExtensionPayload,
  DeclineTeamPayload,
  EndTeamPayload,
  EvaluateTeamPayload,
  LeaveTeamPayload,
  ProposeExtensionPayload,
  ProposeTermsPayload,
  RecordActivityPayload,
  SignAgreementPayload,
  WithdrawProposalPayload,
} from './payloads/joint-investigation.payloads';
import { JitStatus } from './joint-investigation.states';

/*
 * The joint investigation team table (UNCC art. 48, with the UNTOC 19 template; DOMAIN.md 3.13, 4.7): the
 * first channel with more than two parties. The proposer is the requesting side; every invited State (the
 * requested authority and the further parties, additionalPartyIds) is on the requested side and acts for
 * itself: it joins or declines, signs the terms, agrees an extension, records activities, leaves,
 * evaluates. The team moves on when the last party in it did: signed (AGREEMENT_SIGNED), declined (DECLINED
 * when no invited State is left), left (ENDED). What a row checks or writes is named here and defined
 * apart (joint-investigation.guards.ts, .case-writes.ts, .clocks.ts). docs/lifecycles/joint-investigation.md
 * is generated from this table (npm run docs:lifecycles).
 */

const S = JitStatus;
const BASIS = 'UNCC art. 48 [UNTOC 19]';
const anyApprover = [requestingApprover, requestedApprover];
const anyOfficer = [requestingOfficer, requestedOfficer];

type Jit = CaseOf<JitCaseData>;

/** After this party declines: nobody invited is left, or everybody left in the team has signed. */
function afterDecline(_payload: object, request: Jit, actor?: Actor): string {
  const leaving = actor ? actingParty(actor) : null;
  if (invitedLeftWithout(request, leaving).length === 0) {
    return S.Declined;
  }
  const signed = new Set((request.caseData.signatures ?? []).map((s) => s.authorityId));
  const others = partiesInTeam(request).filter((id) => id !== leaving);
  return request.status === String(S.Negotiating) && others.every((id) => signed.has(id))
    ? S.AgreementSigned
    : request.status;
}

/** After this party signs: the agreement stands once every party in the team signed. */
function afterSigning(_payload: object, request: Jit, actor?: Actor): string {
  return allSignedWith(request, actor ? actingParty(actor) : null) ? S.AgreementSigned : S.Negotiating;
}

/** After this party leaves: the team ends with no invited State left in it. */
function afterLeaving(_payload: object, request: Jit, actor?: Actor): string {
  return invitedLeftWithout(request, actor ? actingParty(actor) : null).length === 0 ? S.Ended : S.Active;
}

const transitions: JitRule[] = [
  {
    action: 'propose',
    from: [S.Draft],
    to: [S.Proposed],
    actors: [requestingOfficer],
    basis: `${BASIS}: States consider agreements or arrangements setting up joint investigative bodies`,
    description: 'Propose the joint investigation team, with its terms, to every invited State',
    payload: EmptyPayload,
    requiresComplete: true,
    apply: recordProposal,
    effects: [deliverToCounterpart],
  },
  {
    action: 'deliver',
    from: [S.Proposed],
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: BASIS,
    description: "The proposal reaches the invited States' inboxes (delivery job)",
    availableWhen: deliveredOnce,
    apply: recordDelivery,
  },
  {
    action: 'join-negotiation',
    title: 'Join the negotiation',
    from: [S.Proposed, S.Negotiating],
    to: [S.Negotiating],
    actors: [requestedApprover],
    basis: `${BASIS}: each State decides whether to take part`,
    description: 'Your State takes part in negotiating the agreement',
    payload: EmptyPayload,
    availableWhen: invitedParty,
    apply: recordJoining,
  },
  {
    action: 'decline',
    from: [S.Proposed, S.Negotiating],
    to: [S.Negotiating, S.Proposed, S.AgreementSigned, S.Declined],
    pickTarget: afterDecline,
    actors: [requestedApprover],
    basis: `${BASIS}: joint investigations are by agreement; a State may decline to take part`,
    description: 'Your State declines to take part; with no invited State left the proposal is declined',
    payload: DeclineTeamPayload,
    availableWhen: partyInTeam,
    apply: recordDecline,
  } satisfies JitRule<DeclineTeamPayload>,
  {
    action: 'propose-terms',
    from: [S.Negotiating],
    to: [],
    keepsStatus: true,
    actors: anyApprover,
    basis: `${BASIS}; terms after the CETS 224 art. 12 / EU JIT model agreement [GK]`,
    description: 'Propose other terms for the agreement; signatures given to the old terms lapse',
    payload: ProposeTermsPayload,
    availableWhen: partyInTeam,
    guard: termsFit,
    apply: recordTerms,
  } satisfies JitRule<ProposeTermsPayload>,
  {
    action: 'sign-agreement',
    from: [S.Negotiating],
    to: [S.Negotiating, S.AgreementSigned],
    pickTarget: afterSigning,
    actors: anyApprover,
    basis: `${BASIS}: the agreement (purpose, members, duration) binds once every party signed`,
    description: 'Sign the current terms for your State; the agreement stands once every party signed',
    payload: SignAgreementPayload,
    availableWhen: partyYetToSign,
    guard: signable,
    apply: recordSignature,
  } satisfies JitRule<SignAgreementPayload>,
  {
    action: 'start',
    from: [S.AgreementSigned],
    to: [S.Active],
    actors: [requestingApprover],
    basis: `${BASIS}: the team operates for the agreed period`,
    description: 'The team starts work (on or after the agreed first day); the clock of its end starts',
    payload: EmptyPayload,
    guard: startDateReached,
    apply: recordStart,
    effects: [periodEnds, endReminder],
  },
  {
    action: 'record-activity',
    from: [S.Active],
    to: [],
    keepsStatus: true,
    actors: anyOfficer,
    basis: `${BASIS}: the sovereignty of the State where the activity takes place is fully respected`,
    description: 'Record an activity of the team, with the party in whose territory it took place',
    payload: RecordActivityPayload,
    availableWhen: partyInTeam,
    guard: activityRespectsHost,
    apply: recordActivity,
  } satisfies JitRule<RecordActivityPayload>,
  {
    action: 'propose-extension',
    from: [S.Active],
    to: [],
    keepsStatus: true,
    actors: anyApprover,
    basis: `${BASIS}: the duration may be extended by mutual agreement (CETS 224 art. 12 model [GK])`,
    description: 'Propose a later end of the period; every party must agree',
    payload: ProposeExtensionPayload,
    availableWhen: partyInTeam,
    guard: extensionProposable,
    apply: recordExtensionProposal,
  } satisfies JitRule<ProposeExtensionPayload>,
  {
    action: 'agree-extension',
    from: [S.Active],
    to: [],
    keepsStatus: true,
    actors: anyApprover,
    basis: `${BASIS}: extension by mutual agreement (CETS 224 art. 12 model [GK])`,
    description: 'Agree to the proposed extension for your State; the end moves once every party agreed',
    payload: EmptyPayload,
    availableWhen: partyAwaitedOnExtension,
    apply: recordExtensionAgreement,
    effects: [periodEnds, endReminder],
  },
  {
    action: 'decline-extension',
    from: [S.Active],
    to: [],
    keepsStatus: true,
    actors: anyApprover,
    basis: `${BASIS}: without every party's agreement the agreed end stands`,
    description: 'Decline the proposed extension; the agreed end stands',
    payload: DeclineTeamExtensionPayload,
    availableWhen: partyAwaitedOnExtension,
    apply: recordExtensionDecline,
  } satisfies JitRule<DeclineTeamExtensionPayload>,
  {
    action: 'remind-end',
    from: [S.Active],
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: BASIS,
    description: 'Reminds every party that the agreed period ends soon (timer)',
    apply: recordEndReminder,
  },
  {
    action: 'leave',
    from: [S.Active],
    to: [S.Active, S.Ended],
    pickTarget: afterLeaving,
    actors: [requestedApprover],
    basis: `${BASIS}: participation rests on each State's agreement`,
    description: 'Your State leaves the team; with no invited State left the team ends',
    payload: LeaveTeamPayload,
    availableWhen: partyInTeam,
    apply: recordLeaving,
    effects: [periodEnds, endReminder],
  } satisfies JitRule<LeaveTeamPayload>,
  {
    action: 'end',
    from: [S.Active],
    to: [S.Ended],
    actors: [requestingApprover],
    basis: `${BASIS}: the team ends when its purpose is achieved or the parties so decide`,
    description: 'End the team before the agreed end',
    payload: EndTeamPayload,
    apply: recordEarlyEnd,
  } satisfies JitRule<EndTeamPayload>,
  {
    action: 'end-period',
    from: [S.Active],
    to: [S.Ended],
    actors: [],
    system: true,
    basis: `${BASIS}: the agreed period is over`,
    description: 'The agreed period is over (timer)',
    apply: recordPeriodOver,
  },
  {
    action: 'evaluate',
    from: [S.Ended, S.Evaluated],
    to: [S.Evaluated],
    actors: anyApprover,
    basis: 'Practice of joint investigation teams (EU JIT evaluation [GK]); DOMAIN.md 4.7 [DESIGN]',
    description: "Record your State's evaluation of the team",
    payload: EvaluateTeamPayload,
    availableWhen: partyYetToEvaluate,
    apply: recordEvaluation,
  } satisfies JitRule<EvaluateTeamPayload>,
  {
    action: 'withdraw',
    from: [S.Proposed, S.Negotiating, S.AgreementSigned],
    to: [S.Withdrawn],
    actors: [requestingApprover],
    basis: `${BASIS}: the proposing State withdraws before the team starts`,
    description: 'Withdraw the proposal before the team starts',
    payload: WithdrawProposalPayload,
    apply: recordWithdrawal,
  } satisfies JitRule<WithdrawProposalPayload>,
  {
    action: 'close',
    from: [S.Ended, S.Evaluated],
    to: [S.Closed],
    actors: [requestingOfficer],
    basis: 'Domestic law (retention starts); the agreed terms on the use of information still apply',
    description: 'The proposing side closes the case',
    payload: EmptyPayload,
  },
];

export const jointInvestigationMachine: WorkflowMachine = {
  channel: 'joint-investigation',
  initial: S.Draft,
  states: Object.values(JitStatus),
  terminal: [S.Declined, S.Withdrawn, S.Closed],
  transitions,
};
