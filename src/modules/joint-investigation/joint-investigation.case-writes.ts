import { instanceToPlain } from 'class-transformer';
import { partiesOf } from '@/workflows';
import type { JointInvestigationDetailsDto } from './dto/joint-investigation-details.dto';
import type { JitContext, JitTerms } from './joint-investigation.case-data';
import {
  actingParty,
  allSignedWith,
  invitedLeftWithout,
  partiesInTeam,
  setParty,
} from './joint-investigation.parties';
import type {
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

/*
 * What the rows of the joint investigation table (joint-investigation.machine.ts) write to the case file:
 * each party's standing, the terms under negotiation (versioned; a new version voids the signatures), the
 * signatures and the agreement, the period and its extensions (agreed by every party), the activities with
 * their host party, the end and each party's evaluation.
 */

const iso = (d: Date): string => d.toISOString();
const party = (ctx: JitContext): string => actingParty(ctx.actor) ?? '';

/** The proposal leaves: the proposer negotiates, every invited State is invited, the terms are version 1. */
export function recordProposal({ request, actor, now }: JitContext): void {
  const at = iso(now);
  request.submittedAt = now;
  request.caseData.parties = Object.fromEntries(
    partiesOf(request).map((id) => [
      id,
      { status: id === request.requestingAuthorityId ? 'negotiating' : 'invited', since: at },
    ]),
  );
  const terms = (request.details as JointInvestigationDetailsDto).terms;
  request.caseData.agreementDraft = {
    version: 1,
    terms: terms as JitTerms,
    proposedBy: actingParty(actor) ?? request.requestingAuthorityId,
    proposedAt: at,
  };
  request.caseData.signatures = [];
}

/** The proposal reaches the inboxes of the invited States. */
export function recordDelivery({ request, now }: JitContext): void {
  request.deliveredAt = now;
}

export function recordJoining(ctx: JitContext): void {
  setParty(ctx.request, party(ctx), 'negotiating', iso(ctx.now));
}

/** A party declines to take part; its signature, if any, goes with it. */
export function recordDecline(ctx: JitContext<DeclineTeamPayload>): void {
  const id = party(ctx);
  setParty(ctx.request, id, 'declined', iso(ctx.now), ctx.payload.reasons);
  ctx.request.caseData.signatures = (ctx.request.caseData.signatures ?? []).filter(
    (s) => s.authorityId !== id,
  );
  completeAgreementIfSigned(ctx);
}

/** New terms: a new version; every signature given to the old one lapses. */
export function recordTerms(ctx: JitContext<ProposeTermsPayload>): void {
  const { request, now } = ctx;
  const at = iso(now);
  request.caseData.agreementDraft = {
    version: (request.caseData.agreementDraft?.version ?? 0) + 1,
    terms: instanceToPlain(ctx.payload.terms) as JitTerms,
    proposedBy: party(ctx),
    proposedAt: at,
  };
  for (const s of request.caseData.signatures ?? []) {
    setParty(request, s.authorityId, 'negotiating', at);
  }
  request.caseData.signatures = [];
}

export function recordSignature(ctx: JitContext<SignAgreementPayload>): void {
  const { request, actor, payload, now } = ctx;
  const at = iso(now);
  request.caseData.signatures = [
    ...(request.caseData.signatures ?? []),
    {
      authorityId: party(ctx),
      userId: actor.type === 'user' ? actor.userId : '',
      ...(payload.signatory ? { signatory: payload.signatory } : {}),
      signedAt: at,
    },
  ];
  setParty(request, party(ctx), 'signed', at);
  completeAgreementIfSigned(ctx);
}

/** Once the last party in the team signed (or the last unsigned one declined), the agreement stands. */
function completeAgreementIfSigned({ request, now }: JitContext): void {
  const draft = request.caseData.agreementDraft;
  if (!draft || invitedLeftWithout(request, null).length === 0 || !allSignedWith(request, null)) {
    return;
  }
  request.caseData.agreement = {
    version: draft.version,
    terms: draft.terms,
    signatures: request.caseData.signatures ?? [],
    signedAt: iso(now),
  };
}

/** The team starts: its period runs to the agreed end. */
export function recordStart({ request, now }: JitContext): void {
  request.caseData.startedAt = iso(now);
  setEnd(request, request.caseData.agreement?.terms.endDate.slice(0, 10) ?? '', now);
}

function setEnd(request: JitContext['request'], endDate: string, now: Date): void {
  request.caseData.endDate = endDate;
  request.caseData.endDateSetAt = iso(now);
}

export function recordExtensionProposal(ctx: JitContext<ProposeExtensionPayload>): void {
  ctx.request.caseData.pendingExtension = {
    newEndDate: ctx.payload.newEndDate.slice(0, 10),
    reasons: ctx.payload.reasons,
    proposedBy: party(ctx),
    proposedAt: iso(ctx.now),
    agreedBy: [party(ctx)],
  };
}

export function recordExtensionAgreement(ctx: JitContext): void {
  const pending = ctx.request.caseData.pendingExtension;
  if (pending) {
    ctx.request.caseData.pendingExtension = { ...pending, agreedBy: [...pending.agreedBy, party(ctx)] };
  }
  completeExtensionIfAgreed(ctx);
}

/** Once every party in the team agreed, the period ends later. */
function completeExtensionIfAgreed({ request, now }: JitContext): void {
  const pending = request.caseData.pendingExtension;
  if (!pending || !partiesInTeam(request).every((id) => pending.agreedBy.includes(id))) {
    return;
  }
  request.caseData.extensions = [...(request.caseData.extensions ?? []), { ...pending, agreedAt: iso(now) }];
  delete request.caseData.pendingExtension;
  setEnd(request, pending.newEndDate, now);
}

export function recordExtensionDecline(ctx: JitContext<DeclineTeamExtensionPayload>): void {
  const { request } = ctx;
  const pending = request.caseData.pendingExtension;
  if (pending) {
    request.caseData.extensions = [
      ...(request.caseData.extensions ?? []),
      { ...pending, declinedBy: { authorityId: party(ctx), reasons: ctx.payload.reasons, at: iso(ctx.now) } },
    ];
    delete request.caseData.pendingExtension;
  }
}

export function recordActivity(ctx: JitContext<RecordActivityPayload>): void {
  const p = ctx.payload;
  ctx.request.caseData.activities = [
    ...(ctx.request.caseData.activities ?? []),
    {
      kind: p.kind,
      hostAuthorityId: p.hostAuthorityId,
      date: p.date.slice(0, 10),
      summary: p.summary,
      ...(p.hostAuthorisation ? { hostAuthorisation: p.hostAuthorisation } : {}),
      recordedBy: party(ctx),
      recordedAt: iso(ctx.now),
    },
  ];
}

/** A party leaves; with no invited State left the team ends; a pending extension may now be agreed by all. */
export function recordLeaving(ctx: JitContext<LeaveTeamPayload>): void {
  const { request, now } = ctx;
  setParty(request, party(ctx), 'left', iso(now), ctx.payload.reasons);
  if (invitedLeftWithout(request, null).length === 0) {
    request.caseData.ended = { at: iso(now), reason: 'no-party-left' };
    return;
  }
  completeExtensionIfAgreed(ctx);
}

export function recordEarlyEnd({ request, payload, now }: JitContext<EndTeamPayload>): void {
  request.caseData.ended = { at: iso(now), reason: 'ended-early', reasons: payload.reasons };
}

export function recordPeriodOver({ request, now }: JitContext): void {
  request.caseData.ended = { at: iso(now), reason: 'period-over' };
}

export function recordEndReminder({ request, now }: JitContext): void {
  request.caseData.endRemindedAt = iso(now);
}

export function recordEvaluation(ctx: JitContext<EvaluateTeamPayload>): void {
  const p = ctx.payload;
  ctx.request.caseData.evaluations = [
    ...(ctx.request.caseData.evaluations ?? []),
    {
      authorityId: party(ctx),
      assessment: p.assessment,
      ...(p.lessons ? { lessons: p.lessons } : {}),
      at: iso(ctx.now),
    },
  ];
}

export function recordWithdrawal({ request, payload, now }: JitContext<WithdrawProposalPayload>): void {
  request.caseData.withdrawal = { reasons: payload.reasons, withdrawnAt: iso(now) };
}
