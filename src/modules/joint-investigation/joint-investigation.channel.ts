import type { FieldProblem } from '@/common/errors/domain-error';
import { type ChannelDefinition, type CooperationRequest, partiesOf, requiredBefore } from '@/workflows';
import { JointInvestigationDetailsDto } from './dto/joint-investigation-details.dto';
import { JIT_MAX_ADDITIONAL_PARTIES, JIT_QUEUE } from './joint-investigation.constants';
import { jointInvestigationMachine } from './joint-investigation.machine';

const missing = requiredBefore('the proposal');

/**
 * What a proposal must say before it leaves (art. 48 has no field list; DOMAIN.md 3.13 after the CETS 224
 * art. 12 / EU JIT model agreement [GK]): the investigation (subject, facts, offences), the basis, and the
 * proposed terms (purpose, period); members, if named, belong to parties of the team.
 */
export function jitMissingForProposal(r: CooperationRequest): FieldProblem[] {
  const d = r.details as JointInvestigationDetailsDto;
  const problems: FieldProblem[] = [];
  for (const field of ['language', 'subject', 'factsSummary'] as const) {
    if (!r[field]) {
      problems.push(missing(field));
    }
  }
  if (r.offences.length === 0) {
    problems.push(missing('offences', 'name at least one offence the team investigates'));
  }
  if (!d.legalBasis) {
    problems.push(missing('details.legalBasis'));
  }
  const t = d.terms;
  if (!t) {
    problems.push(missing('details.terms'));
    return problems;
  }
  if (t.startDate && t.endDate && t.endDate < t.startDate) {
    problems.push(missing('details.terms.endDate', 'must not be before startDate'));
  }
  const parties = new Set(partiesOf(r));
  (t.members ?? []).forEach((m, i) => {
    if (!parties.has(m.partyAuthorityId)) {
      problems.push(missing(`details.terms.members[${i}].partyAuthorityId`, 'must be a party of the team'));
    }
  });
  return problems;
}

export const jointInvestigationChannel: ChannelDefinition = {
  channel: 'joint-investigation',
  title: 'Joint investigation team (UNCC art. 48)',
  queue: JIT_QUEUE,
  machine: jointInvestigationMachine,
  detailsSchema: JointInvestigationDetailsDto,
  // Competent authorities set teams up; the central authority often coordinates (UNTOC 19).
  requestedAuthorityKinds: ['central', 'competent'],
  maxAdditionalParties: JIT_MAX_ADDITIONAL_PARTIES,
  missingForSubmission: jitMissingForProposal,
};
