import { type CaseOf, holdersOf } from '@/workflows';
import type { PreservationCaseData } from './preservation.case-data';
import { PreservationStatus as S } from './preservation.states';

/*
 * The choices of the preservation lifecycle table (preservation.machine.ts) between several targets, all
 * about the hold by follow-up MLA requests (art. 42, Budapest 29(7)). The table has no guard of its own.
 */

type Request = CaseOf<PreservationCaseData>;

/** A follow-up MLA request that arrived before the custodian confirmed holds the data at once: no clock runs. */
export function heldIfFollowUpArrived(_payload: object, request: Request): string {
  return request.caseData.heldFor ? S.HeldPendingMlaDecision : S.PreservedActive;
}

/**
 * Once data is being preserved, a follow-up holds it (another follow-up joins the hold); before that, or
 * while the requester weighs a warning, the follow-up is only recorded and confirmation leads to the hold.
 */
export function heldOnceDataIsPreserved(_payload: object, request: Request): string {
  return [S.Sent, S.Received, S.WarningIssued].includes(request.status as S)
    ? request.status
    : S.HeldPendingMlaDecision;
}

/**
 * The end of the last open follow-up releases a held preservation; with another still open it stays held,
 * and one not yet held forgets the recorded follow-up (the normal period applies from confirmation).
 */
export function releasedByLastFollowUp(_payload: object, request: Request): string {
  return request.status === String(S.HeldPendingMlaDecision) && holdersOf(request).length === 1
    ? S.Released
    : request.status;
}
