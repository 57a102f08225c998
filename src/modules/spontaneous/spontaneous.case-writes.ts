import type { Condition } from '@/workflows';
import type {
  CancelOfferPayload,
  DeclineConditionsPayload,
  LogUsePayload,
  NotifyExculpatoryDisclosurePayload,
  ReviseConditionsPayload,
  TransmitInformationPayload,
} from './payloads/spontaneous.payloads';
import type { SpontaneousDetailsDto } from './dto/spontaneous-details.dto';
import type { SpontaneousContext } from './spontaneous.case-data';

/*
 * What the rows of the spontaneous information table (spontaneous.machine.ts) write to the request and its
 * case file: the conditions offered, each decline, the binding of the receiving State (as structure, so that
 * a use-limitation check can read it), the documents transmitted with their SHA-256, the receiver's account
 * of use and its exculpatory-disclosure notices.
 */

const iso = (d: Date): string => d.toISOString();
const copy = (conditions: readonly Condition[]): Condition[] =>
  conditions.map((c) => ({ type: c.type, text: c.text }));

/** Records the sending and the conditions set before it (Budapest 26(2)), from the offer's details. */
export function recordOffer({ request, now }: SpontaneousContext): void {
  const details = request.details as SpontaneousDetailsDto;
  request.submittedAt = now;
  request.caseData.offeredAt = iso(now);
  request.caseData.conditions = { items: copy(details.conditions ?? []), proposedAt: iso(now) };
}

/** Records when the offer reached the receiver's inbox. */
export function recordDelivery({ request, now }: SpontaneousContext): void {
  request.deliveredAt = now;
}

/** The receiver accepts the conditions: from now on it is bound by them (UNTOC 18(5); Budapest 26(2)). */
export function recordAcceptance({ request, actor, now }: SpontaneousContext): void {
  const items = request.caseData.conditions?.items ?? [];
  request.caseData.conditions = {
    items,
    proposedAt: request.caseData.conditions?.proposedAt ?? iso(now),
    acceptedAt: iso(now),
  };
  request.caseData.acceptedAt = iso(now);
  request.caseData.binding = {
    boundAuthorityId: request.requestedAuthorityId,
    conditions: copy(items),
    arose: 'accepted',
    since: iso(now),
    ...(actor.type === 'user' ? { acceptedByUserId: actor.userId } : {}),
  };
}

/** Adds the receiver's decline: which conditions it cannot comply with and why (Budapest 26(2)). */
export function recordDecline({ request, payload, now }: SpontaneousContext<DeclineConditionsPayload>): void {
  const list = request.caseData.declines ?? [];
  request.caseData.declines = [
    ...list,
    {
      conditions: copy(request.caseData.conditions?.items ?? []),
      ...(payload.unacceptable ? { unacceptable: [...payload.unacceptable].sort((a, b) => a - b) } : {}),
      reasons: payload.reasons,
      declinedAt: iso(now),
    },
  ];
}

/** The sender offers the information again on other conditions (the earlier ones stay in `declines`). */
export function recordRevisedConditions({
  request,
  payload,
  now,
}: SpontaneousContext<ReviseConditionsPayload>): void {
  request.caseData.conditions = { items: copy(payload.conditions), proposedAt: iso(now) };
}

/** Adds the transmitted documents, each with its SHA-256, under the accepted conditions. */
export function recordTransmission(ctx: SpontaneousContext<TransmitInformationPayload>): void {
  writeTransmission(ctx, true);
}

/**
 * Adds the transmitted documents after a decline: the sender provides the information nonetheless, and the
 * declined conditions do not bind the receiver (Budapest 26(2)); the case file says so.
 */
export function recordTransmissionWithoutConditions(
  ctx: SpontaneousContext<TransmitInformationPayload>,
): void {
  writeTransmission(ctx, false);
  ctx.request.caseData.binding = {
    boundAuthorityId: ctx.request.requestedAuthorityId,
    conditions: [],
    arose: 'provided-nonetheless',
    since: iso(ctx.now),
  };
}

function writeTransmission(
  { request, payload, now }: SpontaneousContext<TransmitInformationPayload>,
  underConditions: boolean,
): void {
  request.caseData.transmission = {
    summary: payload.summary,
    items: payload.items.map((i) => ({
      name: i.name,
      sha256: i.sha256,
      ...(i.size === undefined ? {} : { size: i.size }),
      ...(i.attachmentId === undefined ? {} : { attachmentId: i.attachmentId }),
    })),
    underConditions,
    transmittedAt: iso(now),
  };
}

/** Adds the receiver's account of what it did with the information. */
export function recordUse({ request, payload, now }: SpontaneousContext<LogUsePayload>): void {
  const list = request.caseData.uses ?? [];
  request.caseData.uses = [
    ...list,
    {
      use: payload.use,
      details: payload.details,
      ...(payload.proceedingReference ? { proceedingReference: payload.proceedingReference } : {}),
      loggedAt: iso(now),
    },
  ];
}

/** Adds the receiver's notice that it discloses exculpatory information in its proceedings (UNTOC 18(5)). */
export function recordExculpatoryNotice({
  request,
  payload,
  now,
}: SpontaneousContext<NotifyExculpatoryDisclosurePayload>): void {
  const list = request.caseData.exculpatoryNotices ?? [];
  request.caseData.exculpatoryNotices = [
    ...list,
    {
      disclosure: payload.disclosure,
      ...(payload.disclosureDate ? { disclosureDate: new Date(payload.disclosureDate).toISOString() } : {}),
      notifiedAt: iso(now),
    },
  ];
}

/** Records why the sender cancelled the offer. */
export function recordCancellation({ request, payload, now }: SpontaneousContext<CancelOfferPayload>): void {
  request.caseData.cancellation = { reasons: payload.reasons, cancelledAt: iso(now) };
}

/** Records when the case closed (the retention period starts); the binding stays on the case file. */
export function recordClosure({ request, now }: SpontaneousContext): void {
  request.caseData.closedAt = iso(now);
}
