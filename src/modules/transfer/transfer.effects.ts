import { type CaseOf, daysAfter, type TransitionContext } from '@/workflows';
import { TransferJob } from './transfer.constants';
import type { TransferCaseData, TransferEffect } from './transfer.case-data';

/*
 * The one clock of the transfer table (transfer.machine.ts): a reminder to the proposer when the counterpart
 * has not answered the proposal. Arts 38 and 39 fix no period; the State's period for an unanswered
 * communication is configured (STATUS_ENQUIRY_REMINDER_DAYS, in the timer settings every clock reads).
 */

type Ctx = TransitionContext<never, TransferCaseData>;

/** The State's period for an answer, from the proposal. */
function answerPeriodAfterProposal({ now, settings }: Ctx): Date {
  return daysAfter(now, settings.statusEnquiryReminderDays);
}

/** The counterpart has neither agreed nor declined, nor started on the consent. */
function stillUnanswered(request: CaseOf<TransferCaseData>): boolean {
  return request.caseData.agreement === undefined && request.caseData.consentSoughtAt === undefined;
}

/** Reminds the proposer that the counterpart has not answered the proposal. */
export const proposalReminder: TransferEffect = {
  job: TransferJob.ProposalRemind,
  systemAction: 'remind-unanswered',
  runAt: answerPeriodAfterProposal,
  validWhile: stillUnanswered,
  voidReason: 'the counterpart answered the proposal',
  timer: {
    label: 'Transfer proposal unanswered',
    basis: 'UNCC arts 38-39 fix no period; the period is configured (STATUS_ENQUIRY_REMINDER_DAYS) [DESIGN]',
  },
  runsOn: 'requesting',
};
