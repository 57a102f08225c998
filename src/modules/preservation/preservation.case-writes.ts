import { createHash } from 'node:crypto';
import { type CaseOf, daysAfter, holdersOf, recordReminder, type WithdrawPayload } from '@/workflows';
import type {
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
import type { PreservationCaseData, PreservationContext, TrafficDisclosure } from './preservation.case-data';
import { PreservationStatus as S } from './preservation.states';

/*
 * What the rows of the preservation lifecycle table (preservation.machine.ts) write to the case file: the
 * order, the custodian's confirmation and the expiry it sets, extensions, the hold by follow-up MLA
 * requests, and the art. 43 records of traffic data.
 */

const iso = (d: Date): string => d.toISOString();

/** Records the domestic preservation order sent to the custodian (art. 42; Budapest 29(3)). */
export function recordPreservationOrder({
  request,
  payload,
  now,
}: PreservationContext<StartPreservationPayload>): void {
  request.caseData.preservation = {
    ...request.caseData.preservation,
    ...(payload.orderReference ? { orderReference: payload.orderReference } : {}),
    orderedAt: iso(now),
  };
}

/** Records the narrow ground and the reasons of a refusal (art. 42; Budapest 29(4)-(5)). */
export function recordRefusal({
  request,
  payload,
  now,
}: PreservationContext<PreservationRefusePayload>): void {
  request.caseData.refusal = { grounds: payload.grounds, reasons: payload.reasons, refusedAt: iso(now) };
}

/** Records the warning and its reasons, for the requesting State to decide on (Budapest 29(6)). */
export function recordWarning({ request, payload, now }: PreservationContext<IssueWarningPayload>): void {
  request.caseData.warning = { concern: payload.concern, reasons: payload.reasons, issuedAt: iso(now) };
}

/** Records the requesting State's decision to go on despite the warning (Budapest 29(6)). */
export function recordDecisionToProceed({ request, now }: PreservationContext): void {
  if (request.caseData.warning) {
    request.caseData.warning = { ...request.caseData.warning, decision: 'proceed', decidedAt: iso(now) };
  }
}

/** Records the custodian's confirmation and sets the expiry: the State's period, at least 60 days (42(7)). */
export function recordCustodianConfirmation(ctx: PreservationContext<ConfirmPreservationPayload>): void {
  const { request, payload, now, settings } = ctx;
  request.caseData.preservation = {
    ...request.caseData.preservation,
    custodianConfirmation: payload.custodianConfirmation,
    confirmedAt: iso(now),
  };
  setExpiry(ctx, now, settings.preservationDays);
}

/** Adds the requesting State's request for an extension, undecided (art. 42 [GK]). */
export function recordExtensionRequest({
  request,
  payload,
  now,
}: PreservationContext<RequestExtensionPayload>): void {
  const list = request.caseData.extensionRequests ?? [];
  request.caseData.extensionRequests = [...list, { reasons: payload.reasons, requestedAt: iso(now) }];
}

/** Moves the expiry by the days granted (default the State's period) from the current expiry or now (art. 42). */
export function recordExtensionGranted(ctx: PreservationContext<GrantExtensionPayload>): void {
  const { request, payload, now, settings } = ctx;
  const days = payload.days ?? settings.preservationDays;
  const current = new Date(request.caseData.preservation?.expiresAt ?? iso(now));
  setExpiry(ctx, current.getTime() > now.getTime() ? current : now, days);
  request.caseData.extensionRequests = settleLast(request.caseData.extensionRequests, {
    outcome: 'granted',
    days,
    decidedAt: iso(now),
  });
}

/** Records that the extension was declined, with reasons; the current expiry stands (art. 42). */
export function recordExtensionDeclined({
  request,
  payload,
  now,
}: PreservationContext<DeclineExtensionPayload>): void {
  request.caseData.extensionRequests = settleLast(request.caseData.extensionRequests, {
    outcome: 'declined',
    decisionReasons: payload.reasons,
    decidedAt: iso(now),
  });
}

/** Records when the preservation period ended (art. 42(7)). */
export function recordExpiry({ request, now }: PreservationContext): void {
  request.caseData.expiredAt = iso(now);
}

/** Records a reminder to the requesting side that the preservation expires soon (art. 42). */
export function recordExpiryReminder({ request, now }: PreservationContext): void {
  const expiresAt = new Date(request.caseData.preservation?.expiresAt ?? iso(now));
  recordReminder(request, 'preservation-expiry', expiresAt, 'the preservation expires soon', now);
}

/** Records the follow-up MLA request that holds the data (the first in `heldFor`, others beside it; 42(7)). */
export function recordHold({ request, trigger, now }: PreservationContext): void {
  const hold = { requestId: trigger?.params.followUpId ?? trigger?.sourceRequestId ?? '', at: iso(now) };
  if (!request.caseData.heldFor) {
    request.caseData.heldFor = hold;
  } else if (!holdersOf(request).includes(hold.requestId)) {
    request.caseData.alsoHeldFor = [...(request.caseData.alsoHeldFor ?? []), hold];
  }
}

/** Removes the follow-up that ended from the hold; the last one releases the data (art. 42(7)). */
export function recordRelease({ request, trigger, now }: PreservationContext): void {
  const ending = trigger?.params.followUpId ?? '';
  const others = [request.caseData.heldFor, ...(request.caseData.alsoHeldFor ?? [])].filter(
    (h): h is { requestId: string; at: string } => h !== undefined && h.requestId !== ending,
  );
  if (others.length > 0) {
    const [first, ...rest] = others;
    request.caseData.heldFor = first;
    if (rest.length > 0) {
      request.caseData.alsoHeldFor = rest;
    } else {
      delete request.caseData.alsoHeldFor;
    }
  } else if (request.status === String(S.HeldPendingMlaDecision)) {
    request.caseData.releasedFor = { requestId: ending, at: iso(now) };
  } else {
    delete request.caseData.heldFor;
  }
}

/** Adds an art. 43 record: the provider in another State and the traffic data identifying it (Budapest 30(1)). */
export function recordTrafficDisclosure({
  request,
  payload,
  now,
}: PreservationContext<DiscloseTrafficDataPayload>): void {
  addDisclosureRecord(request, 'DISCLOSED', payload, now);
}

/** Adds an art. 43 record of traffic data withheld on a narrow ground, with reasons (Budapest 30(2)). */
export function recordTrafficWithholding({
  request,
  payload,
  now,
}: PreservationContext<WithholdTrafficDataPayload>): void {
  addDisclosureRecord(request, 'WITHHELD', payload, now);
}

/** Records why the preservation is no longer needed (UNTOC 18(24)). */
export function recordWithdrawal({ request, payload, now }: PreservationContext<WithdrawPayload>): void {
  request.caseData.withdrawal = { reasons: payload.reasons, withdrawnAt: iso(now) };
}

/** Sets a new expiry `days` after `from` (periodDays: the length of the latest period granted). */
function setExpiry(ctx: PreservationContext<object>, from: Date, days: number): void {
  const p = ctx.request.caseData.preservation ?? {};
  ctx.request.caseData.preservation = { ...p, expiresAt: iso(daysAfter(from, days)), periodDays: days };
}

/**
 * The id of the request's n-th art. 43 record: a name-based UUID (RFC 9562 version 5, namespace the request's
 * id), so that every node holding the request gives the record the same id (an onward preservation names it).
 */
export function disclosureRecordId(requestId: string, n: number): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(requestId.replace(/-/g, ''), 'hex'))
    .update(`traffic-disclosure/${n}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Adds an art. 43 record (disclosed or withheld) with its own id, to which an onward preservation refers. */
function addDisclosureRecord(
  request: CaseOf<PreservationCaseData>,
  outcome: TrafficDisclosure['outcome'],
  payload: DiscloseTrafficDataPayload | WithholdTrafficDataPayload,
  now: Date,
): void {
  const list = request.caseData.trafficDisclosures ?? [];
  request.caseData.trafficDisclosures = [
    ...list,
    { id: disclosureRecordId(request.id, list.length), outcome, ...payload, recordedAt: iso(now) },
  ];
}

/** Settles the latest entry of a list (an extension request) with its decision. */
function settleLast<T extends object>(list: T[] | undefined, decision: Partial<T>): T[] {
  const copy = [...(list ?? [])];
  const last = copy[copy.length - 1];
  if (last) {
    copy[copy.length - 1] = { ...last, ...decision };
  }
  return copy;
}
