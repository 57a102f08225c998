import type { FieldProblem } from '@/common/errors/domain-error';
import {
  type ChannelDefinition,
  type CooperationRequest,
  PRIORITY_BY_URGENCY,
  requiredBefore,
} from '@/workflows';
import { ContactDetailsDto } from './dto/contact-24-7-details.dto';
import { CONTACT_QUEUE } from './contact-24-7.constants';
import { contactMachine } from './contact-24-7.machine';

const missing = requiredBefore('opening the ticket');

/**
 * What a ticket must say before it is opened. Art. 41 fixes no field list; the requested point of contact
 * needs the help sought, in a language it works in, and for an emergency the risk to life or safety (art. 2).
 */
export function contactMissingForSubmission(r: CooperationRequest): FieldProblem[] {
  const d = r.details as ContactDetailsDto;
  const problems: FieldProblem[] = [];
  if (!r.language) {
    problems.push(missing('language'));
  }
  if (!r.assistanceSought) {
    problems.push(missing('assistanceSought'));
  }
  if (!d.assistanceTypes?.length) {
    problems.push(
      missing('details.assistanceTypes', 'at least one assistance type is required before opening'),
    );
  }
  if (r.urgency === 'emergency' && !d.emergencyRisk) {
    problems.push(
      missing(
        'details.emergencyRisk',
        'an emergency ticket states the significant and imminent risk to life or safety (art. 2)',
      ),
    );
  }
  return problems;
}

/** Urgent by nature: at least the urgent lane of the queues, the emergency lane for an emergency. */
export function contactPriority(r: CooperationRequest): number {
  return r.urgency === 'emergency' ? PRIORITY_BY_URGENCY.emergency : PRIORITY_BY_URGENCY.urgent;
}

export const contactChannel: ChannelDefinition = {
  channel: 'contact-24-7',
  title: '24/7 network contact (UNCC art. 41)',
  queue: CONTACT_QUEUE,
  machine: contactMachine,
  detailsSchema: ContactDetailsDto,
  // Point of contact to point of contact (art. 41); any authority of the requesting State may open one.
  requestedAuthorityKinds: ['contact-24-7'],
  missingForSubmission: contactMissingForSubmission,
  priorityOf: contactPriority,
  defaultUrgency: () => 'urgent',
};
