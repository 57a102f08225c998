/**
 * Retention of received material (issue 15 part 4; arts 36(2), 40): how long the receiving side may keep
 * a document of the other side, and when it reviews it. Pure: the service gathers the facts.
 */

/** Days before the retention limit at which the receiving side reviews the item. */
export const REVIEW_LEAD_DAYS = 30;

/** A sender's RETENTION condition governing the item (exactly one of days or until). */
export interface RetentionConditionFacts {
  conditionId: string;
  retentionDays: number | null;
  retentionUntil: string | null;
}

/** What governs the limit: a sender's condition or the receiving State's declaration. */
export type RetentionSource =
  | { kind: 'condition'; conditionId: string }
  | { kind: 'declaration'; country: string; retentionDays: number };

export interface RetentionFacts {
  /** When the receiving side got the item (its upload, on one node). */
  receivedAt: Date;
  /** The sender's RETENTION conditions governing the item. */
  conditions: RetentionConditionFacts[];
  /** The receiving State's declared rule for received material, if any. */
  declared: { country: string; retentionDays: number } | null;
  /** The last review's decision to keep until a date (YYYY-MM-DD), if any. */
  keepUntil: string | null;
  /** The last review's decision to delete. */
  reviewedDelete: { at: Date } | null;
}

export interface Retention {
  /** The legal limit: the earliest of the conditions and the declared rule (YYYY-MM-DD); null: none. */
  limit: string | null;
  /** The date after which the item is kept no longer: the limit, or earlier by a review. */
  retentionUntil: string | null;
  /** When the receiving side reviews it. */
  reviewAt: string | null;
  /** What set the limit. */
  governedBy: RetentionSource | null;
}

const DAY = 86_400_000;

/** YYYY-MM-DD of a date (UTC). */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The day `days` after `day` (YYYY-MM-DD, UTC). */
export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY));
}

/**
 * The limit is the earliest of each governing condition (its date, or receipt plus its days) and the
 * declared rule (receipt plus its days); none when neither exists. A review may bring retentionUntil
 * earlier (keep until a date within the limit; delete: the day of the review), never later. reviewAt is
 * REVIEW_LEAD_DAYS before the limit (not before receipt); after a keep decision, the kept-until date
 * itself (the item comes back then for a new review or its deletion).
 */
export function retentionOf(f: RetentionFacts): Retention {
  const received = dayOf(f.receivedAt);
  const candidates: { until: string; source: RetentionSource }[] = [
    ...f.conditions.flatMap((c) => {
      const until =
        c.retentionUntil ?? (c.retentionDays !== null ? addDays(received, c.retentionDays) : null);
      return until ? [{ until, source: { kind: 'condition' as const, conditionId: c.conditionId } }] : [];
    }),
    ...(f.declared
      ? [
          {
            until: addDays(received, f.declared.retentionDays),
            source: { kind: 'declaration' as const, ...f.declared },
          },
        ]
      : []),
  ];
  const earliest = candidates.reduce<(typeof candidates)[number] | null>(
    (best, c) => (best === null || c.until < best.until ? c : best),
    null,
  );
  const limit = earliest?.until ?? null;
  let retentionUntil = limit;
  let reviewAt: string | null = limit ? maxDay(addDays(limit, -REVIEW_LEAD_DAYS), received) : null;
  if (f.keepUntil) {
    retentionUntil = limit === null || f.keepUntil < limit ? f.keepUntil : limit;
    reviewAt = retentionUntil;
  }
  if (f.reviewedDelete) {
    retentionUntil = dayOf(f.reviewedDelete.at);
    reviewAt = null;
  }
  return { limit, retentionUntil, reviewAt, governedBy: earliest?.source ?? null };
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

/** What a due list asks for: items to review, or to delete, by `today`. */
export function isDue(r: Retention, due: 'review' | 'deletion', today: string): boolean {
  const day = due === 'review' ? r.reviewAt : r.retentionUntil;
  return day !== null && day <= today;
}

/**
 * The certificate of a received document's deletion, recorded in its delete-document event (hash-chained)
 * and kept on the document's row: what was deleted (the content's SHA-256 and size), when, by whom, why,
 * under which rule; `certificateSha256` is the SHA-256 of the canonical JSON of the other fields, and
 * `signature` the node's Ed25519 audit signature of that same text.
 */
export interface DeletionCertificate {
  format: 'uncc-deletion-certificate';
  version: 1;
  requestId: string;
  attachmentId: string;
  filename: string;
  sha256: string;
  size: number;
  senderAuthorityId: string;
  deletedAt: string;
  deletedByUserId: string;
  deletedByAuthorityId: string;
  reason: string;
  retentionUntil: string | null;
  limit: string | null;
  governedBy: RetentionSource | null;
  certificateSha256: string;
  signature: { alg: 'Ed25519'; keyId: string; value: string };
}
