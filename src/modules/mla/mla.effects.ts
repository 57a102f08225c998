import { type CaseOf, followUpEnded, type TransitionContext } from '@/workflows';
import { MlaJob } from './mla.constants';
import type { MlaCaseData, MlaContext, MlaEffect } from './mla.case-data';
import { MlaStatus } from './mla.states';

/*
 * Follow-up work of the MLA lifecycle table (mla.machine.ts) that is the channel's own: its legal clock
 * and the release of a followed-up preservation on final results. The engine's shared effects
 * (followUpReceived, followUpEnded, deadlineReminders, enquiryReminder) come from '@/workflows'.
 */

/** The postponement's end date, as recorded by the postpone action. */
function atPostponementEnd({ request }: TransitionContext<never, MlaCaseData>): Date {
  return new Date(request.caseData.postponement?.until ?? Date.now());
}

/** Only the postponement the clock was set for: not an earlier one resumed by hand and postponed again. */
function stillThisPostponement(request: CaseOf<MlaCaseData>, trigger: { runAt: Date }): boolean {
  return (
    !request.caseData.postponement?.resumedAt &&
    request.caseData.postponement?.until === trigger.runAt.toISOString()
  );
}

/** Resumes review when the postponement ends (UNTOC 18(25)). */
export const postponementEnd: MlaEffect = {
  job: MlaJob.PostponementEnd,
  systemAction: 'resume',
  runAt: atPostponementEnd,
  validWhile: stillThisPostponement,
  voidReason: 'superseded: the postponement was resumed by hand or set anew',
  timer: { label: 'End of postponement', basis: 'UNCC art. 40 (UNTOC 18(25))' },
};

/** Only final results end the request's hold on a followed-up preservation; a partial delivery does not. */
function finalResultsOfAFollowUp({ request }: MlaContext<never>): boolean {
  return request.followsUpRequestId !== null && request.status === String(MlaStatus.Executed);
}

/** Tells the preservation this request follows up that it was executed (art. 42: the hold ends). */
export const releaseOnFinalResults: MlaEffect = { ...followUpEnded, when: finalResultsOfAFollowUp };
