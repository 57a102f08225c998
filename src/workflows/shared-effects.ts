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

/** Only a request that follows another up tells it anything. */
function followsUpARequest({ request }: TransitionContext<never>): boolean {
  return request.followsUpRequestId !== null;
}

/** Which follow-up the news is about, so that the followed-up request can tell its holders apart. */
function thisFollowUp({ request }: TransitionContext<never>): Record<string, string | null> {
  return { followUpId: request.id };
}

/** Tell the request this one follows up (e.g. the preservation an MLA request builds on) that it arrived. */
export const followUpReceived: EffectRule = {
  job: JobName.FollowUpReceive,
  systemAction: 'hold',
  target: 'followed-up',
  when: followsUpARequest,
  params: thisFollowUp,
};

/** Tell the followed-up request that this one was decided or ended. */
export const followUpEnded: EffectRule = {
  job: JobName.FollowUpEnd,
  systemAction: 'release',
  target: 'followed-up',
  when: followsUpARequest,
  params: thisFollowUp,
  validWhile: heldByThisFollowUp,
  voidReason: 'this follow-up no longer holds the followed-up request',
};

/** Only a follow-up that holds it (or was recorded as arriving) may release it. */
function heldByThisFollowUp(
  request: CooperationRequest,
  trigger: NonNullable<TransitionContext['trigger']>,
): boolean {
  const id = trigger.params.followUpId;
  return typeof id === 'string' && holdersOf(request).includes(id);
}

/** The follow-up requests holding a preservation, the first one first. */
export function holdersOf(request: CooperationRequest): string[] {
  const { heldFor, alsoHeldFor } = request.caseData;
  return heldFor ? [heldFor.requestId, ...(alsoHeldFor ?? []).map((h) => h.requestId)] : [];
}

/** Reminders before and at a suggested deadline (UNTOC 18(24): the deadline is to be taken into account). */
export const deadlineReminders: EffectRule = {
  job: JobName.DeadlineRemind,
  systemAction: 'remind-deadline',
  runAt: beforeAndAtTheDeadline,
  params: theDeadline,
  timer: { label: 'Suggested deadline reminder', basis: 'UNCC art. 40 (UNTOC 18(24))' },
};

/** The State's reminder days before the suggested deadline, and the deadline itself, those still ahead. */
function beforeAndAtTheDeadline({ request, settings, now }: TransitionContext<never>): Date[] | null {
  return request.suggestedDeadline
    ? ahead(now, [
        daysBefore(request.suggestedDeadline, settings.deadlineReminderDays),
        request.suggestedDeadline,
      ])
    : null;
}

/** Which deadline the reminder is for. */
function theDeadline({ request }: TransitionContext<never>): Record<string, string | null> {
  return { deadline: request.suggestedDeadline?.toISOString() ?? null };
}

/** A reminder when a status enquiry stays unanswered. */
export const enquiryReminder: EffectRule = {
  job: JobName.EnquiryRemind,
  systemAction: 'remind-enquiry',
  runAt: daysAfterTheEnquiry,
  params: whenTheEnquiryWasMade,
  validWhile: enquiryStillUnanswered,
  voidReason: 'the status enquiry was answered',
  timer: { label: 'Unanswered status enquiry', basis: 'UNCC art. 40 (UNTOC 18(24))' },
  runsOn: 'requesting',
};

/** The State's period for answering a status enquiry, from when it was made. */
function daysAfterTheEnquiry({ now, settings }: TransitionContext<never>): Date {
  return daysAfter(now, settings.statusEnquiryReminderDays);
}

/** Which enquiry the reminder is for. */
function whenTheEnquiryWasMade({ now }: TransitionContext<never>): Record<string, string | null> {
  return { askedAt: now.toISOString() };
}

/** The enquiry it was set for has no answer yet. */
function enquiryStillUnanswered(
  request: CooperationRequest,
  trigger: NonNullable<TransitionContext['trigger']>,
): boolean {
  return (request.caseData.statusEnquiries ?? []).some(
    (e) => e.askedAt === trigger.params.askedAt && e.answer === undefined,
  );
}

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
