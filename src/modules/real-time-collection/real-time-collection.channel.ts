import type { FieldProblem } from '@/common/errors/domain-error';
import {
  type ChannelDefinition,
  type CooperationRequest,
  type DraftLinkContext,
  requiredBefore,
} from '@/workflows';
import { RealTimeCollectionDetailsDto } from './dto/real-time-collection-details.dto';
import { REAL_TIME_COLLECTION_QUEUE } from './real-time-collection.constants';
import {
  confidentialIfInterception,
  interceptedContentAccess,
  periodInOrder,
} from './real-time-collection.guards';
import { realTimeCollectionMachine } from './real-time-collection.machine';

const missing = requiredBefore('submission');

/** The details fields arts 45(3) and 46(2) [GK] require, in the order of the article. */
const MANDATORY_DETAILS = [
  'measure',
  'requestingAuthority',
  'targetData',
  'relationToOffence',
  'ownerUserOrLocation',
  'justification',
  'periodStart',
  'periodEnd',
  'periodJustification',
] as const;

/**
 * Mandatory contents of a request for real-time collection (art. 45(3)) or interception (art. 46(2)) [GK]:
 * the authority, the facts and the nature of the proceedings, the offences, the target data and its relation
 * to the offence, what is known of the owner, user or location, the justification, and the period asked for
 * with the justification of its length (DOMAIN.md 4.4: no request without a period leaves the draft).
 */
export function realTimeCollectionMissingForSubmission(r: CooperationRequest): FieldProblem[] {
  const d = r.details;
  const problems: FieldProblem[] = [];
  if (!r.language) {
    problems.push(missing('language'));
  }
  if (!r.proceedingType) {
    problems.push(missing('proceedingType'));
  }
  if (r.offences.length === 0) {
    problems.push(missing('offences', 'at least one offence is required before submission'));
  }
  if (!r.factsSummary) {
    problems.push(missing('factsSummary'));
  }
  for (const field of MANDATORY_DETAILS) {
    if (!d[field]) {
      problems.push(missing(`details.${field}`));
    }
  }
  return problems;
}

/**
 * A draft's own consistency, on creation and every edit: the period ends after it starts; interception is
 * confidential by force; the channel follows up no other request.
 */
export function checkRealTimeCollectionDraft(
  draft: CooperationRequest,
  link: DraftLinkContext,
): FieldProblem[] {
  const problems = [...periodInOrder(draft), ...confidentialIfInterception(draft)];
  if (link.linked) {
    problems.push({
      field: 'followsUpRequestId',
      messages: ['a real-time collection or interception request does not follow up another request'],
    });
  }
  return problems;
}

export const realTimeCollectionChannel: ChannelDefinition = {
  channel: 'real-time-collection',
  title: 'Real-time collection of traffic data and interception of content data (UNCC arts 45, 46)',
  queue: REAL_TIME_COLLECTION_QUEUE,
  machine: realTimeCollectionMachine,
  detailsSchema: RealTimeCollectionDetailsDto,
  requestedAuthorityKinds: ['central'],
  missingForSubmission: realTimeCollectionMissingForSubmission,
  checkDraft: checkRealTimeCollectionDraft,
  documentAccess: interceptedContentAccess,
};
