import type {
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
import { recordReminder } from '@/workflows';
import type { RealTimeCollectionContext } from './real-time-collection.case-data';

/*
 * What the collection rows of the lifecycle table (real-time-collection.machine.ts) write to the case file;
 * the review rows reuse the MLA channel's writes (mla.case-writes.ts). Each write records its time.
 */

const iso = (d: Date): string => d.toISOString();
const isoOf = (s: string): string => new Date(s).toISOString();

/** Collection starts under the domestic authorisation, for the authorised period (arts 45, 46). */
export function recordCollectionStart({
  request,
  payload,
  now,
}: RealTimeCollectionContext<StartCollectionPayload>): void {
  const endsAt = isoOf(payload.endsAt);
  request.caseData.collection = {
    authorisationReference: payload.authorisationReference,
    startedAt: iso(now),
    endsAt,
    firstEndsAt: endsAt,
  };
}

/** The requesting State asks for a longer period, with a fresh justification. */
export function recordRenewalRequest({
  request,
  payload,
  now,
}: RealTimeCollectionContext<RequestRenewalPayload>): void {
  request.caseData.renewals = [
    ...(request.caseData.renewals ?? []),
    {
      requestedEnd: isoOf(payload.requestedEnd),
      justification: payload.justification,
      requestedAt: iso(now),
    },
  ];
}

/** Decides the open renewal request (the last one). */
function decideRenewal(
  { request, now }: RealTimeCollectionContext,
  decision: {
    outcome: 'granted' | 'declined';
    grantedEnd?: string;
    authorisationReference?: string;
    decisionReasons?: string;
  },
): void {
  const list = [...(request.caseData.renewals ?? [])];
  const open = list.at(-1);
  if (open && !open.outcome) {
    list[list.length - 1] = { ...open, ...decision, decidedAt: iso(now) };
  }
  request.caseData.renewals = list;
}

/** The renewal is granted: a new end, under a new authorisation; the old clocks become void. */
export function recordRenewalGranted(ctx: RealTimeCollectionContext<GrantRenewalPayload>): void {
  const endsAt = isoOf(ctx.payload.endsAt);
  decideRenewal(ctx, {
    outcome: 'granted',
    grantedEnd: endsAt,
    authorisationReference: ctx.payload.authorisationReference,
  });
  const c = ctx.request.caseData.collection;
  if (c) {
    ctx.request.caseData.collection = {
      ...c,
      endsAt,
      authorisationReference: ctx.payload.authorisationReference,
    };
  }
}

/** The renewal is declined; the current end stands. */
export function recordRenewalDeclined(ctx: RealTimeCollectionContext<DeclineRenewalPayload>): void {
  decideRenewal(ctx, { outcome: 'declined', decisionReasons: ctx.payload.reasons });
}

/** Collection is suspended (the domestic authorisation lapsed); the period's end still runs. */
export function recordSuspension({
  request,
  payload,
  now,
}: RealTimeCollectionContext<SuspendCollectionPayload>): void {
  request.caseData.suspensions = [
    ...(request.caseData.suspensions ?? []),
    { reasons: payload.reasons, suspendedAt: iso(now) },
  ];
}

/** Collection resumes under an authorisation in force again, within the same period. */
export function recordResumedCollection({
  request,
  payload,
  now,
}: RealTimeCollectionContext<ResumeCollectionPayload>): void {
  const list = [...(request.caseData.suspensions ?? [])];
  const open = list.at(-1);
  if (open && !open.resumedAt) {
    list[list.length - 1] = {
      ...open,
      resumedAt: iso(now),
      authorisationReference: payload.authorisationReference,
    };
  }
  request.caseData.suspensions = list;
  if (request.caseData.collection) {
    request.caseData.collection = {
      ...request.caseData.collection,
      authorisationReference: payload.authorisationReference,
    };
  }
}

/** The authorised period is over (the legal clock). */
export function recordPeriodOver({ request, now }: RealTimeCollectionContext): void {
  request.caseData.collectionEnded = { by: 'timer', endedAt: iso(now) };
}

/** Collection stops before the end of the period, at the request of either side. */
export function recordStop({
  request,
  payload,
  actor,
  now,
}: RealTimeCollectionContext<StopCollectionPayload>): void {
  const by =
    actor.type === 'user' && actor.authorityId === request.requestingAuthorityId ? 'requesting' : 'requested';
  request.caseData.collectionEnded = { by, reasons: payload.reasons, endedAt: iso(now) };
}

/** Adds a batch of collected data, numbered in delivery order, each document with its SHA-256. */
export function recordBatch({ request, payload, now }: RealTimeCollectionContext<DeliverBatchPayload>): void {
  const batches = request.caseData.batches ?? [];
  request.caseData.batches = [
    ...batches,
    {
      number: batches.length + 1,
      summary: payload.summary,
      items: payload.items.map((i) => ({
        name: i.name,
        sha256: i.sha256,
        ...(i.size === undefined ? {} : { size: i.size }),
        ...(i.attachmentId === undefined ? {} : { attachmentId: i.attachmentId }),
      })),
      ...(payload.coveredFrom ? { coveredFrom: isoOf(payload.coveredFrom) } : {}),
      ...(payload.coveredTo ? { coveredTo: isoOf(payload.coveredTo) } : {}),
      deliveredAt: iso(now),
    },
  ];
}

/** Execution is complete: the outcome is reported (Budapest 27(7)). */
export function recordOutcome({
  request,
  payload,
  now,
}: RealTimeCollectionContext<CompleteExecutionPayload>): void {
  request.caseData.outcome = { summary: payload.summary, executedAt: iso(now) };
}

/** A reminder that the authorised period ends soon: the requesting side may ask for a renewal. */
export function recordCollectionEndReminder({ request, now }: RealTimeCollectionContext): void {
  const endsAt = request.caseData.collection?.endsAt ?? iso(now);
  recordReminder(
    request,
    'collection-end',
    new Date(endsAt),
    'the authorised collection period ends soon; a renewal may be requested',
    now,
  );
}
