import { ticketEscalatedToPreservation } from '@/modules/contact-24-7/contact-24-7.escalation';
import { ahead, type CaseOf, daysBefore, type TransitionContext } from '@/workflows';
import { PreservationJob } from './preservation.constants';
import type { PreservationCaseData, PreservationEffect } from './preservation.case-data';
import { PreservationStatus as S } from './preservation.states';

/*
 * The legal clocks of the preservation lifecycle table (preservation.machine.ts): the expiry of the
 * preservation period and the reminders before it (art. 42; Budapest 29(7)). Confirmation and every granted
 * extension set them again; an extension makes the earlier ones void.
 */

type Ctx = TransitionContext<never, PreservationCaseData>;

/** The expiry the row just set (confirmation or extension). */
function atCurrentExpiry(ctx: Ctx): Date {
  return new Date(ctx.request.caseData.preservation?.expiresAt ?? ctx.now.toISOString());
}

/** The clock runs only in PRESERVED_ACTIVE: a held preservation has no expiry (Budapest 29(7)). */
function whilePreservedActive({ request }: Ctx): boolean {
  return request.status === String(S.PreservedActive);
}

/** The reminder days (the State's, by default 14 and 3) before the current expiry, those still ahead. */
function reminderDaysBeforeExpiry(ctx: Ctx): Date[] {
  return ahead(
    ctx.now,
    ctx.settings.preservationReminderDays.map((d) => daysBefore(atCurrentExpiry(ctx), d)),
  );
}

/** Which expiry the clock was set for, so that it can recognise it when it fires. */
function expiryItWasSetFor(ctx: Ctx): Record<string, string> {
  return { expiresAt: atCurrentExpiry(ctx).toISOString() };
}

/** Only the expiry it was set for: an extension makes the earlier clocks void. */
function stillTheCurrentExpiry(
  request: CaseOf<PreservationCaseData>,
  trigger: { params: Record<string, string | null> },
): boolean {
  return request.caseData.preservation?.expiresAt === trigger.params.expiresAt;
}

/** Expires the preservation at the end of its period (art. 42; Budapest 29(7): at least 60 days). */
export const preservationExpiry: PreservationEffect = {
  job: PreservationJob.Expire,
  systemAction: 'expire',
  when: whilePreservedActive,
  runAt: atCurrentExpiry,
  params: expiryItWasSetFor,
  validWhile: stillTheCurrentExpiry,
  voidReason: 'superseded: an extension set a later expiry',
  timer: { label: 'Preservation expiry', basis: 'UNCC art. 42 (Budapest 29): at least 60 days' },
};

/** Reminds the requesting side before the preservation expires, so that it can follow up or extend. */
export const expiryReminders: PreservationEffect = {
  job: PreservationJob.ExpiryRemind,
  systemAction: 'remind-expiry',
  when: whilePreservedActive,
  runAt: reminderDaysBeforeExpiry,
  params: expiryItWasSetFor,
  validWhile: stillTheCurrentExpiry,
  voidReason: 'superseded: an extension set a later expiry',
  timer: { label: 'Preservation expiry reminder', basis: 'UNCC art. 42 (Budapest 29)' },
};

/** The clocks that confirmation and every granted extension set (one list, shared by both rows). */
export const expiryClocks: readonly PreservationEffect[] = [preservationExpiry, expiryReminders];

/** A preservation that follows up a request other than a preservation (art. 43 onward): a 24/7 ticket. */
function followsUpATicket({ request }: Ctx): boolean {
  return request.followsUpRequestId !== null && !request.details.disclosureId;
}

/** Tells the 24/7 ticket this preservation follows up that it reached the requested State (art. 41). */
export const ticketEscalation: PreservationEffect = {
  ...ticketEscalatedToPreservation,
  when: followsUpATicket,
};
