import { ahead, daysBefore, type EffectRule } from '@/workflows';
import { JIT_END_REMINDER_DAYS, JitJob } from './joint-investigation.constants';
import type { JitCaseData, JitContext } from './joint-investigation.case-data';
import { dayAfter } from './joint-investigation.guards';

/*
 * The team's legal clocks: the end of the agreed period (art. 48: the agreement's duration) and a reminder
 * before it to every party. Both are scheduled by the change that set the end (the start, or the last
 * party's agreement to an extension), and go void when a later end was agreed since.
 */

const BASIS = "UNCC art. 48 [UNTOC 19]: the team's agreed duration (CETS 224 art. 12 model [GK])";

/** The change set the end of the period now (start, or an extension agreed by the last party). */
const endSetNow = ({ request, now }: JitContext<never>): boolean =>
  request.caseData.endDateSetAt === now.toISOString();

const theEnd = ({ request }: JitContext<never>): Record<string, string | null> => ({
  endDate: request.caseData.endDate ?? null,
});

const stillTheEnd = (
  request: { caseData: JitCaseData },
  trigger: { params: Record<string, string | null> },
): boolean => request.caseData.endDate === trigger.params.endDate;

/** The day after the period's last day, 00:00 UTC. */
function periodOver({ request }: JitContext<never>): Date {
  return dayAfter(request.caseData.endDate ?? '');
}

/** JIT_END_REMINDER_DAYS before the period is over, if that is still ahead. */
function reminderDay({ request, now }: JitContext<never>): Date[] {
  return ahead(now, [daysBefore(dayAfter(request.caseData.endDate ?? ''), JIT_END_REMINDER_DAYS)]);
}

export const periodEnds: EffectRule<JitCaseData> = {
  job: JitJob.PeriodEnd,
  systemAction: 'end-period',
  when: endSetNow,
  runAt: periodOver,
  params: theEnd,
  validWhile: stillTheEnd,
  voidReason: 'the parties agreed a later end',
  timer: { label: 'End of the agreed period', basis: BASIS },
  runsOn: 'requesting',
};

export const endReminder: EffectRule<JitCaseData> = {
  job: JitJob.EndRemind,
  systemAction: 'remind-end',
  when: endSetNow,
  runAt: reminderDay,
  params: theEnd,
  validWhile: stillTheEnd,
  voidReason: 'the parties agreed a later end',
  timer: { label: 'Reminder before the end of the agreed period', basis: BASIS },
  runsOn: 'requesting',
};
