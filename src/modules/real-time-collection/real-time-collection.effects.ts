import { ahead, type CaseOf, daysBefore, type TransitionContext } from '@/workflows';
import { COLLECTION_END_REMINDER_DAYS, RealTimeCollectionJob } from './real-time-collection.constants';
import type { RealTimeCollectionCaseData, RealTimeCollectionEffect } from './real-time-collection.case-data';

/*
 * The legal clocks of the real-time collection lifecycle table (real-time-collection.machine.ts): the end
 * of the authorised collection period, and reminders before it to the requesting side so that it can ask
 * for a renewal. The start of collection and every granted renewal set them; a renewal makes the earlier
 * ones void (the end they were set for is no longer the end in force).
 */

type Ctx = TransitionContext<never, RealTimeCollectionCaseData>;

/** The end of the authorised period the row just set (start of collection or a renewal). */
function atAuthorisedEnd(ctx: Ctx): Date {
  return new Date(ctx.request.caseData.collection?.endsAt ?? ctx.now.toISOString());
}

/** The reminder days before the end, those still ahead. */
function reminderDaysBeforeEnd(ctx: Ctx): Date[] {
  return ahead(
    ctx.now,
    COLLECTION_END_REMINDER_DAYS.map((d) => daysBefore(atAuthorisedEnd(ctx), d)),
  );
}

/** Which end the clock was set for, so that it can recognise it when it fires. */
function endItWasSetFor(ctx: Ctx): Record<string, string> {
  return { endsAt: atAuthorisedEnd(ctx).toISOString() };
}

/** Only the end it was set for: a granted renewal makes the earlier clocks void. */
function stillTheAuthorisedEnd(
  request: CaseOf<RealTimeCollectionCaseData>,
  trigger: { params: Record<string, string | null> },
): boolean {
  return request.caseData.collection?.endsAt === trigger.params.endsAt;
}

const VOID = 'superseded: a renewal set a later end of the collection period';

/** Ends collection when the authorised period is over (arts 45(3)(f), 46(2)(f) [GK]). */
export const collectionEnd: RealTimeCollectionEffect = {
  job: RealTimeCollectionJob.CollectionEnd,
  systemAction: 'end-collection',
  runAt: atAuthorisedEnd,
  params: endItWasSetFor,
  validWhile: stillTheAuthorisedEnd,
  voidReason: VOID,
  timer: {
    label: 'End of the collection period',
    basis: 'UNCC arts 45(3)(f), 46(2)(f) [GK]: the authorised period',
  },
};

/** Reminds the requesting side before the period ends, so that it can ask for a renewal in time. */
export const collectionEndReminders: RealTimeCollectionEffect = {
  job: RealTimeCollectionJob.CollectionEndRemind,
  systemAction: 'remind-collection-end',
  runAt: reminderDaysBeforeEnd,
  params: endItWasSetFor,
  validWhile: stillTheAuthorisedEnd,
  voidReason: VOID,
  timer: {
    label: 'Collection period end reminder',
    basis: 'UNCC arts 45(3)(f), 46(2)(f) [GK]: renewal before the end',
  },
};

/** The clocks that the start of collection and every granted renewal set (one list, shared by both rows). */
export const collectionClocks: readonly RealTimeCollectionEffect[] = [collectionEnd, collectionEndReminders];
