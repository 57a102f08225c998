import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import { type CaseOf, type CooperationRequest, ForbiddenRefusalGroundError } from '@/workflows';
import {
  type AcceptAccessoryOffencesPayload,
  type ExtraditionRefusePayload,
  FORBIDDEN_EXTRADITION_GROUNDS,
} from './payloads/extradition.payloads';
import type { ExtraditionCaseData, ExtraditionContext } from './extradition.case-data';

/*
 * The checks of the extradition lifecycle table (extradition.machine.ts): guards that refuse a move
 * (extraditable offences, accessory offences, forbidden refusal grounds) and the conditions under which an
 * action is offered at all (delivery once, referral after a refusal for nationality only).
 */

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

/** The dossier's offences are extraditable: dual criminality, one year in both States (art. 37(1)). */
export function offencesExtraditable({ request }: ExtraditionContext): void {
  assertExtraditable(request);
}

/** Only offences the request marks accessory may be accepted below the threshold (UNTOC 16(2)). */
export function onlyAccessoryOffences({
  request,
  payload,
}: ExtraditionContext<AcceptAccessoryOffencesPayload>): void {
  const offences = (request.details.offences as { accessory?: boolean }[] | undefined) ?? [];
  const bad = payload.offenceIndexes.filter((i) => !offences[i]?.accessory);
  if (bad.length > 0) {
    throw new ValidationFailedError([
      {
        field: 'offenceIndexes',
        messages: [`not accessory offences of this request: ${bad.join(', ')}`],
      },
    ]);
  }
}

/** A purely fiscal ground may not be invoked to refuse extradition (UNTOC 16(15)). */
export function refusalGroundsAllowed({ payload }: ExtraditionContext<ExtraditionRefusePayload>): void {
  const forbidden = payload.grounds
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => Object.hasOwn(FORBIDDEN_EXTRADITION_GROUNDS, g))
    .map(({ g, i }) => ({
      field: `grounds[${i}]`,
      messages: [`${g}: ${FORBIDDEN_EXTRADITION_GROUNDS[g]}`],
    }));
  if (forbidden.length > 0) {
    throw new ForbiddenRefusalGroundError(forbidden);
  }
}

/** The request has not reached the counterpart yet (the formal request after a provisional arrest has). */
export function notYetDelivered(request: CaseOf<ExtraditionCaseData>): boolean {
  return request.deliveredAt === null;
}

/** Delivery happens once: the formal request follows a provisional arrest already in the counterpart's inbox. */
export const deliveredOnce = { test: notYetDelivered, reason: 'it was already delivered' };

/** Extradition was refused on the single ground of nationality (UNTOC 16(10): aut dedere aut judicare). */
export function refusedSolelyForNationality(request: CaseOf<ExtraditionCaseData>): boolean {
  const grounds: unknown = request.caseData.refusal?.grounds;
  return Array.isArray(grounds) && grounds.length === 1 && grounds[0] === 'NATIONALITY';
}

/** Domestic prosecution may be asked for only after a refusal for nationality alone. */
export const refusedForNationalityOnly = {
  test: refusedSolelyForNationality,
  reason: 'extradition was not refused solely on the ground of nationality',
};
