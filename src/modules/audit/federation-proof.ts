import { createHash, createPublicKey, verify } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { jcs } from '@/modules/federation/jcs';

/**
 * The federation part of a request's export (docs/audit-export.md section 4.1): every envelope sent or
 * received for the request, verbatim, linked to the event it carries, with its receipts verbatim, and the key
 * material to verify them offline: this node's key log (every event, from its inception) and each peer's
 * keys as this node pinned them. Verified here without the network or the database (section 5, steps 8-11),
 * synchronously, with node:crypto only: a third party can follow the same steps in any language.
 */

/** A key as a key log establishes it: the JWK and when it was in force. */
export interface ExportedKey {
  jwk: { kty: string; crv: string; x: string; kid: string; alg?: string; use?: string };
  validFrom: string;
  validUntil: string | null;
  revokedSince: string | null;
}

export interface ExportedPeer {
  origin: string;
  /** Hex SHA-256 of the peer's key-log inception: what two admins confirmed when pinning it. */
  fingerprint: string;
  /** The head of its key log this node has pinned (moved only along a verified continuation). */
  pinnedHead: { seq: number; digest: string };
  keys: ExportedKey[];
}

export interface ExportedEnvelope {
  direction: 'sent' | 'received';
  peer: string;
  /** base64url SHA-256 of the JCS form of the envelope without its signature. */
  digest: string;
  caseSeq: number;
  /** Hash of the request's event at caseSeq that the envelope carries; null when this history has it not. */
  eventHash: string | null;
  status: string;
  /** The envelope exactly as signed and sent or received. */
  envelope: Record<string, unknown>;
  /** Its receipts, oldest first, each exactly as signed (PROCESSED: the receiver's receipt envelope). */
  receipts: { kind: string; receipt: Record<string, unknown> }[];
}

export interface FederationProof {
  node: { origin: string; fingerprint: string; keyLog: Record<string, unknown>[] };
  peers: ExportedPeer[];
  envelopes: ExportedEnvelope[];
}

// --- Reading it, in the export's snapshot --------------------------------------------------------------

interface KeyStateRow {
  seq: number;
  head: string;
  fingerprint: string;
  keys: ExportedKey[];
}

/** The request's envelopes and the keys to verify them; null when the request never crossed nodes. */
export async function readFederationProof(
  manager: EntityManager,
  requestId: string,
  events: readonly { seq: number; hash: string }[],
): Promise<FederationProof | null> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT id, direction, peer_origin, digest, status, envelope FROM federation_envelopes
      WHERE request_id = $1 AND type <> 'receipt' ORDER BY created_at, id`,
    [requestId],
  );
  if (rows.length === 0) {
    return null;
  }
  const receipts: { envelope_row_id: string; kind: string; receipt: Record<string, unknown> }[] =
    await manager.query(
      'SELECT envelope_row_id, kind, receipt FROM federation_receipts WHERE envelope_row_id = ANY($1::uuid[]) ORDER BY id',
      [rows.map((r) => r.id)],
    );
  const log: { event: Record<string, unknown> }[] = await manager.query(
    'SELECT event FROM federation_key_log ORDER BY seq',
  );
  const origins = [...new Set(rows.map((r) => r.peer_origin as string))];
  const peers: {
    origin: string;
    fingerprint: string;
    key_state: KeyStateRow;
    pinned_head: KeyStateRow | null;
  }[] = await manager.query(
    'SELECT origin, fingerprint, key_state, pinned_head FROM federation_peers WHERE origin = ANY($1) ORDER BY origin',
    [origins],
  );
  const hashAt = new Map(events.map((e) => [e.seq, e.hash]));
  const inception = log[0]?.event ?? {};
  return {
    node: {
      origin: String(inception.node),
      fingerprint: log.length > 0 ? Buffer.from(keyEventDigest(inception), 'base64url').toString('hex') : '',
      keyLog: log.map((l) => l.event),
    },
    peers: peers.map((p) => {
      const state = p.pinned_head ?? p.key_state;
      return {
        origin: p.origin,
        fingerprint: p.fingerprint.trim(),
        pinnedHead: { seq: state.seq, digest: state.head },
        keys: state.keys,
      };
    }),
    envelopes: rows.map((r) => {
      const envelope = r.envelope as Record<string, unknown>;
      const caseSeq = Number(envelope.caseSeq);
      const carried = (envelope.body as { event?: { hash?: unknown } } | undefined)?.event?.hash;
      const ours = hashAt.get(caseSeq);
      return {
        direction: r.direction === 'out' ? 'sent' : 'received',
        peer: r.peer_origin as string,
        digest: (r.digest as string).trim(),
        caseSeq,
        eventHash: ours !== undefined && ours === carried ? ours : null,
        status: r.status as string,
        envelope,
        receipts: receipts
          .filter((x) => x.envelope_row_id === r.id)
          .map((x) => ({ kind: x.kind, receipt: x.receipt })),
      };
    }),
  };
}

// --- Verifying it offline -------------------------------------------------------------------------------

/** Why the federation part does not verify, with where. */
export class FederationProofBroken extends Error {
  constructor(
    reason: string,
    readonly seq?: number,
  ) {
    super(reason);
  }
}

type Obj = Record<string, unknown>;
const HEX64 = /^[0-9a-f]{64}$/;
const B64U43 = /^[A-Za-z0-9_-]{43}$/;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(reason: string, seq?: number): never {
  throw new FederationProofBroken(reason, seq);
}

const sha256b64u = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64url');

/** RFC 7638 thumbprint of an Ed25519 JWK: base64url SHA-256 of {"crv","kty","x"} in that order. */
export function jwkThumbprint(x: string): string {
  return sha256b64u(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x }));
}

/** Digest of a key-log event: base64url SHA-256 of the JCS form without `signatures` (and a served `digest`). */
function keyEventDigest(event: Obj): string {
  const { signatures: _s, digest: _d, ...body } = event;
  return sha256b64u(jcs(body));
}

const withoutSignature = (o: Obj): Obj => {
  const { signature: _s, ...rest } = o;
  return rest;
};

/** The kid of a detached JWS whose protected header is exactly { alg: "EdDSA", kid }; null otherwise. */
function jwsKid(jws: unknown): string | null {
  if (typeof jws !== 'string' || !/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/.test(jws)) {
    return null;
  }
  try {
    const header = JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString('utf8')) as Obj;
    const keys = Object.keys(header).sort().join(',');
    return keys === 'alg,kid' && header.alg === 'EdDSA' && typeof header.kid === 'string' ? header.kid : null;
  } catch {
    return null;
  }
}

/** Whether `jws` is a detached Ed25519 JWS (RFC 7515 appendix F) of the JCS form of `value` by `x`. */
function jwsVerifies(value: unknown, jws: string, x: string): boolean {
  const [header, , signature] = jws.split('.');
  const input = `${header}.${Buffer.from(jcs(value), 'utf8').toString('base64url')}`;
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    return verify(null, Buffer.from(input, 'ascii'), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

function checkJwk(jwk: unknown, where: string): ExportedKey['jwk'] {
  if (!isObj(jwk) || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    fail(`${where}: not an Ed25519 JWK`);
  }
  if (jwk.kid !== jwkThumbprint(jwk.x)) {
    fail(`${where}: kid is not the RFC 7638 thumbprint of the key`);
  }
  return jwk as ExportedKey['jwk'];
}

/**
 * This node's key log, checked from its inception: seq 0, 1, 2 ...; each `prev` the previous digest; each
 * event about the node; an inception signed by its key; a rotation revealing the key the previous event
 * committed to (`nextKeyDigest` = base64url SHA-256 of the ASCII kid) and signed by the key it replaces
 * and by the revealed one; a revocation signed by the current key. Returns every key with its window.
 */
export function keysOfLog(origin: string, log: unknown): { fingerprint: string; keys: ExportedKey[] } {
  if (!Array.isArray(log) || log.length === 0) {
    fail("the node's key log is missing");
  }
  const keys: ExportedKey[] = [];
  let current: ExportedKey['jwk'] | null = null;
  let next: string | null = null;
  let prev: string | null = null;
  let fingerprint = '';
  const signedBy = (e: Obj, jwk: ExportedKey['jwk']): boolean => {
    const { signatures, digest: _d, ...body } = e;
    return (
      Array.isArray(signatures) &&
      signatures.some((s) => jwsKid(s) === jwk.kid && jwsVerifies(body, s as string, jwk.x))
    );
  };
  log.forEach((raw, i) => {
    const where = `key-log event ${i}`;
    if (
      !isObj(raw) ||
      raw.seq !== i ||
      raw.prev !== prev ||
      raw.node !== origin ||
      typeof raw.createdAt !== 'string'
    ) {
      fail(`${where}: not the next event of ${origin}'s key log (seq, prev or node)`);
    }
    const digest = keyEventDigest(raw);
    if (raw.type === 'inception' && i === 0) {
      const key = checkJwk(raw.key, where);
      if (!signedBy(raw, key)) {
        fail(`${where}: the inception is not signed by its key`);
      }
      fingerprint = Buffer.from(digest, 'base64url').toString('hex');
      current = key;
      keys.push({ jwk: key, validFrom: raw.createdAt, validUntil: null, revokedSince: null });
    } else if (raw.type === 'rotation' && current) {
      const key = checkJwk(raw.key, where);
      if (sha256b64u(key.kid) !== next) {
        fail(`${where}: the rotation reveals a key the previous event did not commit to`);
      }
      if (!signedBy(raw, current) || !signedBy(raw, key)) {
        fail(`${where}: a rotation must be signed by the current key and by the revealed one`);
      }
      keys.forEach((k) => {
        k.validUntil ??= raw.createdAt as string;
      });
      current = key;
      keys.push({ jwk: key, validFrom: raw.createdAt, validUntil: null, revokedSince: null });
    } else if (raw.type === 'revocation' && current) {
      const target = keys.find((k) => k.jwk.kid === raw.revokedKid && k.validUntil !== null);
      if (!target || typeof raw.revokedSince !== 'string' || !signedBy(raw, current)) {
        fail(`${where}: a revocation must name a retired key and be signed by the current key`);
      }
      target.revokedSince = raw.revokedSince;
    } else {
      fail(`${where}: ${String(raw.type)} is not possible here`);
    }
    if (raw.type !== 'revocation') {
      if (typeof raw.nextKeyDigest !== 'string' || !B64U43.test(raw.nextKeyDigest)) {
        fail(`${where}: nextKeyDigest is missing`);
      }
      next = raw.nextKeyDigest;
    }
    prev = digest;
  });
  return { fingerprint, keys };
}

function peerKeysOf(p: unknown, i: number): { origin: string; keys: ExportedKey[] } {
  const where = `federation.peers[${i}]`;
  if (
    !isObj(p) ||
    typeof p.origin !== 'string' ||
    typeof p.fingerprint !== 'string' ||
    !HEX64.test(p.fingerprint)
  ) {
    fail(`${where}: origin and fingerprint (64 hex) are required`);
  }
  if (!Array.isArray(p.keys) || p.keys.length === 0) {
    fail(`${where}: keys are required`);
  }
  const keys = p.keys.map((k, j) => {
    if (!isObj(k) || typeof k.validFrom !== 'string') {
      fail(`${where}.keys[${j}]: { jwk, validFrom, validUntil, revokedSince } expected`);
    }
    return {
      jwk: checkJwk(k.jwk, `${where}.keys[${j}]`),
      validFrom: k.validFrom,
      validUntil: typeof k.validUntil === 'string' ? k.validUntil : null,
      revokedSince: typeof k.revokedSince === 'string' ? k.revokedSince : null,
    };
  });
  return { origin: p.origin, keys };
}

/**
 * Whether `signed` (its `signature` member a detached JWS over the rest) was signed by a key of `node` that
 * was not revoked at `at`. Throws naming `what` otherwise.
 */
function checkSigned(
  signed: Obj,
  node: unknown,
  at: unknown,
  keysOf: Map<string, ExportedKey[]>,
  what: string,
  seq?: number,
): void {
  const keys = typeof node === 'string' ? keysOf.get(node) : undefined;
  if (!keys) {
    fail(`${what} is signed by ${String(node)}, a node the export has no keys of`, seq);
  }
  const kid = jwsKid(signed.signature);
  const key = keys.find((k) => k.jwk.kid === kid);
  if (!key) {
    fail(`${what}: its key ${String(kid)} is not a key of ${String(node)}`, seq);
  }
  if (typeof at !== 'string' || (key.revokedSince !== null && at >= key.revokedSince)) {
    fail(
      `${what}: signed at ${String(at)} by ${key.jwk.kid}, revoked since ${String(key.revokedSince)}`,
      seq,
    );
  }
  if (!jwsVerifies(withoutSignature(signed), signed.signature as string, key.jwk.x)) {
    fail(`${what}: the signature does not verify: changed after it was signed`, seq);
  }
}

/**
 * Steps 8-11 of docs/audit-export.md section 5: the key material, each envelope (signature, digest, the
 * request and parties it names, the event it carries), each receipt (signature by the right side, about that
 * envelope and digest). Returns the counts; throws FederationProofBroken at the first failure.
 */
export function verifyFederationProof(
  raw: unknown,
  request: { id: string },
  events: readonly { seq: number; hash: string }[],
): { envelopes: number; receipts: number } {
  if (!isObj(raw) || !isObj(raw.node) || !Array.isArray(raw.peers) || !Array.isArray(raw.envelopes)) {
    fail('malformed export: federation must be { node, peers[], envelopes[] }');
  }
  const origin = raw.node.origin;
  if (typeof origin !== 'string') {
    fail('malformed export: federation.node.origin must be a string');
  }
  const own = keysOfLog(origin, raw.node.keyLog);
  if (own.fingerprint !== raw.node.fingerprint) {
    fail("federation.node.fingerprint is not the digest of the node's key-log inception");
  }
  const keysOf = new Map<string, ExportedKey[]>([[origin, own.keys]]);
  raw.peers.forEach((p, i) => {
    const peer = peerKeysOf(p, i);
    keysOf.set(peer.origin, peer.keys);
  });
  const hashAt = new Map(events.map((e) => [e.seq, e.hash]));
  const ids = new Set<string>();
  let receipts = 0;
  raw.envelopes.forEach((x, i) => {
    const what = `envelope ${i}`;
    if (!isObj(x) || !isObj(x.envelope) || !Array.isArray(x.receipts) || typeof x.peer !== 'string') {
      fail(
        `malformed export: federation.envelopes[${i}] must be { direction, peer, digest, caseSeq, eventHash, envelope, receipts[] }`,
      );
    }
    const e = x.envelope;
    const seq = typeof e.caseSeq === 'number' ? e.caseSeq : undefined;
    const from = isObj(e.from) ? e.from.node : undefined;
    const to = isObj(e.to) ? e.to.node : undefined;
    const [sender, receiver] =
      x.direction === 'sent'
        ? [origin, x.peer]
        : x.direction === 'received'
          ? [x.peer, origin]
          : [null, null];
    if (sender === null || from !== sender || to !== receiver) {
      fail(
        `${what}: from ${String(from)} to ${String(to)} does not match its direction ${String(x.direction)} with ${x.peer}`,
        seq,
      );
    }
    if (!isObj(e.case) || e.case.id !== request.id || x.caseSeq !== seq) {
      fail(`${what}: about another request or position than it is listed under`, seq);
    }
    const key = `${String(x.direction)}:${String(e.id)}`;
    if (typeof e.id !== 'string' || ids.has(key)) {
      fail(`${what}: its id is missing or listed twice`, seq);
    }
    ids.add(key);
    checkSigned(e, sender, e.createdAt, keysOf, what, seq);
    const digest = sha256b64u(jcs(withoutSignature(e)));
    if (x.digest !== digest) {
      fail(`${what}: digest is not the SHA-256 of the envelope's JCS form`, seq);
    }
    if (x.eventHash !== null) {
      const carried = isObj(e.body) && isObj(e.body.event) ? e.body.event.hash : undefined;
      if (seq === undefined || hashAt.get(seq) !== x.eventHash || carried !== x.eventHash) {
        fail(`${what}: the event it carries is not event ${String(seq)} of the history`, seq);
      }
    }
    x.receipts.forEach((r, j) => {
      const rwhat = `${what}, receipt ${j}`;
      if (!isObj(r) || !isObj(r.receipt) || typeof r.kind !== 'string') {
        fail(`malformed export: ${rwhat} must be { kind, receipt }`, seq);
      }
      const rc = r.receipt;
      if (r.kind === 'PROCESSED') {
        const body = isObj(rc.body) ? rc.body : {};
        const rfrom = isObj(rc.from) ? rc.from.node : undefined;
        if (rc.type !== 'receipt' || body.kind !== 'PROCESSED' || rfrom !== receiver) {
          fail(`${rwhat}: a PROCESSED receipt is the receiver's own receipt envelope`, seq);
        }
        if (body.envelopeId !== e.id || body.digest !== digest) {
          fail(`${rwhat}: about another envelope or digest`, seq);
        }
        checkSigned(rc, receiver, rc.createdAt, keysOf, rwhat, seq);
      } else {
        // DELIVERY and rejections are signed by the receiver; a TIMEOUT is the sender's own record.
        const signer = r.kind === 'TIMEOUT' ? sender : receiver;
        if (rc.kind !== r.kind || rc.node !== signer) {
          fail(`${rwhat}: a ${r.kind} receipt must be signed by ${signer}`, seq);
        }
        if (
          rc.envelopeId !== e.id ||
          (rc.digest !== digest && !(r.kind === 'REJECTED' && rc.digest === null))
        ) {
          fail(`${rwhat}: about another envelope or digest`, seq);
        }
        checkSigned(rc, signer, rc.at, keysOf, rwhat, seq);
      }
      receipts += 1;
    });
  });
  return { envelopes: raw.envelopes.length, receipts };
}

// --- In a request's history -----------------------------------------------------------------------------

/** An envelope that carried an event of the history, with its receipts (GET /v1/requests/:id/history). */
export interface EventEnvelope {
  direction: 'sent' | 'received';
  peer: string;
  envelopeId: string;
  status: string;
  receipts: { kind: string; result: string; code: string | null; at: string; signerKid: string | null }[];
}

/** The envelopes of a request by the seq of the event each carries (the same event: the same hash). */
export async function envelopesByEvent(
  manager: EntityManager,
  requestId: string,
  events: readonly { seq: number; hash: string }[],
): Promise<Map<number, EventEnvelope[]>> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT e.id, e.direction, e.peer_origin, e.envelope_id, e.status, e.envelope->'caseSeq' AS case_seq,
            e.envelope->'body'->'event'->>'hash' AS event_hash,
            coalesce(json_agg(json_build_object('kind', r.kind, 'result', r.result, 'code', r.code, 'at', r.at,
                       'signerKid', r.signer_kid) ORDER BY r.id) FILTER (WHERE r.id IS NOT NULL), '[]') AS receipts
       FROM federation_envelopes e LEFT JOIN federation_receipts r ON r.envelope_row_id = e.id
      WHERE e.request_id = $1 AND e.type <> 'receipt'
      GROUP BY e.id ORDER BY e.created_at, e.id`,
    [requestId],
  );
  const hashAt = new Map(events.map((e) => [e.seq, e.hash]));
  const bySeq = new Map<number, EventEnvelope[]>();
  for (const r of rows) {
    const seq = Number(r.case_seq);
    if (hashAt.get(seq) !== r.event_hash) {
      continue;
    }
    const list = bySeq.get(seq) ?? [];
    list.push({
      direction: r.direction === 'out' ? 'sent' : 'received',
      peer: r.peer_origin as string,
      envelopeId: r.envelope_id as string,
      status: r.status as string,
      receipts: (r.receipts as EventEnvelope['receipts']).map((x) => ({
        ...x,
        at: new Date(x.at).toISOString(),
      })),
    });
    bySeq.set(seq, list);
  }
  return bySeq;
}
