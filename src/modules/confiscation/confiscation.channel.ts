import type { FieldProblem } from '@/common/errors/domain-error';
import type { ChannelDefinition, CooperationRequest, DraftLinkContext } from '@/workflows';
import { CONFISCATION_QUEUE } from './confiscation.constants';
import { confiscationMissingForSubmission } from './confiscation.contents';
import { confiscationMachine } from './confiscation.machine';
import { ConfiscationDetailsDto } from './dto/confiscation-details.dto';

/**
 * What a confiscation request may follow up (art. 51 [GK]: information on proceeds forwarded without request
 * may lead to one; an earlier MLA request may have traced the property): an MLA request to the same State,
 * or spontaneous information the requesting State received, the request going back to its sender.
 */
export function checkConfiscationLink(_draft: CooperationRequest, link: DraftLinkContext): FieldProblem[] {
  const problem = (message: string): FieldProblem[] => [{ field: 'followsUpRequestId', messages: [message] }];
  if (!link.linked) {
    return [];
  }
  if (link.linked.channel === 'mla') {
    return link.linkedRequestedCountry === link.requestedCountry
      ? []
      : problem(
          `the MLA request was sent to ${link.linkedRequestedCountry}; address this request to that State`,
        );
  }
  if (link.linked.channel === 'spontaneous') {
    return link.linkedRequestedCountry === link.requestedCountry
      ? problem(
          'spontaneous information is followed up by the State that received it, towards its sender (art. 51)',
        )
      : [];
  }
  return problem('a confiscation request may follow up an MLA request or spontaneous information (art. 51)');
}

export const confiscationChannel: ChannelDefinition = {
  channel: 'confiscation',
  title: 'Confiscation and return of property (UNCC arts 49-52)',
  queue: CONFISCATION_QUEUE,
  machine: confiscationMachine,
  detailsSchema: ConfiscationDetailsDto,
  requestedAuthorityKinds: ['central'],
  missingForSubmission: confiscationMissingForSubmission,
  checkDraft: checkConfiscationLink,
};
