import { createHash, type KeyObject } from 'node:crypto';
import { signDetached, detachedKid, verifyDetached } from './detached-jws';
import { jcs } from './jcs';
import { isCommitment, keyCommitment, parsePublicJwk, type PublicJwk } from './jwk';

/**
 * The node's key log: a hash chain of key events, the only way its signing key ever changes.
 *
 * - `inception` (seq 0): the first key, and the commitment (`nextKeyDigest`, see keyCommitment) to the next
 *   one, which stays secret. Signed by the first key.
 * - `rotation`: reveals the key the previous event committed to (its commitment must match), commits to a
 *   new next key; signed by the key it replaces (the current one) AND by the revealed one. A thief of the
 *   current key alone cannot rotate: they know neither the next key nor even its public half.
 * - `revocation`: a retired key (never the current one: rotate first) is to be distrusted from
 *   `revokedSince` on, e.g. after its compromise came to light. Signed by the current key.
 *
 * Every event names the node (its origin), its position (`seq`) and the digest of the previous event
 * (`prev`); its digest is base64url(SHA-256(JCS(event without `signatures`))), and each signature is a
 * detached JWS over that same JCS form. The node's fingerprint is the inception digest in hex: it names the
 * first key and the commitment to the second, so it stays the same across rotations.
 */

export const KEY_LOG_VERSION = 1;
/** Longest log a peer may serve us (a rotation a day for 27 years). */
export const MAX_KEY_EVENTS = 10_000;

interface EventBase {
  v: typeof KEY_LOG_VERSION;
  /** The node's origin. */
  node: string;
  seq: number;
  /** Digest of the previous event; null for the inception. */
  prev: string | null;
  createdAt: string;
}
export interface InceptionBody extends EventBase {
  type: 'inception';
  key: PublicJwk;
  nextKeyDigest: string;
}
export interface RotationBody extends EventBase {
  type: 'rotation';
  key: PublicJwk;
  nextKeyDigest: string;
}
export interface RevocationBody extends EventBase {
  type: 'revocation';
  revokedKid: string;
  revokedSince: string;
  reason: string;
}
export type KeyEventBody = InceptionBody | RotationBody | RevocationBody;
export type KeyEventType = KeyEventBody['type'];
/** An event as stored and served: its body and its detached signatures. */
export type KeyEvent = KeyEventBody & { signatures: string[] };

/** A key the log has named, with when it was in force. */
export interface KeyLogKey {
  jwk: PublicJwk;
  /** The event that brought it in force. */
  validFrom: string;
  /** The rotation that replaced it; null for the current key. */
  validUntil: string | null;
  /** Signatures by it from this time on are not to be trusted; null unless revoked. */
  revokedSince: string | null;
}

/** What a peer pins: the head of a node's verified key log and the keys it establishes. */
export interface KeyState {
  node: string;
  /** seq of the head event. */
  seq: number;
  /** digest of the head event. */
  head: string;
  /** createdAt of the head event (later events may not be earlier). */
  headAt: string;
  /** Hex SHA-256 of the inception event: the node's fingerprint. */
  fingerprint: string;
  currentKey: PublicJwk;
  nextKeyDigest: string;
  /** Every key the log has named, oldest first (the current one last). */
  keys: KeyLogKey[];
}

export type KeyLogResult = { ok: true; state: KeyState } | { ok: false; seq: number | null; reason: string };

export interface Signer {
  privateKey: KeyObject;
  kid: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DIGEST = /^[A-Za-z0-9_-]{43}$/;

export function eventDigest(body: KeyEventBody): string {
  return createHash('sha256').update(jcs(body), 'utf8').digest('base64url');
}

/** The event without its signatures (and without a served `digest`): what is hashed and signed. */
export function bodyOf(event: KeyEvent): KeyEventBody {
  const { signatures: _signatures, digest: _digest, ...body } = event as KeyEvent & { digest?: string };
  return body;
}

async function signed(body: KeyEventBody, signers: Signer[]): Promise<KeyEvent> {
  const signatures = [];
  for (const s of signers) {
    signatures.push(await signDetached(body, s.privateKey, s.kid));
  }
  return { ...body, signatures };
}

/** The first event of a node's log. */
export function buildInception(o: {
  node: string;
  key: PublicJwk;
  signer: KeyObject;
  nextKid: string;
  createdAt: Date;
}): Promise<KeyEvent> {
  return signed(
    {
      v: KEY_LOG_VERSION,
      node: o.node,
      seq: 0,
      prev: null,
      type: 'inception',
      createdAt: o.createdAt.toISOString(),
      key: o.key,
      nextKeyDigest: keyCommitment(o.nextKid),
    },
    [{ privateKey: o.signer, kid: o.key.kid }],
  );
}

/** A rotation on top of `state`: reveals `revealed` (the committed next key), commits to `nextKid`. */
export function buildRotation(
  state: KeyState,
  o: {
    current: KeyObject;
    revealed: { key: PublicJwk; privateKey: KeyObject };
    nextKid: string;
    createdAt: Date;
  },
): Promise<KeyEvent> {
  return signed(
    {
      v: KEY_LOG_VERSION,
      node: state.node,
      seq: state.seq + 1,
      prev: state.head,
      type: 'rotation',
      createdAt: o.createdAt.toISOString(),
      key: o.revealed.key,
      nextKeyDigest: keyCommitment(o.nextKid),
    },
    [
      { privateKey: o.current, kid: state.currentKey.kid },
      { privateKey: o.revealed.privateKey, kid: o.revealed.key.kid },
    ],
  );
}

/** A revocation of a retired key on top of `state`, signed by the current key. */
export function buildRevocation(
  state: KeyState,
  o: { current: KeyObject; revokedKid: string; revokedSince: Date; reason: string; createdAt: Date },
): Promise<KeyEvent> {
  return signed(
    {
      v: KEY_LOG_VERSION,
      node: state.node,
      seq: state.seq + 1,
      prev: state.head,
      type: 'revocation',
      createdAt: o.createdAt.toISOString(),
      revokedKid: o.revokedKid,
      revokedSince: o.revokedSince.toISOString(),
      reason: o.reason,
    },
    [{ privateKey: o.current, kid: state.currentKey.kid }],
  );
}

const MEMBERS: Record<KeyEventType, string[]> = {
  inception: ['key', 'nextKeyDigest'],
  rotation: ['key', 'nextKeyDigest'],
  revocation: ['revokedKid', 'revokedSince', 'reason'],
};
const COMMON = ['v', 'node', 'seq', 'prev', 'type', 'createdAt', 'signatures', 'digest'];

type Parsed = { ok: true; event: KeyEvent; digest: string } | { ok: false; reason: string };

/** Reads one untrusted event: its exact shape (no unknown members), formats, and its served digest if any. */
function parseEvent(raw: unknown): Parsed {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'is not an object' };
  }
  const e = raw as Record<string, unknown>;
  if (e.type !== 'inception' && e.type !== 'rotation' && e.type !== 'revocation') {
    return { ok: false, reason: `unknown event type ${JSON.stringify(e.type)}` };
  }
  const type = e.type;
  const unknown = Object.keys(e).filter((k) => !COMMON.includes(k) && !MEMBERS[type].includes(k));
  if (unknown.length > 0) {
    return { ok: false, reason: `unexpected members: ${unknown.join(', ')}` };
  }
  if (e.v !== KEY_LOG_VERSION) {
    return { ok: false, reason: `unsupported version ${JSON.stringify(e.v)}` };
  }
  if (typeof e.node !== 'string' || !Number.isSafeInteger(e.seq) || (e.seq as number) < 0) {
    return { ok: false, reason: 'node or seq is malformed' };
  }
  if (e.prev !== null && (typeof e.prev !== 'string' || !DIGEST.test(e.prev))) {
    return { ok: false, reason: 'prev is not a digest' };
  }
  if (typeof e.createdAt !== 'string' || !ISO.test(e.createdAt) || Number.isNaN(Date.parse(e.createdAt))) {
    return { ok: false, reason: 'createdAt is not an ISO 8601 UTC time' };
  }
  if (!Array.isArray(e.signatures) || e.signatures.length === 0 || e.signatures.length > 4) {
    return { ok: false, reason: 'signatures must be a list of 1 to 4 detached JWS' };
  }
  if (type === 'revocation') {
    if (typeof e.revokedKid !== 'string' || !DIGEST.test(e.revokedKid)) {
      return { ok: false, reason: 'revokedKid is not a key id' };
    }
    if (typeof e.revokedSince !== 'string' || !ISO.test(e.revokedSince)) {
      return { ok: false, reason: 'revokedSince is not an ISO 8601 UTC time' };
    }
    if (typeof e.reason !== 'string' || e.reason.length === 0 || e.reason.length > 500) {
      return { ok: false, reason: 'reason must be 1 to 500 characters' };
    }
  } else {
    const key = parsePublicJwk(e.key);
    if (!key.ok) {
      return { ok: false, reason: `key ${key.reason}` };
    }
    if (!isCommitment(e.nextKeyDigest)) {
      return { ok: false, reason: 'nextKeyDigest is not a SHA-256 commitment' };
    }
  }
  const event = e as unknown as KeyEvent;
  const digest = eventDigest(bodyOf(event));
  if (e.digest !== undefined && e.digest !== digest) {
    return { ok: false, reason: 'digest does not match the event' };
  }
  return { ok: true, event, digest };
}

/** The signatures of an event, checked: each must verify, and exactly the `required` keys must have signed. */
async function checkSignatures(
  event: KeyEvent,
  required: { key: PublicJwk; role: string }[],
): Promise<string | null> {
  const body = bodyOf(event);
  const kids = event.signatures.map(detachedKid);
  if (kids.some((k) => k === null)) {
    return 'a signature is not a detached EdDSA JWS naming its kid';
  }
  if (new Set(kids).size !== kids.length) {
    return 'a key signed twice';
  }
  for (const r of required) {
    const i = kids.indexOf(r.key.kid);
    if (i < 0) {
      return `not signed by ${r.role} (${r.key.kid})`;
    }
    if (!(await verifyDetached(body, event.signatures[i], r.key))) {
      return `the signature of ${r.role} (${r.key.kid}) does not verify`;
    }
  }
  if (kids.length !== required.length) {
    return 'signed by a key that has no say in this event';
  }
  return null;
}

/** Applies one untrusted event on top of `state` (null: the log starts here). Pure; never throws. */
export async function applyKeyEvent(
  state: KeyState | null,
  raw: unknown,
  node: string,
): Promise<KeyLogResult> {
  const parsed = parseEvent(raw);
  const rawSeq = (raw as { seq?: unknown } | null)?.seq;
  const at = Number.isSafeInteger(rawSeq) ? (rawSeq as number) : null;
  const fail = (reason: string): KeyLogResult => ({ ok: false, seq: at, reason });
  if (!parsed.ok) {
    return fail(parsed.reason);
  }
  const { event, digest } = parsed;
  if (event.node !== node) {
    return fail(`the event is about ${event.node}, not ${node}`);
  }
  const expectedSeq = state ? state.seq + 1 : 0;
  if (event.seq !== expectedSeq) {
    return fail(`seq ${event.seq} where ${expectedSeq} was expected`);
  }
  if (event.prev !== (state ? state.head : null)) {
    return fail('prev is not the digest of the previous event');
  }
  if (state && event.createdAt < state.headAt) {
    return fail('createdAt is earlier than the previous event');
  }
  if (event.type === 'inception') {
    if (state) {
      return fail('an inception can only start the log');
    }
    if (event.nextKeyDigest === keyCommitment(event.key.kid)) {
      return fail('the next key must differ from the current one');
    }
    const bad = await checkSignatures(event, [{ key: event.key, role: 'the key it introduces' }]);
    if (bad) {
      return fail(bad);
    }
    return {
      ok: true,
      state: {
        node,
        seq: 0,
        head: digest,
        headAt: event.createdAt,
        fingerprint: Buffer.from(digest, 'base64url').toString('hex'),
        currentKey: event.key,
        nextKeyDigest: event.nextKeyDigest,
        keys: [{ jwk: event.key, validFrom: event.createdAt, validUntil: null, revokedSince: null }],
      },
    };
  }
  if (!state) {
    return fail('the log does not start with an inception');
  }
  if (event.type === 'rotation') {
    if (keyCommitment(event.key.kid) !== state.nextKeyDigest) {
      return fail(
        `the rotation reveals key ${event.key.kid}, which is not the next key the previous event committed ` +
          'to: only the holder of the pre-committed key can rotate',
      );
    }
    const used = new Set(state.keys.map((k) => keyCommitment(k.jwk.kid)));
    if (event.nextKeyDigest === keyCommitment(event.key.kid) || used.has(event.nextKeyDigest)) {
      return fail('the rotation commits to a key already used');
    }
    const bad = await checkSignatures(event, [
      { key: state.currentKey, role: 'the current key' },
      { key: event.key, role: 'the revealed next key' },
    ]);
    if (bad) {
      return fail(bad);
    }
    return {
      ok: true,
      state: {
        ...state,
        seq: event.seq,
        head: digest,
        headAt: event.createdAt,
        currentKey: event.key,
        nextKeyDigest: event.nextKeyDigest,
        keys: [
          ...state.keys.map((k) => (k.validUntil === null ? { ...k, validUntil: event.createdAt } : k)),
          { jwk: event.key, validFrom: event.createdAt, validUntil: null, revokedSince: null },
        ],
      },
    };
  }
  const target = state.keys.find((k) => k.jwk.kid === event.revokedKid);
  if (!target) {
    return fail(`revokes ${event.revokedKid}, a key the log never named`);
  }
  if (target.validUntil === null) {
    return fail('the current key cannot be revoked: rotate to the next key first, then revoke this one');
  }
  if (target.revokedSince !== null) {
    return fail(`${event.revokedKid} is already revoked`);
  }
  if (event.revokedSince < target.validFrom || event.revokedSince > event.createdAt) {
    return fail('revokedSince must lie between the key coming in force and the revocation');
  }
  const bad = await checkSignatures(event, [{ key: state.currentKey, role: 'the current key' }]);
  if (bad) {
    return fail(bad);
  }
  return {
    ok: true,
    state: {
      ...state,
      seq: event.seq,
      head: digest,
      headAt: event.createdAt,
      keys: state.keys.map((k) => (k === target ? { ...k, revokedSince: event.revokedSince } : k)),
    },
  };
}

function asList(events: unknown): { ok: true; list: unknown[] } | { ok: false; reason: string } {
  if (!Array.isArray(events)) {
    return { ok: false, reason: 'the key log is not a list of events' };
  }
  if (events.length > MAX_KEY_EVENTS) {
    return { ok: false, reason: `the key log has more than ${MAX_KEY_EVENTS} events` };
  }
  return { ok: true, list: events };
}

/** Verifies a whole log from its inception (adding a peer); returns the state at its head. */
export async function verifyKeyLog(events: unknown, node: string): Promise<KeyLogResult> {
  const list = asList(events);
  if (!list.ok) {
    return { ok: false, seq: null, reason: list.reason };
  }
  if (list.list.length === 0) {
    return { ok: false, seq: null, reason: 'the key log is empty' };
  }
  let state: KeyState | null = null;
  for (const raw of list.list) {
    const result = await applyKeyEvent(state, raw, node);
    if (!result.ok) {
      return result;
    }
    state = result.state;
  }
  return { ok: true, state: state as KeyState };
}

/**
 * Accepts only a valid continuation of a pinned head: `events` is what the node serves now (its whole log,
 * or any part that reaches back to the pinned head). The event at the pinned position must be the pinned
 * one (same digest: no fork of the history we trust), and every later event must apply in order on the
 * pinned state. Never "refetch and accept whatever is served": a log that starts again, forks, skips a
 * position, or rotates to a key the previous event did not commit to is refused.
 */
export async function verifyKeyLogContinuation(pinned: KeyState, events: unknown): Promise<KeyLogResult> {
  const list = asList(events);
  if (!list.ok) {
    return { ok: false, seq: null, reason: list.reason };
  }
  let state = pinned;
  let sawHead = false;
  for (const raw of list.list) {
    const seq = (raw as { seq?: unknown } | null)?.seq;
    if (!Number.isSafeInteger(seq)) {
      return { ok: false, seq: null, reason: 'an event has no seq' };
    }
    if ((seq as number) < pinned.seq) {
      continue;
    }
    if (seq === pinned.seq) {
      const parsed = parseEvent(raw);
      if (!parsed.ok || parsed.digest !== pinned.head) {
        return {
          ok: false,
          seq: pinned.seq,
          reason: 'the served log differs from the pinned head at its position: a fork of the key history',
        };
      }
      sawHead = true;
      continue;
    }
    if (!sawHead && (seq as number) !== pinned.seq + 1) {
      return { ok: false, seq: seq as number, reason: `seq ${String(seq)} does not follow the pinned head` };
    }
    const result = await applyKeyEvent(state, raw, pinned.node);
    if (!result.ok) {
      return result;
    }
    state = result.state;
    sawHead = true;
  }
  if (!sawHead) {
    return {
      ok: false,
      seq: null,
      reason: `the served log ends before the pinned head (seq ${pinned.seq}): a rolled-back key history`,
    };
  }
  return { ok: true, state };
}
