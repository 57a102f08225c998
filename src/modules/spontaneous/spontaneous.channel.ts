import type { FieldProblem } from '@/common/errors/domain-error';
import { type ChannelDefinition, type CooperationRequest, requiredBefore } from '@/workflows';
import { SpontaneousDetailsDto } from './dto/spontaneous-details.dto';
import { SPONTANEOUS_QUEUE } from './spontaneous.constants';
import { spontaneousMachine } from './spontaneous.machine';

const missing = requiredBefore('the offer');

/**
 * What an offer must say before it leaves (UNTOC 18(4): information on a criminal matter that could help
 * the receiver; art. 51: on proceeds of offences established under the Convention [GK]): what it is about,
 * what the information is (not its content) and why it helps; for proceeds, the offence and the proceeds.
 */
export function spontaneousMissingForOffer(r: CooperationRequest): FieldProblem[] {
  const d = r.details as SpontaneousDetailsDto;
  const problems: FieldProblem[] = [];
  if (!r.language) {
    problems.push(missing('language'));
  }
  if (!r.subject) {
    problems.push(missing('subject'));
  }
  if (!r.factsSummary) {
    problems.push(missing('factsSummary'));
  }
  if (!d.kind) {
    problems.push(missing('details.kind'));
  }
  if (!d.informationSummary) {
    problems.push(missing('details.informationSummary'));
  }
  if (!d.usefulFor?.length) {
    problems.push(missing('details.usefulFor', 'say how the information may help (at least one reason)'));
  }
  if (d.kind === 'proceeds-of-crime') {
    if (r.offences.length === 0) {
      problems.push(missing('offences', 'art. 51: name the offence the proceeds come from'));
    }
    if (!d.proceeds?.length) {
      problems.push(missing('details.proceeds', 'art. 51: describe at least one item of proceeds'));
    }
  } else if (d.proceeds?.length) {
    problems.push({
      field: 'details.proceeds',
      messages: ['only for kind proceeds-of-crime (art. 51)'],
    });
  }
  return problems;
}

export const spontaneousChannel: ChannelDefinition = {
  channel: 'spontaneous',
  title: 'Spontaneous information (UNCC arts 40, 51)',
  queue: SPONTANEOUS_QUEUE,
  machine: spontaneousMachine,
  detailsSchema: SpontaneousDetailsDto,
  // Competent authorities may send it (UNTOC 18(4)); the central authority usually routes it.
  requestedAuthorityKinds: ['central', 'competent'],
  missingForSubmission: spontaneousMissingForOffer,
};
