import { type EvidenceItem, recordReminder } from '@/workflows';
import type { ConfiscationContext, RecordedOrder } from './confiscation.case-data';
import { currentLift } from './confiscation.guards';
import type {
  ConfiscationContentsDto,
  ConfiscationDetailsDto,
  ConfiscationOrderDto,
} from './dto/confiscation-details.dto';
import type {
  ArgueAgainstLiftPayload,
  ConfiscationConsultationPayload,
  DecideDisposalPayload,
  EnforcePayload,
  FreezePayload,
  KeepFrozenPayload,
  LiftPayload,
  ObtainOrderPayload,
  ProposeLiftPayload,
  RecogniseOrderPayload,
  RecordThirdPartyClaimPayload,
  RequestConfiscationPayload,
  ResolveThirdPartyClaimPayload,
} from './payloads/confiscation.payloads';

/*
 * What the rows of the confiscation table (confiscation.machine.ts) write to the request and its case file:
 * the freeze and its domestic order, the confiscation request's contents, the order obtained or recognised,
 * the enforcement, every proposal to lift with the requesting State's reasons, the third parties' claims and
 * the disposal with the costs deducted and the requested return beside it (art. 52). The steps it shares
 * with MLA (information requests, refusal, status enquiries, reminders, withdrawal, closure) are written by
 * the MLA channel's case-file writes, as the same art. 40 rules apply (UNTOC 13(3)).
 */

const iso = (d: Date): string => d.toISOString();
const isoOf = (s: string): string => new Date(s).toISOString();

const item = (i: EvidenceItem): EvidenceItem => ({
  name: i.name,
  sha256: i.sha256,
  ...(i.size === undefined ? {} : { size: i.size }),
  ...(i.attachmentId === undefined ? {} : { attachmentId: i.attachmentId }),
});

const order = (o: ConfiscationOrderDto): RecordedOrder => ({
  issuingAuthority: o.issuingAuthority,
  reference: o.reference,
  ...(o.issuedOn ? { issuedOn: isoOf(o.issuedOn) } : {}),
  copy: item(o.copy),
});

/** The contents of a confiscation request, as plain data with the time it was made. */
function contents(c: ConfiscationContentsDto, now: Date): ConfiscationContentsDto & { requestedAt: string } {
  return {
    type: c.type,
    ...(c.factsForDomesticOrder ? { factsForDomesticOrder: c.factsForDomesticOrder } : {}),
    ...(c.order ? { order: { ...order(c.order), copy: item(c.order.copy) } } : {}),
    ...(c.extentOfExecution ? { extentOfExecution: c.extentOfExecution } : {}),
    ...(c.thirdPartyNotice ? { thirdPartyNotice: c.thirdPartyNotice } : {}),
    ...(c.orderIsFinal === undefined ? {} : { orderIsFinal: c.orderIsFinal }),
    ...(c.returnRequest
      ? { returnRequest: { purpose: c.returnRequest.purpose, particulars: c.returnRequest.particulars } }
      : {}),
    requestedAt: iso(now),
  };
}

/** Records the sending; a request starting at confiscation carries its contents into the case file. */
export function recordSubmission({ request, now }: ConfiscationContext): void {
  const d = request.details as ConfiscationDetailsDto;
  request.submittedAt = now;
  if (d.measure === 'confiscation' && d.confiscation) {
    request.caseData.confiscation = contents(d.confiscation, now);
  }
}

/** Records when the request reached the counterpart's inbox. */
export function recordDelivery({ request, now }: ConfiscationContext): void {
  request.deliveredAt = now;
}

/** Records the freeze or seizure and the requested State's own order (art. 50(2)). */
export function recordFreezing({ request, payload, now }: ConfiscationContext<FreezePayload>): void {
  request.caseData.freezing = {
    measureTaken: payload.measureTaken,
    domesticOrder: {
      issuingAuthority: payload.domesticOrder.issuingAuthority,
      reference: payload.domesticOrder.reference,
    },
    ...(payload.properties ? { properties: [...payload.properties].sort((a, b) => a - b) } : {}),
    ...(payload.note ? { note: payload.note } : {}),
    frozenAt: iso(now),
  };
}

/** Records the consultation before a refusal, in the phase it was opened (UNTOC 18(26)). */
export function recordConsultation({
  request,
  payload,
  now,
}: ConfiscationContext<ConfiscationConsultationPayload>): void {
  request.caseData.consultation = {
    intendedOutcome: 'refuse',
    grounds: [...payload.grounds],
    reasons: payload.reasons,
    openedAt: iso(now),
    in: request.status,
  };
}

/** Records the confiscation request made after the freeze (art. 50(1), (3)). */
export function recordConfiscationRequest({
  request,
  payload,
  now,
}: ConfiscationContext<RequestConfiscationPayload>): void {
  request.caseData.confiscation = contents(payload, now);
}

/** Records the requested State's own confiscation order (art. 50(1)(a)). */
export function recordDomesticOrder({
  request,
  payload,
  now,
}: ConfiscationContext<ObtainOrderPayload>): void {
  request.caseData.order = {
    kind: 'domestic',
    ...order(payload.order),
    ...(payload.properties
      ? { extent: `property ${[...payload.properties].sort((a, b) => a - b).join(', ')}` }
      : {}),
    at: iso(now),
  };
}

/** Records the decision giving effect to the requesting State's order, in full or in part (art. 50(1)(b)). */
export function recordRecognition({
  request,
  payload,
  now,
}: ConfiscationContext<RecogniseOrderPayload>): void {
  request.caseData.order = {
    kind: 'recognised',
    issuingAuthority: payload.decision.issuingAuthority,
    reference: payload.decision.reference,
    extent: payload.extent,
    ...(payload.limits ? { limits: payload.limits } : {}),
    at: iso(now),
  };
}

/** Records what the enforcement achieved. */
export function recordEnforcement({ request, payload, now }: ConfiscationContext<EnforcePayload>): void {
  request.caseData.enforcement = {
    summary: payload.summary,
    ...(payload.realised
      ? { realised: { amount: payload.realised.amount, currency: payload.realised.currency } }
      : {}),
    enforcedAt: iso(now),
  };
}

/**
 * Records the disposal (art. 52; UNTOC 14): the outcome, the value, each reasonable cost deducted [GK], what
 * remains, the shares, and beside them the requesting State's request for return, if it made one.
 */
export function recordDisposal({ request, payload, now }: ConfiscationContext<DecideDisposalPayload>): void {
  const costsDeducted = (payload.costsDeducted ?? []).map((c) => ({
    description: c.description,
    amount: c.amount,
  }));
  const totalCosts = costsDeducted.reduce((s, c) => s + c.amount, 0);
  const asked = request.caseData.confiscation?.returnRequest;
  request.caseData.disposal = {
    outcome: payload.outcome,
    amount: payload.amount,
    currency: payload.currency,
    costsDeducted,
    totalCosts,
    net: payload.amount - totalCosts,
    ...(payload.shares
      ? { shares: payload.shares.map((s) => ({ recipient: s.recipient, amount: s.amount })) }
      : {}),
    ...(payload.reasons ? { reasons: payload.reasons } : {}),
    ...(asked ? { returnRequested: { purpose: asked.purpose, particulars: asked.particulars } } : {}),
    decidedAt: iso(now),
  };
}

/** Adds the requested State's proposal to lift, with the period the requesting State has to argue. */
export function recordLiftProposal({ request, payload, now }: ConfiscationContext<ProposeLiftPayload>): void {
  const list = request.caseData.liftProposals ?? [];
  request.caseData.liftProposals = [
    ...list,
    {
      grounds: [...payload.grounds],
      reasons: payload.reasons,
      respondBy: isoOf(payload.respondBy),
      proposedAt: iso(now),
    },
  ];
}

/** Rewrites the current proposal to lift. */
function updateLift(ctx: ConfiscationContext, change: object): void {
  const list = [...(ctx.request.caseData.liftProposals ?? [])];
  const current = currentLift(ctx.request);
  if (current) {
    list[list.length - 1] = { ...current, ...change };
    ctx.request.caseData.liftProposals = list;
  }
}

/** Records the requesting State's reasons for keeping the measure (art. 50 [GK]). */
export function recordLiftArguments(ctx: ConfiscationContext<ArgueAgainstLiftPayload>): void {
  const { payload, now } = ctx;
  updateLift(ctx, {
    arguments: {
      position: payload.position,
      ...(payload.items ? { items: payload.items.map(item) } : {}),
      arguedAt: iso(now),
    },
  });
}

/** Records that the period to argue has ended (the clock). */
export function recordArgumentPeriodEnd(ctx: ConfiscationContext): void {
  updateLift(ctx, { periodEndedAt: iso(ctx.now) });
}

/** Records a reminder that the period to argue ends soon, while the requesting State has not argued. */
export function recordArgumentReminder({ request, now }: ConfiscationContext): void {
  const due = new Date(currentLift(request)?.respondBy ?? now.toISOString());
  recordReminder(request, 'lift-argument', due, 'the period to argue against the lifting ends soon', now);
}

/** The measure is kept: the proposal is decided. */
export function recordKeptFrozen(ctx: ConfiscationContext<KeepFrozenPayload>): void {
  updateLift(ctx, { decision: { outcome: 'kept', reasons: ctx.payload.reasons, decidedAt: iso(ctx.now) } });
}

/** The measure is lifted: the proposal is decided and the property free. */
export function recordLifted(ctx: ConfiscationContext<LiftPayload>): void {
  updateLift(ctx, { decision: { outcome: 'lifted', reasons: ctx.payload.reasons, decidedAt: iso(ctx.now) } });
  ctx.request.caseData.liftedAt = iso(ctx.now);
}

/** Adds a bona fide third party's claim (UNTOC 13(8)). */
export function recordClaim({
  request,
  payload,
  now,
}: ConfiscationContext<RecordThirdPartyClaimPayload>): void {
  const list = request.caseData.thirdPartyClaims ?? [];
  request.caseData.thirdPartyClaims = [
    ...list,
    {
      claimant: payload.claimant,
      interest: payload.interest,
      ...(payload.properties ? { properties: [...payload.properties].sort((a, b) => a - b) } : {}),
      receivedAt: iso(now),
    },
  ];
}

/** Records the decision on a third party's claim. */
export function recordClaimResolution({
  request,
  payload,
  now,
}: ConfiscationContext<ResolveThirdPartyClaimPayload>): void {
  request.caseData.thirdPartyClaims = (request.caseData.thirdPartyClaims ?? []).map((c, i) =>
    i === payload.claim
      ? { ...c, resolution: { outcome: payload.outcome, reasons: payload.reasons, resolvedAt: iso(now) } }
      : c,
  );
}
