import { computeEventHash } from '@/workflows';
import { type WireEvent, recorded } from './wire-event';

/** A node's answer to `GET /federation/v1/cases/:caseId/events?after=N`, signed like a receipt. */
export interface CaseEventsBody {
  v: 1;
  node: string;
  case: string;
  after: number;
  events: WireEvent[];
  at: string;
}

export type SignedCaseEvents = CaseEventsBody & { signature: string };

/** The head of a request's history here: its last event's position and hash. */
export interface Head {
  seq: number;
  hash: string | null;
}

export interface Broken {
  ok: false;
  /** `diverged`: another history than ours at `seq`; `invalid`: the events are not a chain at all. */
  kind: 'diverged' | 'invalid';
  seq: number;
  reason: string;
  ourHash: string | null;
  theirHash: string | null;
}

export type Continuation = { ok: true } | Broken;

/**
 * Whether `events` (a peer's answer after our head) continue our history: the first at `head.seq + 1`
 * chained to our head's hash, each next one to the previous, every hash recomputed from its fields (so that
 * nothing is taken on the peer's word). A first event chained to another hash than our head's is a
 * divergence; a hole, a wrong order or a hash that does not recompute makes the answer invalid.
 */
export function continuation(requestId: string, head: Head, events: readonly WireEvent[]): Continuation {
  let prev = { seq: head.seq, hash: head.hash };
  for (const e of events) {
    const bad = (kind: 'diverged' | 'invalid', reason: string): Broken => ({
      ok: false,
      kind,
      seq: e.seq,
      reason,
      ourHash: prev.hash,
      theirHash: e.prevHash,
    });
    if (e.seq !== prev.seq + 1) {
      return bad('invalid', `event ${e.seq} does not follow event ${prev.seq}`);
    }
    if (e.prevHash !== prev.hash) {
      return prev.seq === head.seq
        ? bad('diverged', `event ${e.seq} follows another event ${head.seq} than ours`)
        : bad('invalid', `event ${e.seq} is not chained to event ${prev.seq} of the same answer`);
    }
    if (computeEventHash(recorded(requestId, e)) !== e.hash) {
      return { ...bad('invalid', `event ${e.seq} does not match its hash`), theirHash: e.hash };
    }
    prev = { seq: e.seq, hash: e.hash };
  }
  return { ok: true };
}
