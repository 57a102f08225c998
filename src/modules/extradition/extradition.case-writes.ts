import { daysAfter, type WithdrawPayload } from '@/workflows';
import type {
  AcceptAccessoryOffencesPayload,
  ExecuteProvisionalArrestPayload,
  ExtraditionConsultationPayload,
  ExtraditionRefusePayload,
  GrantWithConditionsPayload,
  OpenJudicialReviewPayload,
  ReportProsecutionOutcomePayload,
  RequestDomesticProsecutionPayload,
  SubmitViewsPayload,
  SurrenderPayload,
} from './payloads/extradition.payloads';
import type { ExtraditionContext } from './extradition.case-data';

/*
 * What the rows of the extradition lifecycle table (extradition.machine.ts) write to the request and its
 * case file: when it was sent, the provisional arrest and its due date, the review, the decision, the
 * referral for domestic prosecution and its outcome, the surrender.
 */

const iso = (d: Date): string => d.toISOString();

/** Records when the provisional-arrest request was sent (UNTOC 16(9)). */
export function recordSending({ request, now }: ExtraditionContext): void {
  request.submittedAt = now;
}

/** Records when the request reached the counterpart's inbox. */
export function recordDelivery({ request, now }: ExtraditionContext): void {
  request.deliveredAt = now;
}

/** Records the measure taken and the date by which the formal request is due (UNTOC 16(9)). */
export function recordProvisionalArrest({
  request,
  payload,
  now,
  settings,
}: ExtraditionContext<ExecuteProvisionalArrestPayload>): void {
  request.caseData.provisionalArrest = {
    measure: payload.measure,
    ...(payload.details ? { details: payload.details } : {}),
    executedAt: iso(now),
    formalRequestDueAt: iso(daysAfter(now, settings.provisionalArrestDays)),
  };
}

/** Records when the provisional arrest lapsed (treaty or domestic period [GK]). */
export function recordLapse({ request, now }: ExtraditionContext): void {
  request.caseData.provisionalArrest = { ...request.caseData.provisionalArrest, lapsedAt: iso(now) };
}

/** Records when the formal request was made; the request counts as sent from the first sending (UNTOC 16(7)). */
export function recordFormalRequest({ request, now }: ExtraditionContext): void {
  request.submittedAt ??= now;
  request.caseData.formalRequestAt = iso(now);
}

/** Records the court or authority seized and its case reference. */
export function recordJudicialReview({
  request,
  payload,
  now,
}: ExtraditionContext<OpenJudicialReviewPayload>): void {
  request.caseData.judicialReview = { ...payload, openedAt: iso(now) };
}

/** Adds the accessory offences the requested State also extradites for, kept sorted (UNTOC 16(2)). */
export function recordAccessoryOffences({
  request,
  payload,
  now,
}: ExtraditionContext<AcceptAccessoryOffencesPayload>): void {
  const earlier = request.caseData.accessoryOffencesAccepted?.offenceIndexes ?? [];
  const all = [...new Set([...earlier, ...payload.offenceIndexes])].sort((a, b) => a - b);
  request.caseData.accessoryOffencesAccepted = { offenceIndexes: all, at: iso(now) };
}

/** Records the consultation before a refusal and its reasons (UNTOC 16(16)). */
export function recordConsultation({
  request,
  payload,
  now,
}: ExtraditionContext<ExtraditionConsultationPayload>): void {
  request.caseData.consultation = {
    intendedOutcome: 'refuse',
    reasons: payload.reasons,
    openedAt: iso(now),
  };
}

/** Adds the requesting State's views and information (UNTOC 16(16)). */
export function recordViews({ request, payload, now }: ExtraditionContext<SubmitViewsPayload>): void {
  const list = request.caseData.views ?? [];
  request.caseData.views = [...list, { views: payload.views, at: iso(now) }];
}

/** Records the grant of extradition. */
export function recordGrant({ request, now }: ExtraditionContext): void {
  request.caseData.decision = { outcome: 'granted', at: iso(now) };
}

/** Records the grant and its conditions (UNTOC 16(11)). */
export function recordConditionalGrant({
  request,
  payload,
  now,
}: ExtraditionContext<GrantWithConditionsPayload>): void {
  request.caseData.decision = { outcome: 'granted-with-conditions', at: iso(now) };
  request.caseData.conditions = {
    items: payload.conditions.map((c) => ({ type: c.type, text: c.text })),
    proposedAt: iso(now),
  };
}

/** Records the grounds and the reasons given to the requesting State (UNTOC 16(7), (14)). */
export function recordRefusal({ request, payload, now }: ExtraditionContext<ExtraditionRefusePayload>): void {
  request.caseData.refusal = { grounds: payload.grounds, reasons: payload.reasons, refusedAt: iso(now) };
}

/** Records the request for domestic prosecution; its outcome is still to be reported (UNTOC 16(10)). */
export function recordReferral({
  request,
  payload,
  now,
}: ExtraditionContext<RequestDomesticProsecutionPayload>): void {
  request.caseData.domesticProsecution = {
    requestedAt: iso(now),
    reasons: payload.reasons,
    outcomeReported: false,
  };
}

/** Records the final outcome of the domestic prosecution as reported (Budapest 24(6)). */
export function recordProsecutionOutcome({
  request,
  payload,
  now,
}: ExtraditionContext<ReportProsecutionOutcomePayload>): void {
  request.caseData.domesticProsecution = {
    ...request.caseData.domesticProsecution,
    outcome: payload.outcome,
    details: payload.details,
    outcomeReported: true,
    reportedAt: iso(now),
  };
}

/** Records the handover and its arrangements. */
export function recordSurrender({ request, payload, now }: ExtraditionContext<SurrenderPayload>): void {
  request.caseData.surrender = { ...payload, at: iso(now) };
}

/** Records when the case closed: the retention period starts (domestic law). */
export function recordClosure({ request, now }: ExtraditionContext): void {
  request.caseData.closedAt = iso(now);
}

/** Records why the requesting State withdrew the request. */
export function recordWithdrawal({ request, payload, now }: ExtraditionContext<WithdrawPayload>): void {
  request.caseData.withdrawal = { reasons: payload.reasons, withdrawnAt: iso(now) };
}
