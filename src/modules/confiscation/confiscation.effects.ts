import { ahead, type CaseOf, daysBefore, type TransitionContext } from '@/workflows';
import { ConfiscationJob, LIFT_REMINDER_DAYS } from './confiscation.constants';
import type { ConfiscationCaseData, ConfiscationEffect } from './confiscation.case-data';
import { currentLift } from './confiscation.guards';

/*
 * The legal clock of the confiscation table (confiscation.machine.ts): before lifting a freeze or seizure the
 * requested State gives the requesting State the opportunity to present its reasons for keeping it (art. 50
 * [GK]); the proposal sets the period (respondBy), a reminder before its end and its end. A later proposal
 * makes the earlier clocks void; the reminder is void once the requesting State has argued.
 */

type Ctx = TransitionContext<never, ConfiscationCaseData>;
type Trigger = NonNullable<TransitionContext['trigger']>;

/** The end of the period the current proposal set. */
function atRespondBy({ request, now }: Ctx): Date {
  return new Date(currentLift(request)?.respondBy ?? now.toISOString());
}

/** LIFT_REMINDER_DAYS before the end of the period, if that is still ahead. */
function daysBeforeRespondBy(ctx: Ctx): Date[] {
  return ahead(ctx.now, [daysBefore(atRespondBy(ctx), LIFT_REMINDER_DAYS)]);
}

/** Which proposal the clock was set for. */
function proposalItWasSetFor({ request }: Ctx): Record<string, string | null> {
  return { proposedAt: currentLift(request)?.proposedAt ?? null };
}

/** Still the proposal it was set for, and not yet decided. */
function stillThisProposal(request: CaseOf<ConfiscationCaseData>, trigger: Trigger): boolean {
  const lift = currentLift(request);
  return lift?.proposedAt === trigger.params.proposedAt && !lift.decision;
}

/** ... and the requesting State has not argued yet (else the reminder is pointless). */
function stillUnargued(request: CaseOf<ConfiscationCaseData>, trigger: Trigger): boolean {
  return stillThisProposal(request, trigger) && !currentLift(request)?.arguments;
}

/** The end of the period to argue: from then on the requested State may lift without an answer. */
export const liftArgumentPeriodEnd: ConfiscationEffect = {
  job: ConfiscationJob.LiftArgumentPeriodEnd,
  systemAction: 'end-argument-period',
  runAt: atRespondBy,
  params: proposalItWasSetFor,
  validWhile: stillThisProposal,
  voidReason: 'superseded: the proposal to lift was decided or made anew',
  timer: {
    label: 'Period to argue against lifting',
    basis: 'UNCC art. 50 [GK]: the requesting State is given the opportunity to present its reasons',
  },
};

/** A reminder to the requesting State some days before the period ends, if that is still ahead. */
export const liftArgumentReminder: ConfiscationEffect = {
  job: ConfiscationJob.LiftArgumentReminder,
  systemAction: 'remind-lift-argument',
  runAt: daysBeforeRespondBy,
  params: proposalItWasSetFor,
  validWhile: stillUnargued,
  voidReason: 'the requesting State has argued, or the proposal was decided or made anew',
  timer: { label: 'Reminder: period to argue against lifting', basis: 'UNCC art. 50 [GK]' },
  runsOn: 'requesting',
};
