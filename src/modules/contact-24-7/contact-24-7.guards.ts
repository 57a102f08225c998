import { ValidationFailedError } from '@/common/errors/domain-error';
import type { CaseOf } from '@/workflows';
import type { AnswerTicketPayload } from './payloads/contact-24-7.payloads';
import type { ContactCaseData, ContactContext } from './contact-24-7.case-data';
import { ContactStatus as S } from './contact-24-7.states';

/*
 * The checks and target choices of the 24/7 ticket lifecycle table (contact-24-7.machine.ts).
 */

/**
 * Electronic data to avert an emergency (art. 41) is given on a ticket opened as an emergency: a significant
 * and imminent risk to the life or safety of a person (art. 2). Other answers fit every ticket.
 */
export function emergencyDataOnlyInAnEmergency({
  request,
  payload,
}: ContactContext<AnswerTicketPayload>): void {
  if (payload.kind === 'emergency-data' && request.urgency !== 'emergency') {
    throw new ValidationFailedError([
      {
        field: 'kind',
        messages: ['emergency-data answers a ticket opened with urgency "emergency" (art. 41, art. 2)'],
      },
    ]);
  }
}

/** An MLA request is the further step: a preservation arriving after it is recorded, the status stays. */
export function escalatedToMlaStays(_payload: object, request: CaseOf<ContactCaseData>): string {
  return request.status === String(S.EscalatedToMla) ? S.EscalatedToMla : S.EscalatedToPreservation;
}
