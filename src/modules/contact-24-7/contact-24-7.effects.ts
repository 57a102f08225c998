import type { CaseOf, TransitionContext } from '@/workflows';
import { ContactJob } from './contact-24-7.constants';
import type { ContactCaseData, ContactEffect } from './contact-24-7.case-data';

/*
 * The legal clock of the 24/7 ticket lifecycle table (contact-24-7.machine.ts): a reminder when a delivered
 * ticket waits for acknowledgement. Art. 41 asks for immediate assistance and fixes no period; the period is
 * configured (CONTACT_ACKNOWLEDGE_MINUTES, in the timer settings every clock reads), never a number in this code.
 */

type Ctx = TransitionContext<never, ContactCaseData>;

const MINUTE_MS = 60000;

/** The State's acknowledgement period after delivery. */
function acknowledgementPeriodAfterDelivery({ now, settings }: Ctx): Date {
  return new Date(now.getTime() + settings.contactAcknowledgeMinutes * MINUTE_MS);
}

/** Nobody acknowledged the ticket yet. */
function stillUnacknowledged(request: CaseOf<ContactCaseData>): boolean {
  return request.caseData.acknowledgement === undefined;
}

/** Reminds the requested point of contact that a delivered ticket waits for acknowledgement. */
export const acknowledgementReminder: ContactEffect = {
  job: ContactJob.AcknowledgeRemind,
  systemAction: 'remind-acknowledgement',
  runAt: acknowledgementPeriodAfterDelivery,
  validWhile: stillUnacknowledged,
  voidReason: 'the ticket was acknowledged',
  timer: {
    label: '24/7 ticket not yet acknowledged',
    basis:
      'UNCC art. 41 (Budapest 35(1)): immediate assistance; the period is configured (CONTACT_ACKNOWLEDGE_MINUTES)',
  },
};
