import type { FieldProblem } from '@/common/errors/domain-error';
import { type ChannelDefinition, type CooperationRequest, requiredBefore } from '@/workflows';
import { PROPOSER_ROLES, TransferDetailsDto } from './dto/transfer-details.dto';
import { TRANSFER_QUEUE } from './transfer.constants';
import { transferMachine } from './transfer.machine';

const missing = requiredBefore('the proposal');

/** Details of one kind of transfer, refused on the other. */
const SENTENCED_ONLY = [
  'sentencedPerson',
  'judgment',
  'sentence',
  'consentRequired',
  'consentExemption',
] as const;
const PROCEEDINGS_ONLY = [
  'proceedingsCase',
  'reasons',
  'reasonsExplanation',
  'consultation',
  'caseFile',
] as const;

function sentencedPersonMissing(d: TransferDetailsDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!d.sentencedPerson) {
    problems.push(missing('details.sentencedPerson', 'art. 38: the identity and nationality of the person'));
  }
  if (!d.judgment) {
    problems.push(missing('details.judgment', 'art. 38: the judgment (court, date, reference)'));
  } else if (!d.judgment.final) {
    problems.push({
      field: 'details.judgment.final',
      messages: ['only a final judgment is enforced elsewhere (CoE 1983 art. 3(1)(b) [GK])'],
    });
  }
  if (!d.sentence) {
    problems.push(missing('details.sentence', 'art. 38: the sentence, time served and remaining'));
  } else if (d.sentence.lengthDays !== undefined && d.sentence.remainingDays === undefined) {
    problems.push(missing('details.sentence.remainingDays', 'say how much of the sentence remains'));
  }
  if (d.consentRequired === undefined) {
    problems.push(
      missing('details.consentRequired', "say whether the sentenced person's consent is required"),
    );
  } else if (d.consentRequired === false && !d.consentExemption) {
    problems.push(missing('details.consentExemption', 'say why consent is not required [GK]'));
  }
  return problems;
}

function proceedingsMissing(d: TransferDetailsDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!d.proceedingsCase) {
    problems.push(missing('details.proceedingsCase', 'art. 39: the case (reference, authority, stage)'));
  }
  if (!d.reasons?.length) {
    problems.push(
      missing('details.reasons', 'art. 39: why the transfer serves justice (at least one reason)'),
    );
  }
  if (!d.reasonsExplanation) {
    problems.push(missing('details.reasonsExplanation'));
  }
  if (!d.caseFile) {
    problems.push(missing('details.caseFile', 'art. 39: the case file to hand over'));
  }
  return problems;
}

/**
 * What a proposal must say before it leaves (DOMAIN.md 3.10, 3.11): for either kind, which State proposes
 * and the arrangement the transfer rests on, and the offences; for a sentenced person, the person's
 * identity and nationality, the judgment, the sentence with the time served and remaining, and whether
 * consent is required; for proceedings, the case, the reasons (concurrent jurisdiction, art. 22
 * consultation [GK]) and the file. Details of the other kind are refused.
 */
export function transferMissingForProposal(r: CooperationRequest): FieldProblem[] {
  const d = r.details as TransferDetailsDto;
  const problems: FieldProblem[] = (['language', 'subject', 'factsSummary'] as const)
    .filter((field) => !r[field])
    .map((field) => missing(field));
  if (r.offences.length === 0) {
    problems.push(missing('offences', 'name the offence of the judgment or of the proceedings'));
  }
  if (!d.kind) {
    problems.push(missing('details.kind'));
    return problems;
  }
  if (!d.proposerRole) {
    problems.push(missing('details.proposerRole'));
  } else if (!PROPOSER_ROLES[d.kind].includes(d.proposerRole)) {
    problems.push({
      field: 'details.proposerRole',
      messages: [`for ${d.kind}, one of: ${PROPOSER_ROLES[d.kind].join(', ')}`],
    });
  }
  if (!d.legalBasis) {
    problems.push(missing('details.legalBasis', 'name the arrangement the transfer rests on'));
  }
  const sentenced = d.kind === 'sentenced-person';
  problems.push(...(sentenced ? sentencedPersonMissing(d) : proceedingsMissing(d)));
  const foreign = sentenced ? PROCEEDINGS_ONLY : SENTENCED_ONLY;
  for (const key of foreign) {
    if (d[key] !== undefined) {
      problems.push({
        field: `details.${key}`,
        messages: [`only for kind ${sentenced ? 'proceedings (art. 39)' : 'sentenced-person (art. 38)'}`],
      });
    }
  }
  return problems;
}

export const transferChannel: ChannelDefinition = {
  channel: 'transfer',
  title: 'Transfer of sentenced persons and of criminal proceedings (UNCC arts 38, 39)',
  queue: TRANSFER_QUEUE,
  machine: transferMachine,
  detailsSchema: TransferDetailsDto,
  // A matter between central authorities (the arrangement designates them) [GK].
  requestedAuthorityKinds: ['central'],
  missingForSubmission: transferMissingForProposal,
};
