import type { FieldProblem } from '@/common/errors/domain-error';
import { isCalendarDate } from '@/common/validation/is-date-time';
import type { RequestConsent, UseKind } from './entities/consent.entity';
import type { MaterialConditionType } from './entities/request-condition.entity';

/** What a rule needs of a condition. */
export interface ConditionFacts {
  id: string;
  type: MaterialConditionType;
  authorityId: string;
  itemIds: string[];
  acceptedAt: Date | null;
}

/** What a rule needs of a document. */
export interface ItemFacts {
  id: string;
  authorityId: string;
}

/** A retention date: a real day of the calendar, from 2000 on. */
function isRetentionDate(value: string): boolean {
  return isCalendarDate(value) && Number(value.slice(0, 4)) >= 2000;
}

/** The type-specific fields of a new condition: retention machine-readable, proceedings on USE_LIMIT only. */
export function conditionFieldProblems(dto: {
  type: MaterialConditionType;
  proceedings?: string;
  retentionDays?: number;
  retentionUntil?: string;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (dto.type === 'RETENTION') {
    if ((dto.retentionDays === undefined) === (dto.retentionUntil === undefined)) {
      problems.push({
        field: 'retentionDays',
        messages: ['a RETENTION condition gives exactly one of retentionDays and retentionUntil'],
      });
    }
    if (dto.retentionUntil !== undefined && !isRetentionDate(dto.retentionUntil)) {
      problems.push({
        field: 'retentionUntil',
        messages: ['retentionUntil must be a calendar date (YYYY-MM-DD) from the year 2000'],
      });
    }
  } else {
    for (const field of ['retentionDays', 'retentionUntil'] as const) {
      if (dto[field] !== undefined) {
        problems.push({ field, messages: [`${field} belongs to a RETENTION condition only`] });
      }
    }
  }
  if (dto.type !== 'USE_LIMIT' && dto.proceedings !== undefined) {
    problems.push({ field: 'proceedings', messages: ['proceedings belongs to a USE_LIMIT condition only'] });
  }
  return problems;
}

/** A condition governs the sender's documents it names, or all of them when it names none. */
export function governs(condition: ConditionFacts, item: ItemFacts): boolean {
  return (
    condition.authorityId === item.authorityId &&
    (condition.itemIds.length === 0 || condition.itemIds.includes(item.id))
  );
}

/**
 * The conditions that still hold a document back from a reader: those governing it that nobody of the
 * receiving side has accepted. The sender's own documents are never held back from the sender.
 */
export function unaccepted(
  conditions: ConditionFacts[],
  item: ItemFacts,
  readerAuthorityId: string,
): ConditionFacts[] {
  if (item.authorityId === readerAuthorityId) {
    return [];
  }
  return conditions.filter((c) => c.acceptedAt === null && governs(c, item));
}

/** Same recipient as named in a consent: compared without case and surrounding or repeated blanks. */
export function sameRecipient(a: string, b: string): boolean {
  const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The granted consent of the sending State that covers a use (same kind, same recipient, every item,
 * asked by the user's authority); or, when none does, the items (indices) the closest one leaves out.
 */
export function coveringConsent(
  consents: Pick<
    RequestConsent,
    'id' | 'kind' | 'recipient' | 'itemIds' | 'status' | 'requestedByAuthorityId'
  >[],
  use: { kind: UseKind; recipient: string; items: string[]; authorityId: string },
): { consentId: string } | { uncovered: number[] } {
  let best: number[] = use.items.map((_, i) => i);
  for (const c of consents) {
    if (
      c.status !== 'granted' ||
      c.kind !== use.kind ||
      c.requestedByAuthorityId !== use.authorityId ||
      !sameRecipient(c.recipient, use.recipient)
    ) {
      continue;
    }
    const missing = use.items.flatMap((item, i) => (c.itemIds.includes(item) ? [] : [i]));
    if (missing.length === 0) {
      return { consentId: c.id };
    }
    if (missing.length < best.length) {
      best = missing;
    }
  }
  return { uncovered: best };
}
