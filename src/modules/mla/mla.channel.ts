import type { FieldProblem } from '@/common/errors/domain-error';
import {
  type ChannelDefinition,
  type CooperationRequest,
  type DraftLinkContext,
  requiredBefore,
} from '@/workflows';
import { mlaMachine } from '@/modules/mla/mla.machine';
import { MlaDetailsDto, type MlaItemDto } from './dto/mla-details.dto';
import { MLA_QUEUE } from './mla.constants';

const missing = requiredBefore('submission');

/**
 * Mandatory contents of an MLA request (UNTOC 18(15), carried into UNCC art. 40): authority, subject and
 * nature of the proceedings, facts (except for pure service of documents), assistance sought, purpose.
 */
export function mlaMissingForSubmission(r: CooperationRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const types = (r.details.assistanceTypes as string[] | undefined) ?? [];
  if (!r.language) {
    problems.push(missing('language'));
  }
  if (!r.subject) {
    problems.push(missing('subject'));
  }
  if (!r.proceedingType) {
    problems.push(missing('proceedingType'));
  }
  if (r.offences.length === 0) {
    problems.push(missing('offences', 'at least one offence is required before submission'));
  }
  const serviceOnly = types.length > 0 && types.every((t) => t === 'service-of-documents');
  if (!r.factsSummary && !serviceOnly) {
    problems.push(missing('factsSummary'));
  }
  if (!r.assistanceSought) {
    problems.push(missing('assistanceSought'));
  }
  if (!r.purpose) {
    problems.push(missing('purpose'));
  }
  if (types.length === 0) {
    problems.push(
      missing('details.assistanceTypes', 'at least one assistance type is required before submission'),
    );
  }
  const items = (r.details.items as MlaItemDto[] | undefined) ?? [];
  items.forEach((item, i) => problems.push(...itemMissing(item, i, types)));
  return problems;
}

/**
 * An item names the kind of assistance it is for among the request's; an art. 44 item (kind stored-data)
 * says what the requested State needs to act on stored data: the data sought and their categories, the
 * computer system or provider holding them, the period, and the measure sought (UNCC art. 44(1);
 * Budapest 31(1) [GK]).
 */
function itemMissing(item: MlaItemDto, i: number, types: readonly string[]): FieldProblem[] {
  const at = (field: string) => `details.items[${i}].${field}`;
  const problems: FieldProblem[] = [];
  if (item.kind && types.length > 0 && !types.includes(item.kind)) {
    problems.push({
      field: at('kind'),
      messages: [`not one of the request's assistance types (${types.join(', ')})`],
    });
  }
  if (item.kind !== 'stored-data') {
    return problems;
  }
  const art44 = (field: string, why: string) => problems.push(missing(at(field), `art. 44: ${why}`));
  if (!item.dataDescription) {
    art44('dataDescription', 'describe the stored data sought');
  }
  if (!item.dataCategories?.length) {
    art44('dataCategories', 'name the categories of data (subscriber, traffic, content)');
  }
  if (!item.system && !item.provider) {
    art44('system', 'name the computer system or the provider holding the data');
  }
  if (!item.periodFrom) {
    art44('periodFrom', 'give the start of the period of the data');
  }
  if (!item.periodTo) {
    art44('periodTo', 'give the end of the period of the data');
  } else if (item.periodFrom && Date.parse(item.periodTo) < Date.parse(item.periodFrom)) {
    problems.push({ field: at('periodTo'), messages: ['the period ends before it starts'] });
  }
  if (!item.measures?.length) {
    art44('measures', 'say what is sought: search or access, seize or secure, disclose');
  }
  return problems;
}

/** What an MLA request may follow up, by the name a message gives it. */
const LINKED_NAMES: Record<string, string> = {
  preservation: 'the preservation',
  'contact-24-7': 'the 24/7 ticket',
};

/**
 * An MLA request following up a preservation goes to the State that preserves the data (art. 44); one
 * following up a 24/7 ticket, to the State whose point of contact took the ticket (art. 41).
 */
export function checkMlaLink(_draft: CooperationRequest, link: DraftLinkContext): FieldProblem[] {
  const name = link.linked ? LINKED_NAMES[link.linked.channel] : undefined;
  if (name && link.linkedRequestedCountry !== link.requestedCountry) {
    return [
      {
        field: 'followsUpRequestId',
        messages: [
          `${name} was requested from ${link.linkedRequestedCountry}; address this request to that State`,
        ],
      },
    ];
  }
  return [];
}

export const mlaChannel: ChannelDefinition = {
  channel: 'mla',
  title: 'Mutual legal assistance (UNCC arts 40, 44)',
  queue: MLA_QUEUE,
  machine: mlaMachine,
  detailsSchema: MlaDetailsDto,
  requestedAuthorityKinds: ['central'],
  missingForSubmission: mlaMissingForSubmission,
  checkDraft: checkMlaLink,
};
