import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import type { CooperationRequest } from '@/workflows';

/** Minimum maximum penalty in both States (art. 37(1) [GK]; Budapest 24(1)(a)): one year. */
export const MIN_PENALTY_MONTHS = 12;

export interface ExtraditionOffenceDetails {
  description?: string;
  maxPenaltyMonthsRequesting?: number;
  maxPenaltyMonthsRequested?: number;
  dualCriminality?: boolean;
  accessory?: boolean;
}

/**
 * Dual criminality must be asserted for every offence, and every principal offence must be punishable by
 * at least a year in both States. Accessory offences may fall below: the requested State may apply the
 * article to them too (UNTOC 16(2)), which it records with accept-accessory-offences.
 */
export function assertExtraditable(request: CooperationRequest): void {
  const offences = (request.details.offences as ExtraditionOffenceDetails[] | undefined) ?? [];
  const problems: FieldProblem[] = [];
  offences.forEach((o, i) => {
    if (o.dualCriminality !== true) {
      problems.push({
        field: `details.offences[${i}].dualCriminality`,
        messages: ['dual criminality must be asserted: the conduct is an offence in both States'],
      });
    }
    if (o.accessory) {
      return;
    }
    for (const key of ['maxPenaltyMonthsRequesting', 'maxPenaltyMonthsRequested'] as const) {
      if ((o[key] ?? 0) < MIN_PENALTY_MONTHS) {
        problems.push({
          field: `details.offences[${i}].${key}`,
          messages: [
            `a principal offence must be punishable by at least ${MIN_PENALTY_MONTHS} months in both States (art. 37(1)); mark it accessory if it accompanies another`,
          ],
        });
      }
    }
  });
  if (offences.length > 0 && offences.every((o) => o.accessory)) {
    problems.push({
      field: 'details.offences',
      messages: ['at least one offence must be a principal (non-accessory) offence'],
    });
  }
  if (problems.length > 0) {
    throw new ValidationFailedError(
      problems,
      problems.map((p) => `${p.field}: ${p.messages[0]}`).join('; '),
      'NOT_EXTRADITABLE',
    );
  }
}
