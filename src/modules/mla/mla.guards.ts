import { ValidationFailedError } from '@/common/errors/domain-error';
import { type CaseOf, ForbiddenRefusalGroundError } from '@/workflows';
import type { PostponePayload } from './payloads/postpone.payload';
import { FORBIDDEN_REFUSAL_GROUNDS, type RefusePayload } from './payloads/refuse.payload';
import type { TransmitResultsPayload } from './payloads/transmit-results.payload';
import type { MlaCaseData, MlaContext } from './mla.case-data';
import { MlaStatus } from './mla.states';

/*
 * The checks and choices of the MLA lifecycle table (mla.machine.ts): guards that refuse a move, conditions
 * under which an action is offered at all, and the choice between several targets.
 */

/** A postponement must end in the future (UNTOC 18(25): postponed, not refused). */
export function untilIsInTheFuture({ payload, now }: MlaContext<PostponePayload>): void {
  if (Date.parse(payload.until) <= now.getTime()) {
    throw new ValidationFailedError([{ field: 'until', messages: ['must be in the future'] }]);
  }
}

/** Bank secrecy and purely fiscal grounds may not be invoked (UNTOC 18(8), 18(22)). */
export function refusalGroundsAllowed({ payload }: MlaContext<RefusePayload>): void {
  const forbidden = payload.grounds
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => Object.hasOwn(FORBIDDEN_REFUSAL_GROUNDS, g))
    .map(({ g, i }) => ({ field: `grounds[${i}]`, messages: [`${g}: ${FORBIDDEN_REFUSAL_GROUNDS[g]}`] }));
  if (forbidden.length > 0) {
    throw new ForbiddenRefusalGroundError(forbidden);
  }
  // Conditions are offered instead of a data-protection refusal where they would make the transfer lawful
  // (art. 36(2)): with that ground only.
  if (payload.conditionsOffered && !payload.grounds.includes('DATA_PROTECTION_INCOMPATIBLE')) {
    throw new ValidationFailedError([
      {
        field: 'conditionsOffered',
        messages: ['conditions are offered with the ground DATA_PROTECTION_INCOMPATIBLE only (art. 36(2))'],
      },
    ]);
  }
}

/** Final results end execution (EXECUTED); partial ones leave it open (Budapest 27(6)-(7)). */
export function finalOrPartial(payload: TransmitResultsPayload): string {
  return payload.final ? MlaStatus.Executed : MlaStatus.PartiallyExecuted;
}

/** A status enquiry of the requesting State is still unanswered (UNTOC 18(24)). */
export function hasUnansweredEnquiry(request: CaseOf<MlaCaseData>): boolean {
  return (request.caseData.statusEnquiries ?? []).some((e) => e.answer === undefined);
}

/** An answer is offered only while an enquiry is open. */
export const unansweredEnquiryOpen = {
  test: hasUnansweredEnquiry,
  reason: 'there is no unanswered status enquiry',
};
