import { daysAfter, type TransitionContext } from '@/workflows';
import { ExtraditionJob } from './extradition.constants';
import type { ExtraditionCaseData, ExtraditionEffect } from './extradition.case-data';

/*
 * Follow-up work of the extradition lifecycle table (extradition.machine.ts): delivery to the counterpart
 * after either sending, and the legal clock of a provisional arrest (art. 37; UNTOC 16(9)).
 */

/** Puts the request in the counterpart's inbox (the engine's delivery job), after either sending. */
export { deliverToCounterpart } from '@/workflows';

/** The requested State's period for the formal request after the arrest (default 60 days). */
function statePeriodAfterArrest({ now, settings }: TransitionContext<never, ExtraditionCaseData>): Date {
  return daysAfter(now, settings.provisionalArrestDays);
}

/** Lapses the provisional arrest when the formal request is not received within the period (UNTOC 16(9)). */
export const provisionalArrestLapse: ExtraditionEffect = {
  job: ExtraditionJob.ProvisionalArrestLapse,
  systemAction: 'lapse',
  runAt: statePeriodAfterArrest,
  timer: {
    label: 'Formal extradition request due',
    basis: 'UNCC art. 37 (UNTOC 16(9)); period of treaty or domestic law [GK]',
  },
};
