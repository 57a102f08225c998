import type { CooperationRequest } from './entities/cooperation-request.entity';
import { JobName } from './queue.constants';
import type { EffectRule, TransitionContext } from './workflow.types';

const DAY_MS = 86400000;

export const daysBefore = (date: Date, days: number): Date => new Date(date.getTime() - days * DAY_MS);
export const daysAfter = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY_MS);

/** Dates still ahead of `now`, soonest first (a reminder already due when scheduled is pointless). */
export function ahead(now: Date, dates: Date[]): Date[] {
  return dates.filter((d) => d.getTime() > now.getTime()).sort((a, b) => a.getTime() - b.getTime());
}

/** Tell the request this one follows up (e.g. the preservation an MLA request builds on) that it arrived. */
export const followUpReceived: EffectRule = {
  job: JobName.FollowUpReceive,
  systemAction: 'hold',
  target: 'followed-up',
  when: ({ request }) => request.followsUpRequestId !== null,
  params: ({ request }) => ({ followUpId: request.id }),
};

/** Tell the followed-up request that this one was decided or ended. */
export const followUpEnded: EffectRule = {
  job: JobName.FollowUpEnd,
  systemAction: 'release',
  target: 'followed-up',
  when: ({ request }) => request.followsUpRequestId !== null,
  params: ({ request }) => ({ followUpId: request.id }),
  // Only a follow-up that holds it (or was recorded as arriving) may release it.
  validWhile: (request, trigger) => {
    const id = trigger.params.followUpId;
    return typeof id === 'string' && holdersOf(request).includes(id);
  },
};

/** The follow-up requests holding a preservation, the first one first. */
export function holdersOf(request: CooperationRequest): string[] {
  const { heldFor, alsoHeldFor } = request.caseData;
  return heldFor ? [heldFor.requestId, ...(alsoHeldFor ?? []).map((h) => h.requestId)] : [];
}

/** Reminders before and at a suggested deadline (UNTOC 18(24): the deadline is to be taken into account). */
export const deadlineReminders: EffectRule = {
  job: JobName.DeadlineRemind,
  systemAction: 'remind-deadline',
  runAt: ({ request, settings, now }: TransitionContext<never>) =>
    request.suggestedDeadline
      ? ahead(now, [
          daysBefore(request.suggestedDeadline, settings.deadlineReminderDays),
          request.suggestedDeadline,
        ])
      : null,
  params: ({ request }) => ({ deadline: request.suggestedDeadline?.toISOString() ?? null }),
  timer: { label: 'Suggested deadline reminder', basis: 'UNCC art. 40 (UNTOC 18(24))' },
};

/** A reminder when a status enquiry stays unanswered. */
export const enquiryReminder: EffectRule = {
  job: JobName.EnquiryRemind,
  systemAction: 'remind-enquiry',
  runAt: ({ now, settings }) => daysAfter(now, settings.statusEnquiryReminderDays),
  params: ({ now }) => ({ askedAt: now.toISOString() }),
  validWhile: (request: CooperationRequest, trigger) =>
    (request.caseData.statusEnquiries ?? []).some(
      (e) => e.askedAt === trigger.params.askedAt && e.answer === undefined,
    ),
  timer: { label: 'Unanswered status enquiry', basis: 'UNCC art. 40 (UNTOC 18(24))' },
};

/** Adds a reminder entry to the case file (system side events). */
export function recordReminder(
  request: CooperationRequest,
  kind: string,
  dueAt: Date,
  detail: string,
  now: Date,
): void {
  const list = request.caseData.reminders ?? [];
  request.caseData.reminders = [...list, { kind, dueAt: dueAt.toISOString(), detail, at: now.toISOString() }];
}
