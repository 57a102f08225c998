import type { FieldProblem } from '@/common/errors/domain-error';
import {
  type ChannelDefinition,
  type CooperationRequest,
  type DeclaredRules,
  requiredBefore,
} from '@/workflows';
import { extraditionMachine } from '@/modules/extradition/extradition.machine';
import { ExtraditionDetailsDto } from './dto/extradition-details.dto';
import { EXTRADITION_QUEUE } from './extradition.constants';

const missing = requiredBefore('submission');

/** Dossier contents (UNTOC 16(7): per treaty or domestic law; DOMAIN.md 3.9 typical fields). */
export function extraditionMissingForSubmission(r: CooperationRequest, action: string): FieldProblem[] {
  const d = r.details as ExtraditionDetailsDto;
  const problems: FieldProblem[] = [];
  if (!r.language) {
    problems.push(missing('language'));
  }
  if (!r.factsSummary) {
    problems.push(missing('factsSummary'));
  }
  if (!d.personSought) {
    problems.push(missing('details.personSought'));
  } else if (!d.personSought.probableLocation) {
    problems.push(missing('details.personSought.probableLocation'));
  }
  if (!d.offences?.length) {
    problems.push(
      missing('details.offences', 'at least one offence with both States’ provisions and penalties'),
    );
  }
  if (!d.warrant) {
    problems.push(
      missing('details.warrant', 'the arrest warrant or judgment (reference and date) is required'),
    );
  }
  if (typeof d.nationalOfRequestedState !== 'boolean') {
    problems.push(missing('details.nationalOfRequestedState'));
  }
  if (action === 'request-provisional-arrest' && !d.provisionalArrestGrounds) {
    problems.push(
      missing('details.provisionalArrestGrounds', 'provisional arrest needs urgency grounds (UNTOC 16(9))'),
    );
  }
  return problems;
}

/**
 * A request whose legal basis is the Convention, to a State that declared it does not take the Convention
 * as a basis for extradition (art. 37 [GK]), is refused at submission.
 */
export function extraditionDeclarationChecks(
  request: CooperationRequest,
  declared: DeclaredRules,
): FieldProblem[] {
  const basis = (request.details as ExtraditionDetailsDto).legalBasis;
  return basis === 'convention' && declared.conventionAsExtraditionBasis === false
    ? [
        {
          field: 'declarations.conventionAsExtraditionBasis',
          messages: [
            `${declared.country} declared it does not take the Convention as a legal basis for extradition ` +
              '(art. 37): name the treaty or law the request rests on (details.legalBasis)',
          ],
        },
      ]
    : [];
}

export const extraditionChannel: ChannelDefinition = {
  channel: 'extradition',
  title: 'Extradition and provisional arrest (UNCC art. 37)',
  queue: EXTRADITION_QUEUE,
  machine: extraditionMachine,
  detailsSchema: ExtraditionDetailsDto,
  // The designated extradition authority, usually the central authority (ministry of justice).
  requestedAuthorityKinds: ['central'],
  missingForSubmission: extraditionMissingForSubmission,
  declarationChecks: extraditionDeclarationChecks,
};
