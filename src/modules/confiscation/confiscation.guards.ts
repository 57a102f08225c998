import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import type { CaseOf } from '@/workflows';
import { confiscationContentsProblems } from './confiscation.contents';
import type { ConfiscationCaseData, ConfiscationContext, LiftProposal } from './confiscation.case-data';
import { ConfiscationStatus as S } from './confiscation.states';
import type { ConfiscationDetailsDto } from './dto/confiscation-details.dto';
import type {
  DecideDisposalPayload,
  ProposeLiftPayload,
  RequestConfiscationPayload,
  ResolveThirdPartyClaimPayload,
} from './payloads/confiscation.payloads';

/*
 * The checks and choices of the confiscation table (confiscation.machine.ts): guards that refuse a move,
 * conditions under which an action is offered at all, and the choice of the first status.
 */

type Case = CaseOf<ConfiscationCaseData>;

const fail = (problems: FieldProblem[]): void => {
  if (problems.length > 0) {
    throw new ValidationFailedError(problems);
  }
};

/** The draft starts at freezing or seizure (art. 50(2)) or directly at confiscation (art. 50(1)). */
export function firstStatus(_payload: object, request: Case): string {
  return (request.details as ConfiscationDetailsDto).measure === 'confiscation'
    ? S.ConfiscationRequested
    : S.FreezeRequested;
}

/** The request has not reached the requested State yet (a later confiscation request is already there). */
function notYetDelivered(request: Case): boolean {
  return request.deliveredAt === null;
}
export const deliveredOnce = { test: notYetDelivered, reason: 'it was already delivered' };

/** Positions in details.properties named by a payload must exist. */
export function propertiesExist({ request, payload }: ConfiscationContext<{ properties?: number[] }>): void {
  const count = (request.details as ConfiscationDetailsDto).properties?.length ?? 0;
  const unknown = (payload.properties ?? []).filter((i) => i >= count);
  fail(
    unknown.length > 0
      ? [
          {
            field: 'properties',
            messages: [`not property of this request (it has ${count}): ${unknown.join(', ')}`],
          },
        ]
      : [],
  );
}

/** A confiscation request made after a freeze has the contents of its type (art. 50(3)). */
export function confiscationContentsComplete({
  payload,
}: ConfiscationContext<RequestConfiscationPayload>): void {
  fail(confiscationContentsProblems(payload, ''));
}

/** Before refusing, the requested State consults the requesting State in the same phase (UNTOC 18(26)). */
function consultationOpenedInThisStatus(request: Case): boolean {
  return request.caseData.consultation?.in === request.status;
}
export const consultedInThisPhase = {
  test: consultationOpenedInThisStatus,
  reason: 'consult the requesting State first (open-consultation)',
};

/** The requested State's questions are waiting for the requesting State's answers (UNTOC 18(16)). */
function hasUnansweredQuestions(request: Case): boolean {
  return (request.caseData.informationRequests ?? []).some((q) => q.answers === undefined);
}
export const questionsOpen = { test: hasUnansweredQuestions, reason: 'there are no open questions' };

/** The confiscation type decides which order the requested State produces (art. 50(1)(a) or (b)). */
function typeIsDomesticOrder(request: Case): boolean {
  return request.caseData.confiscation?.type === 'obtain-domestic-order';
}
function typeIsEnforcement(request: Case): boolean {
  return request.caseData.confiscation?.type === 'enforce-order';
}
export const asksForDomesticOrder = {
  test: typeIsDomesticOrder,
  reason: 'the request asks to enforce its own order (recognise-order)',
};
export const asksForEnforcement = {
  test: typeIsEnforcement,
  reason: 'the request asks for a domestic order (obtain-order)',
};

/** The period to argue ends in the future (art. 50 [GK]: the requesting State is given the chance). */
export function respondByInTheFuture({ payload, now }: ConfiscationContext<ProposeLiftPayload>): void {
  fail(
    Date.parse(payload.respondBy) <= now.getTime()
      ? [{ field: 'respondBy', messages: ['must be in the future'] }]
      : [],
  );
}

/** The current proposal to lift (the last one). */
export function currentLift(request: Case): LiftProposal | undefined {
  const list = request.caseData.liftProposals ?? [];
  return list[list.length - 1];
}

/** The requesting State argues once per proposal. */
function noArgumentsYet(request: Case): boolean {
  return !currentLift(request)?.arguments;
}
export const notYetArgued = {
  test: noArgumentsYet,
  reason: 'the requesting State has already given its reasons',
};

/** Lifting only after the requesting State argued or its period ended (art. 50 [GK]). */
function arguedOrPeriodOver(request: Case): boolean {
  const lift = currentLift(request);
  return Boolean(lift?.arguments ?? lift?.periodEndedAt);
}
export const heardOrPeriodEnded = {
  test: arguedOrPeriodOver,
  reason: 'the requesting State has not argued and its period to argue has not ended',
};

const openClaims = (request: Case): number[] =>
  (request.caseData.thirdPartyClaims ?? []).flatMap((c, i) => (c.resolution ? [] : [i]));

/** A claim is waiting for its decision. */
function someClaimOpen(request: Case): boolean {
  return openClaims(request).length > 0;
}
export const claimOpen = { test: someClaimOpen, reason: 'there is no open third-party claim' };

/** Disposal waits for every bona fide third party's claim to be decided (UNTOC 13(8)). */
function everyClaimDecided(request: Case): boolean {
  return openClaims(request).length === 0;
}
export const noOpenClaims = {
  test: everyClaimDecided,
  reason: 'a third-party claim is still open (UNTOC 13(8))',
};

/** The claim decided is one of the open claims. */
export function claimIsOpen({ request, payload }: ConfiscationContext<ResolveThirdPartyClaimPayload>): void {
  const open = openClaims(request);
  fail(
    open.includes(payload.claim)
      ? []
      : [{ field: 'claim', messages: [`not an open claim (open: ${open.join(', ') || 'none'})`] }],
  );
}

/**
 * Disposal (art. 52): costs not above the value, shares only when SHARED and within what remains, and a
 * reason whenever a requested return is not made (the requested State gives it priority consideration).
 */
export function disposalAddsUp({ request, payload }: ConfiscationContext<DecideDisposalPayload>): void {
  const problems: FieldProblem[] = [];
  const costs = (payload.costsDeducted ?? []).reduce((s, c) => s + c.amount, 0);
  if (costs > payload.amount) {
    problems.push({ field: 'costsDeducted', messages: ['the costs deducted exceed the amount disposed of'] });
  }
  if (payload.outcome === 'SHARED') {
    const shared = (payload.shares ?? []).reduce((s, c) => s + c.amount, 0);
    if (!payload.shares) {
      problems.push({ field: 'shares', messages: ['say who receives which part (UNTOC 14(3))'] });
    } else if (shared > payload.amount - costs) {
      problems.push({ field: 'shares', messages: ['the shares exceed the amount left after costs'] });
    }
  } else if (payload.shares) {
    problems.push({ field: 'shares', messages: ['only when the outcome is SHARED'] });
  }
  if (
    request.caseData.confiscation?.returnRequest &&
    payload.outcome !== 'RETURNED_TO_REQUESTER' &&
    !payload.reasons
  ) {
    problems.push({
      field: 'reasons',
      messages: ['art. 52: the requesting State asked for the return; say why it is not returned'],
    });
  }
  fail(problems);
}
