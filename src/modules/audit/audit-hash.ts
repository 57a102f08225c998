import { computeEventHash, type HashedEventFields } from '@/workflows';

export type { HashedEventFields };

export interface ChainVerification {
  valid: boolean;
  events: number;
  brokenAt?: { seq: number; eventId: string | null; reason: string };
}

/** What links an event to its predecessor in a request's chain. */
export interface ChainLink {
  id: string;
  seq: number;
  prevHash: string | null;
  hash: string;
}

/**
 * Walks one request's chain, oldest first, one event at a time: seq continuity, the link to the previous
 * hash, and (when the content is at hand) the event's own hash. A redacted event (an export shows the
 * counterpart only the hash of the requester's drafting) is checked for its place and links only.
 */
export class ChainChecker {
  private position = 0;
  private prev: string | null = null;

  /** Why this event breaks the chain, or null when it continues it. */
  next(e: ChainLink, content?: HashedEventFields): string | null {
    this.position++;
    if (e.seq !== this.position) {
      return `expected seq ${this.position}, found ${e.seq}`;
    }
    if (e.prevHash !== this.prev) {
      return 'prevHash does not match the previous event';
    }
    if (content && computeEventHash(content) !== e.hash) {
      return 'hash does not match the event content';
    }
    this.prev = e.hash;
    return null;
  }

  get events(): number {
    return this.position;
  }
}

/** The reason a chain of `found` events is short (or long) for a request at version `expected`, if it is. */
export function countMismatch(found: number, expected: number): string | null {
  return found === expected ? null : `the request is at version ${expected} but ${found} events remain`;
}

/**
 * Recomputes a request's chain, oldest first: each hash, each link, and seq continuity. With
 * `expectedEvents` (the request's version, which counts its events) a truncated tail is caught too.
 */
export function verifyChain(
  events: (HashedEventFields & ChainLink)[],
  expectedEvents?: number,
): ChainVerification {
  const checker = new ChainChecker();
  for (const e of events) {
    const reason = checker.next(e, e);
    if (reason) {
      return { valid: false, events: events.length, brokenAt: { seq: e.seq, eventId: e.id, reason } };
    }
  }
  if (expectedEvents !== undefined) {
    const reason = countMismatch(events.length, expectedEvents);
    if (reason) {
      const seq = Math.min(events.length, expectedEvents) + 1;
      return { valid: false, events: events.length, brokenAt: { seq, eventId: null, reason } };
    }
  }
  return { valid: true, events: events.length };
}
