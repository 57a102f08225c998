import type { FieldProblem } from '@/common/errors/domain-error';
import {
  type CaseOf,
  type ChannelDefinition,
  type CooperationRequest,
  type DeclaredRules,
  type DraftLinkContext,
  requiredBefore,
} from '@/workflows';
import type { PreservationCaseData } from './preservation.case-data';
import { preservationMachine } from '@/modules/preservation/preservation.machine';
import { PreservationDetailsDto } from './dto/preservation-details.dto';
import { PRESERVATION_QUEUE } from './preservation.constants';

const missing = requiredBefore('sending');

/** Mandatory contents (art. 42; Budapest 29(2)) checked when the request is sent. */
export function preservationMissingForSubmission(r: CooperationRequest): FieldProblem[] {
  const d = r.details as PreservationDetailsDto;
  const problems: FieldProblem[] = [];
  if (!r.language) {
    problems.push(missing('language'));
  }
  if (r.offences.length === 0) {
    problems.push(missing('offences', 'at least one offence is required before sending'));
  }
  if (!r.factsSummary) {
    problems.push(missing('factsSummary'));
  }
  if (!d.dataToPreserve) {
    problems.push(missing('details.dataToPreserve'));
  }
  if (!d.relationToOffence) {
    problems.push(missing('details.relationToOffence'));
  }
  if (!d.custodian && !d.systemLocation) {
    problems.push(
      missing('details.custodian', 'the custodian or the location of the system is required before sending'),
    );
  }
  if (!d.necessity) {
    problems.push(missing('details.necessity'));
  }
  if (d.intentToRequestMla !== true) {
    problems.push(
      missing(
        'details.intentToRequestMla',
        'must be true: preservation prepares an MLA request (art. 42(1))',
      ),
    );
  }
  return problems;
}

/**
 * A preservation may follow up another preservation only toward the State that a traffic-data
 * disclosure (art. 43) identified.
 */
export function checkPreservationLink(draft: CooperationRequest, link: DraftLinkContext): FieldProblem[] {
  const disclosureId = (draft.details as PreservationDetailsDto).disclosureId;
  if (!link.linked) {
    return disclosureId ? [{ field: 'details.disclosureId', messages: ['requires followsUpRequestId'] }] : [];
  }
  if (link.linked.channel === 'contact-24-7') {
    return checkTicketLink(disclosureId, link);
  }
  if (link.linked.channel !== 'preservation') {
    return [
      {
        field: 'followsUpRequestId',
        messages: ['a preservation may follow up only a preservation (art. 43) or a 24/7 ticket (art. 41)'],
      },
    ];
  }
  const disclosure = ((link.linked as CaseOf<PreservationCaseData>).caseData.trafficDisclosures ?? []).find(
    (d) => d.id === disclosureId,
  );
  if (!disclosure || disclosure.outcome !== 'DISCLOSED') {
    return [
      {
        field: 'details.disclosureId',
        messages: ['must name a traffic-data disclosure of the followed-up preservation'],
      },
    ];
  }
  if (disclosure.providerCountry !== link.requestedCountry) {
    return [
      {
        field: 'requestedAuthorityId',
        messages: [
          `the disclosure identified a provider in ${disclosure.providerCountry}; address that State`,
        ],
      },
    ];
  }
  return [];
}

/** A preservation escalating a 24/7 ticket goes to the State whose point of contact took the ticket (art. 41). */
function checkTicketLink(disclosureId: string | undefined, link: DraftLinkContext): FieldProblem[] {
  if (disclosureId) {
    return [
      { field: 'details.disclosureId', messages: ['names a disclosure of a preservation, not of a ticket'] },
    ];
  }
  if (link.linkedRequestedCountry !== link.requestedCountry) {
    return [
      {
        field: 'followsUpRequestId',
        messages: [
          `the 24/7 ticket was addressed to ${link.linkedRequestedCountry}; address this request to that State`,
        ],
      },
    ];
  }
  return [];
}

/**
 * Dual criminality may not be demanded for preservation, except by a State that declared it for offences
 * the Convention does not establish (art. 42; Budapest 29(4) [GK]; DOMAIN.md 2.4): to such a State, a
 * request with an offence without conventionArticle must state that the conduct is an offence there too.
 */
export function preservationDeclarationChecks(
  request: CooperationRequest,
  declared: DeclaredRules,
): FieldProblem[] {
  if (declared.dualCriminalityForPreservation !== true) {
    return [];
  }
  const other = request.offences.some((o) => o.conventionArticle === undefined);
  return other && (request.details as PreservationDetailsDto).dualCriminality !== true
    ? [
        {
          field: 'declarations.dualCriminalityForPreservation',
          messages: [
            `${declared.country} declared it requires dual criminality to preserve data on offences the ` +
              'Convention does not establish (art. 42): state that the conduct is an offence there ' +
              '(details.dualCriminality: true), or name the Convention article of each offence',
          ],
        },
      ]
    : [];
}

export const preservationChannel: ChannelDefinition = {
  channel: 'preservation',
  title: 'Expedited preservation of stored electronic data (UNCC arts 42-43)',
  queue: PRESERVATION_QUEUE,
  machine: preservationMachine,
  detailsSchema: PreservationDetailsDto,
  // Usually point of contact to point of contact (art. 41); a central authority may also receive it.
  requestedAuthorityKinds: ['contact-24-7', 'central'],
  missingForSubmission: preservationMissingForSubmission,
  defaultUrgency: (kind) => (kind === 'contact-24-7' ? 'urgent' : 'normal'),
  checkDraft: checkPreservationLink,
  declarationChecks: preservationDeclarationChecks,
};
