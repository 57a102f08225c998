import { ValidationFailedError } from '@/common/errors/domain-error';
import type { CaseOf } from '@/workflows';
import type { DeclineConditionsPayload } from './payloads/spontaneous.payloads';
import type { SpontaneousCaseData, SpontaneousContext } from './spontaneous.case-data';

/*
 * The checks of the spontaneous information table (spontaneous.machine.ts): a decline names only conditions
 * of the offer, and delivery happens once (a revised offer is already in the receiver's inbox).
 */

/** The conditions a decline says it cannot comply with must be conditions of the current offer. */
export function declinedConditionsExist({
  request,
  payload,
}: SpontaneousContext<DeclineConditionsPayload>): void {
  const count = request.caseData.conditions?.items.length ?? 0;
  const unknown = (payload.unacceptable ?? []).filter((i) => i >= count);
  if (unknown.length > 0) {
    throw new ValidationFailedError([
      {
        field: 'unacceptable',
        messages: [
          count === 0
            ? 'the offer has no conditions; give only reasons'
            : `not conditions of this offer (it has ${count}): ${unknown.join(', ')}`,
        ],
      },
    ]);
  }
}

/** The offer has not reached the receiver yet. */
export function notYetDelivered(request: CaseOf<SpontaneousCaseData>): boolean {
  return request.deliveredAt === null;
}

/** Delivery happens once: a revised offer is already in the receiver's inbox. */
export const deliveredOnce = { test: notYetDelivered, reason: 'it was already delivered' };
