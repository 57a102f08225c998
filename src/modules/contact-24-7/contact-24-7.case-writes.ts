import { recordReminder, type WithdrawPayload } from '@/workflows';
import type {
  AcknowledgeTicketPayload,
  AnswerTicketPayload,
  RouteTicketPayload,
} from './payloads/contact-24-7.payloads';
import type { ContactContext, Escalation } from './contact-24-7.case-data';

/*
 * What the rows of the 24/7 ticket lifecycle table (contact-24-7.machine.ts) write to the case file: the
 * acknowledgement and the minutes it took, where the ticket was routed, the answers, and the preservation or
 * MLA requests it was escalated to.
 */

const iso = (d: Date): string => d.toISOString();
const MINUTE_MS = 60000;

/** Minutes between two instants, to two decimals (never negative: clocks of two nodes may differ a little). */
export function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round(((to.getTime() - from.getTime()) / MINUTE_MS) * 100) / 100);
}

/** Records the acknowledgement and the time to acknowledge, from the ticket's opening (DOMAIN.md 4.10). */
export function recordAcknowledgement({
  request,
  payload,
  now,
}: ContactContext<AcknowledgeTicketPayload>): void {
  const opened = request.submittedAt ?? request.deliveredAt ?? now;
  request.caseData.acknowledgement = {
    at: iso(now),
    minutesToAcknowledge: minutesBetween(opened, now),
    handledBy: payload.handledBy,
    ...(payload.note ? { note: payload.note } : {}),
  };
}

/** Records a reminder that the ticket still waits for acknowledgement (art. 41: "immediate"). */
export function recordAcknowledgementReminder({ request, trigger, now }: ContactContext): void {
  recordReminder(
    request,
    'contact-acknowledgement',
    trigger?.runAt ?? now,
    'the 24/7 ticket is not yet acknowledged',
    now,
  );
}

/** Adds where the ticket was sent inside the requested State (Budapest 35(2)). */
export function recordRouting({ request, payload, now }: ContactContext<RouteTicketPayload>): void {
  const list = request.caseData.routings ?? [];
  request.caseData.routings = [
    ...list,
    {
      to: payload.to,
      authority: payload.authority,
      ...(payload.note ? { note: payload.note } : {}),
      at: iso(now),
    },
  ];
}

/** Adds an answer (advice, information, a location, emergency data with its SHA-256) to the ticket. */
export function recordAnswer({ request, payload, now }: ContactContext<AnswerTicketPayload>): void {
  const list = request.caseData.answers ?? [];
  request.caseData.answers = [
    ...list,
    {
      kind: payload.kind,
      answer: payload.answer,
      ...(payload.items?.length ? { items: payload.items.map((i) => ({ ...i })) } : {}),
      at: iso(now),
    },
  ];
}

/** Records the preservation request that follows the ticket up (the request names the ticket too). */
export function recordEscalationToPreservation(ctx: ContactContext): void {
  addEscalation(ctx, 'preservation');
}

/** Records the MLA request that follows the ticket up (the request names the ticket too). */
export function recordEscalationToMla(ctx: ContactContext): void {
  addEscalation(ctx, 'mla');
}

/** Records that the requesting point of contact has what it needed. */
export function recordClosure({ request, now }: ContactContext): void {
  request.caseData.closedAt = iso(now);
}

/** Records why the ticket is no longer needed (UNTOC 18(24)). */
export function recordWithdrawal({ request, payload, now }: ContactContext<WithdrawPayload>): void {
  request.caseData.withdrawal = { reasons: payload.reasons, withdrawnAt: iso(now) };
}

/** One entry per follow-up request: news of the same one twice (a retried job) is recorded once. */
function addEscalation({ request, trigger, now }: ContactContext, channel: Escalation['channel']): void {
  const requestId = trigger?.params.followUpId ?? trigger?.sourceRequestId ?? '';
  const list = request.caseData.escalations ?? [];
  if (!list.some((e) => e.requestId === requestId)) {
    request.caseData.escalations = [...list, { requestId, channel, at: iso(now) }];
  }
}
