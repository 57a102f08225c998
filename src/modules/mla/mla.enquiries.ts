import {
  AnswerStatusPayload,
  enquiryReminder,
  QueryStatusPayload,
  requestedOfficer,
  requestingOfficer,
  type TransitionRule,
} from '@/workflows';
import {
  recordDeadlineReminder,
  recordEnquiryReminder,
  recordStatusAnswer,
  recordStatusEnquiry,
} from './mla.case-writes';
import { unansweredEnquiryOpen } from './mla.guards';

/*
 * The side events of UNTOC 18(24) (carried into UNCC art. 40) as rows, for the MLA table and for channels
 * to which art. 40 applies mutatis mutandis (confiscation, art. 50 with UNTOC 13(3)): the requesting State's
 * status enquiries and the requested State's answers, and the system's reminders of a suggested deadline and
 * of an unanswered enquiry. `from`: the states in which the request is in the requested State's hands.
 */

/** query-status (requesting officer) and answer-status (requested officer, while an enquiry is open). */
export function statusEnquiryRules(from: readonly string[]): TransitionRule[] {
  return [
    {
      action: 'query-status',
      from,
      to: [],
      keepsStatus: true,
      actors: [requestingOfficer],
      basis: 'UNCC art. 40 (UNTOC 18(24)): reasonable requests for information on status and progress',
      description: 'Ask the requested State about the status of the request',
      payload: QueryStatusPayload,
      apply: recordStatusEnquiry,
      effects: [enquiryReminder],
    } satisfies TransitionRule<QueryStatusPayload>,
    {
      action: 'answer-status',
      from,
      to: [],
      keepsStatus: true,
      actors: [requestedOfficer],
      basis: 'UNCC art. 40 (UNTOC 18(24)): the requested State responds to status enquiries',
      description: 'Answer the open status enquiries',
      payload: AnswerStatusPayload,
      availableWhen: unansweredEnquiryOpen,
      apply: recordStatusAnswer,
    } satisfies TransitionRule<AnswerStatusPayload>,
  ];
}

/** remind-deadline and remind-enquiry: the system's reminders (deadlineReminders, enquiryReminder). */
export function reminderRules(from: readonly string[]): TransitionRule[] {
  return [
    {
      action: 'remind-deadline',
      from,
      to: [],
      keepsStatus: true,
      actors: [],
      system: true,
      basis: 'UNCC art. 40 (UNTOC 18(24))',
      description: 'Reminder to both sides before and at the suggested deadline',
      apply: recordDeadlineReminder,
    },
    {
      action: 'remind-enquiry',
      from,
      to: [],
      keepsStatus: true,
      actors: [],
      system: true,
      basis: 'UNCC art. 40 (UNTOC 18(24))',
      description: 'Reminder that a status enquiry is still unanswered',
      apply: recordEnquiryReminder,
    },
  ];
}
