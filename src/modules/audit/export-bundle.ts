import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '@/common/crypto/canonical-json';
import { ChainChecker, countMismatch, type HashedEventFields } from './audit-hash';
import {
  checkpointLinkProblem,
  checkpointSignatureProblem,
  type SignedCheckpoint,
} from './checkpoint-statement';
import { type FederationProof, FederationProofBroken, verifyFederationProof } from './federation-proof';
import { eventLeaf, MerkleTree, verifyInclusion } from './merkle';
import { parsePublicKey, type PublicKeyInfo, verifyText } from './signing-key';

/**
 * A self-contained export of one request's history, verifiable with no database: the events, an
 * inclusion proof of each event in a signed checkpoint, those checkpoints, the node's public key, and the
 * node's signature over all of it.
 */
export const EXPORT_FORMAT = 'cooperation-engine/audit-export';

export interface FullEvent {
  id: string;
  requestId: string;
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorType: 'user' | 'system';
  actorUserId: string | null;
  actorAuthorityId: string | null;
  payload: Record<string, unknown>;
  occurredAt: string;
  prevHash: string | null;
  hash: string;
}

/** An event the exporting side may not read (the requester's drafting, for the counterpart): its links only. */
export interface RedactedEvent {
  id: string;
  requestId: string;
  seq: number;
  prevHash: string | null;
  hash: string;
  redacted: true;
}

export type ExportedEvent = FullEvent | RedactedEvent;

export interface InclusionProof {
  eventId: string;
  checkpointSeq: number;
  leafIndex: number;
  /** Sibling hashes (hex), bottom first (RFC 6962 PATH). */
  path: string[];
}

export interface ExportBundle {
  format: typeof EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  request: { id: string; reference: string; channel: string; status: string; version: number };
  /** Whose view: the requested side gets the requester's drafting redacted. */
  side: 'requesting' | 'requested';
  publicKey: PublicKeyInfo;
  events: ExportedEvent[];
  checkpoints: SignedCheckpoint[];
  proofs: InclusionProof[];
  /** A request that crossed nodes: its envelopes and receipts verbatim, and the keys to verify them. */
  federation?: FederationProof;
  /** Ed25519 signature (base64) of the canonical JSON of every other field. */
  signature: string;
}

/** The events the requested side never sees: the requester's drafting. */
export const DRAFTING_ACTIONS: ReadonlySet<string> = new Set(['create', 'edit']);

export interface ExportInput {
  request: ExportBundle['request'];
  side: ExportBundle['side'];
  /** The request's events, oldest first. */
  events: (HashedEventFields & { id: string; hash: string })[];
  /** The checkpoints holding the events, and a proof of each event in one of them. */
  checkpoints: SignedCheckpoint[];
  proofs: InclusionProof[];
  /** The request's envelopes and receipts with their keys (readFederationProof); null when it has none. */
  federation?: FederationProof | null;
  publicKey: PublicKeyInfo;
  sign: (text: string) => string;
  exportedAt: Date;
}

/** Proofs of the events found among a checkpoint's leaves (all its event hashes, id order). */
export function proofsInTree(
  checkpoint: SignedCheckpoint,
  leaves: readonly { id: string; hash: string }[],
  eventIds: readonly string[],
): InclusionProof[] {
  const index = new Map(leaves.map((l, i) => [l.id, i]));
  const tree = new MerkleTree(leaves.map((l) => eventLeaf(l.hash)));
  return eventIds.flatMap((eventId) => {
    const leafIndex = index.get(eventId);
    return leafIndex === undefined
      ? []
      : [{ eventId, checkpointSeq: checkpoint.seq, leafIndex, path: hexPath(tree.proof(leafIndex)) }];
  });
}

export function hexPath(path: readonly Buffer[]): string[] {
  return path.map((h) => h.toString('hex'));
}

/**
 * Assembles and signs an export: redacts what the side may not read; keeps the proofs in event order and
 * only the checkpoints they name.
 */
export function assembleExport(input: ExportInput): ExportBundle {
  const byEvent = new Map(input.proofs.map((p) => [p.eventId, p]));
  const proofs = input.events.flatMap((e) => byEvent.get(e.id) ?? []);
  const named = new Set(proofs.map((p) => p.checkpointSeq));
  const unsigned: Omit<ExportBundle, 'signature'> = {
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: input.exportedAt.toISOString(),
    request: { ...input.request },
    side: input.side,
    publicKey: input.publicKey,
    events: input.events.map((e) =>
      toExportedEvent(e, input.side === 'requested' && DRAFTING_ACTIONS.has(e.action)),
    ),
    checkpoints: input.checkpoints.filter((c) => named.has(c.seq)).sort((a, b) => a.seq - b.seq),
    proofs,
    // Only on a request that crossed nodes: the form of every other export stays as it was.
    ...(input.federation ? { federation: input.federation } : {}),
  };
  return { ...unsigned, signature: input.sign(bundleSigningText(unsigned)) };
}

function toExportedEvent(
  e: HashedEventFields & { id: string; hash: string },
  redacted: boolean,
): ExportedEvent {
  const links = { id: e.id, requestId: e.requestId, seq: e.seq, prevHash: e.prevHash, hash: e.hash };
  if (redacted) {
    return { ...links, redacted: true };
  }
  return {
    ...links,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorType: e.actorType,
    actorUserId: e.actorUserId,
    actorAuthorityId: e.actorAuthorityId,
    payload: e.payload,
    occurredAt: e.occurredAt.toISOString(),
  };
}

export function unsignedPart(bundle: ExportBundle): Omit<ExportBundle, 'signature'> {
  const { signature: _signature, ...rest } = bundle;
  return rest;
}

export function bundleSigningText(bundle: Omit<ExportBundle, 'signature'>): string {
  return canonicalJson(bundle);
}

export interface ExportVerification {
  valid: boolean;
  /** Key that signed the export and its checkpoints (compare it with the node's published key). */
  keyId: string | null;
  events: number;
  checkpoints: number;
  proofs: number;
  /** On a request that crossed nodes: the envelopes and receipts verified. */
  envelopes?: number;
  receipts?: number;
  brokenAt?: { eventId: string | null; seq: number | null; checkpointSeq: number | null; reason: string };
}

class Broken extends Error {
  constructor(
    reason: string,
    readonly at: { eventId?: string; seq?: number; checkpointSeq?: number } = {},
  ) {
    super(reason);
  }
}

/**
 * Verifies an export offline. `pinned` is the node's public key as published (PEM); without it the key
 * inside the export is used and its keyId reported, for the reader to compare.
 */
export function verifyExport(input: unknown, pinned?: string): ExportVerification {
  const result: ExportVerification = { valid: false, keyId: null, events: 0, checkpoints: 0, proofs: 0 };
  try {
    const bundle = parseBundle(input);
    const key = readKey(bundle.publicKey.pem);
    if (key.keyId !== bundle.publicKey.keyId) {
      throw new Broken('publicKey.keyId is not the fingerprint of publicKey.pem');
    }
    result.keyId = key.keyId;
    if (pinned !== undefined) {
      const expected = parsePublicKey(pinned);
      if (expected.keyId !== key.keyId) {
        throw new Broken(`the export is signed by key ${key.keyId}, not by the given key ${expected.keyId}`);
      }
    }
    if (!verifyText(key.key, bundleSigningText(unsignedPart(bundle)), bundle.signature)) {
      throw new Broken('the export signature does not verify: the file was changed after export');
    }
    checkCheckpoints(bundle, key);
    result.checkpoints = bundle.checkpoints.length;
    checkEvents(bundle);
    result.events = bundle.events.length;
    checkProofs(bundle);
    result.proofs = bundle.proofs.length;
    const mismatch = countMismatch(bundle.events.length, bundle.request.version);
    if (mismatch) {
      throw new Broken(mismatch, { seq: Math.min(bundle.events.length, bundle.request.version) + 1 });
    }
    if (bundle.federation !== undefined) {
      Object.assign(result, checkFederation(bundle));
    }
    result.valid = true;
    return result;
  } catch (err) {
    if (!(err instanceof Broken)) {
      throw err;
    }
    return {
      ...result,
      brokenAt: {
        eventId: err.at.eventId ?? null,
        seq: err.at.seq ?? null,
        checkpointSeq: err.at.checkpointSeq ?? null,
        reason: err.message,
      },
    };
  }
}

function checkFederation(bundle: ExportBundle): { envelopes: number; receipts: number } {
  try {
    return verifyFederationProof(bundle.federation, bundle.request, bundle.events);
  } catch (err) {
    if (err instanceof FederationProofBroken) {
      const event = err.seq === undefined ? undefined : bundle.events.find((e) => e.seq === err.seq);
      throw new Broken(err.message, { seq: err.seq, eventId: event?.id });
    }
    throw err;
  }
}

function checkCheckpoints(bundle: ExportBundle, key: { keyId: string; key: KeyObject }): void {
  let prev: SignedCheckpoint | null = null;
  for (const c of bundle.checkpoints) {
    const problem =
      checkpointSignatureProblem(c, key) ??
      // Only consecutive checkpoints can be linked; an export carries the ones its events are in.
      (prev && c.seq === prev.seq + 1 ? checkpointLinkProblem(c, prev) : null) ??
      (prev && c.seq <= prev.seq ? 'checkpoints are not in order' : null);
    if (problem) {
      throw new Broken(`checkpoint ${c.seq}: ${problem}`, { checkpointSeq: c.seq });
    }
    prev = c;
  }
}

function readKey(pem: string): PublicKeyInfo & { key: KeyObject } {
  try {
    return parsePublicKey(pem);
  } catch {
    return malformed('publicKey.pem', 'is not an Ed25519 public key');
  }
}

function checkEvents(bundle: ExportBundle): void {
  const checker = new ChainChecker();
  for (const e of bundle.events) {
    if (e.requestId !== bundle.request.id) {
      throw new Broken(`event ${e.id} belongs to another request`, { eventId: e.id, seq: e.seq });
    }
    const reason = checker.next(e, 'redacted' in e ? undefined : contentOf(e));
    if (reason) {
      throw new Broken(reason, { eventId: e.id, seq: e.seq });
    }
  }
}

function contentOf(e: FullEvent): HashedEventFields {
  return { ...e, occurredAt: new Date(e.occurredAt) };
}

function checkProofs(bundle: ExportBundle): void {
  const checkpoints = new Map(bundle.checkpoints.map((c) => [c.seq, c]));
  const proofs = new Map<string, InclusionProof>();
  for (const p of bundle.proofs) {
    if (proofs.has(p.eventId)) {
      throw new Broken(`two proofs for event ${p.eventId}`, { eventId: p.eventId });
    }
    proofs.set(p.eventId, p);
  }
  for (const e of bundle.events) {
    const at = { eventId: e.id, seq: e.seq };
    const proof = proofs.get(e.id);
    if (!proof) {
      throw new Broken('no inclusion proof for this event', at);
    }
    const c = checkpoints.get(proof.checkpointSeq);
    if (!c) {
      throw new Broken(`the proof names checkpoint ${proof.checkpointSeq}, which the export lacks`, at);
    }
    if (BigInt(e.id) < BigInt(c.firstEventId) || BigInt(e.id) > BigInt(c.lastEventId)) {
      throw new Broken(`the event is outside the range of checkpoint ${c.seq}`, at);
    }
    const path = proof.path.map((h) => Buffer.from(h, 'hex'));
    const root = Buffer.from(c.rootHash, 'hex');
    if (!verifyInclusion(eventLeaf(e.hash), proof.leafIndex, c.treeSize, path, root)) {
      throw new Broken(`the event hash is not under the signed root of checkpoint ${c.seq}`, {
        ...at,
        checkpointSeq: c.seq,
      });
    }
  }
  if (proofs.size !== bundle.events.length) {
    throw new Broken('the export has proofs for events it does not contain');
  }
}

// --- Shape checks: an export is untrusted input -------------------------------------------------------

const HEX64 = /^[0-9a-f]{64}$/;
const DIGITS = /^[1-9]\d{0,18}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Obj = Record<string, unknown>;

function malformed(path: string, what: string): never {
  throw new Broken(`malformed export: ${path} ${what}`);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    malformed(path, 'must be an object');
  }
  return v as Obj;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) {
    malformed(path, 'must be an array');
  }
  return v;
}

function str(o: Obj, key: string, path: string, pattern?: RegExp): string {
  const v = o[key];
  if (typeof v !== 'string' || (pattern && !pattern.test(v))) {
    malformed(`${path}.${key}`, pattern ? `must match ${String(pattern)}` : 'must be a string');
  }
  return v;
}

function nullableStr(o: Obj, key: string, path: string, pattern?: RegExp): string | null {
  return o[key] === null ? null : str(o, key, path, pattern);
}

function int(o: Obj, key: string, path: string, min = 0): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    malformed(`${path}.${key}`, `must be an integer >= ${min}`);
  }
  return v;
}

function parseBundle(input: unknown): ExportBundle {
  const b = obj(input, 'export');
  if (b.format !== EXPORT_FORMAT || b.version !== 1) {
    malformed('format/version', `must be ${EXPORT_FORMAT} version 1`);
  }
  const request = obj(b.request, 'request');
  const publicKey = obj(b.publicKey, 'publicKey');
  const side = b.side;
  if (side !== 'requesting' && side !== 'requested') {
    malformed('side', 'must be requesting or requested');
  }
  return {
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: str(b, 'exportedAt', 'export', ISO),
    request: {
      id: str(request, 'id', 'request'),
      reference: str(request, 'reference', 'request'),
      channel: str(request, 'channel', 'request'),
      status: str(request, 'status', 'request'),
      version: int(request, 'version', 'request', 1),
    },
    side,
    publicKey: {
      algorithm:
        publicKey.algorithm === 'Ed25519' ? 'Ed25519' : malformed('publicKey.algorithm', 'must be Ed25519'),
      keyId: str(publicKey, 'keyId', 'publicKey', HEX64),
      pem: str(publicKey, 'pem', 'publicKey'),
    },
    events: arr(b.events, 'events').map((v, i) => parseEvent(obj(v, `events[${i}]`), `events[${i}]`)),
    checkpoints: arr(b.checkpoints, 'checkpoints').map((v, i) =>
      parseCheckpoint(obj(v, `checkpoints[${i}]`), `checkpoints[${i}]`),
    ),
    proofs: arr(b.proofs, 'proofs').map((v, i) => parseProof(obj(v, `proofs[${i}]`), `proofs[${i}]`)),
    // Checked in full by verifyFederationProof; kept as it is, for the export signature.
    ...('federation' in b ? { federation: b.federation as FederationProof } : {}),
    signature: str(b, 'signature', 'export'),
  };
}

function parseEvent(e: Obj, path: string): ExportedEvent {
  const links = {
    id: str(e, 'id', path, DIGITS),
    requestId: str(e, 'requestId', path),
    seq: int(e, 'seq', path, 1),
    prevHash: nullableStr(e, 'prevHash', path, HEX64),
    hash: str(e, 'hash', path, HEX64),
  };
  if (e.redacted === true) {
    return { ...links, redacted: true };
  }
  const actorType = e.actorType;
  if (actorType !== 'user' && actorType !== 'system') {
    malformed(`${path}.actorType`, 'must be user or system');
  }
  return {
    ...links,
    action: str(e, 'action', path),
    fromStatus: nullableStr(e, 'fromStatus', path),
    toStatus: str(e, 'toStatus', path),
    actorType,
    actorUserId: nullableStr(e, 'actorUserId', path),
    actorAuthorityId: nullableStr(e, 'actorAuthorityId', path),
    payload: obj(e.payload, `${path}.payload`),
    occurredAt: str(e, 'occurredAt', path, ISO),
  };
}

function parseCheckpoint(c: Obj, path: string): SignedCheckpoint {
  return {
    seq: int(c, 'seq', path, 1),
    firstEventId: str(c, 'firstEventId', path, DIGITS),
    lastEventId: str(c, 'lastEventId', path, DIGITS),
    treeSize: int(c, 'treeSize', path, 1),
    rootHash: str(c, 'rootHash', path, HEX64),
    prevHash: nullableStr(c, 'prevHash', path, HEX64),
    createdAt: str(c, 'createdAt', path, ISO),
    keyId: str(c, 'keyId', path, HEX64),
    hash: str(c, 'hash', path, HEX64),
    signature: str(c, 'signature', path),
  };
}

function parseProof(p: Obj, path: string): InclusionProof {
  return {
    eventId: str(p, 'eventId', path, DIGITS),
    checkpointSeq: int(p, 'checkpointSeq', path, 1),
    leafIndex: int(p, 'leafIndex', path, 0),
    path: arr(p.path, `${path}.path`).map((h, i) => {
      if (typeof h !== 'string' || !HEX64.test(h)) {
        malformed(`${path}.path[${i}]`, 'must be 64 hex characters');
      }
      return h;
    }),
  };
}
