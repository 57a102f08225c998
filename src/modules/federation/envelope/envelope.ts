import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { signDetached, verifyDetached, detachedKid } from '../detached-jws';
import { jcs } from '../jcs';
import type { PublicJwk } from '../jwk';

export const ENVELOPE_VERSION = 1;
/** The bilateral agreement version this node sends under (FEDERATION.md `agreement`). */
export const AGREEMENT = 'uncc-2024/1';
/** Media type of an envelope on the wire (not application/json: the inbox reads the exact bytes). */
export const ENVELOPE_MEDIA_TYPE = 'application/coop-envelope+json';

export interface Party {
  node: string;
  authority: string | null;
}

/** One message from node to node (FEDERATION.md "The envelope"), without its signature. */
export interface EnvelopeBody {
  v: typeof ENVELOPE_VERSION;
  id: string;
  /** `<channel>.<action>` or `receipt`. */
  type: string;
  from: Party;
  to: Party;
  case: { id: string; channel: string };
  /** Position in the request's history of the event it carries (0 for a receipt). */
  caseSeq: number;
  /** Hash of the history head the actor decided on (null for the first event). */
  prev: string | null;
  streamSeq: number;
  actor: { role: string | null; ref: string | null };
  createdAt: string;
  body: Record<string, unknown>;
  attachments: { sha256: string; size: number; mediaType: string }[];
  agreement: string;
}

export type SignedEnvelope = EnvelopeBody & { signature: string };

/** base64url SHA-256 of the JCS form of the envelope without its signature. */
export function envelopeDigest(body: EnvelopeBody): string {
  return createHash('sha256').update(jcs(body), 'utf8').digest('base64url');
}

export function withoutSignature(e: SignedEnvelope): EnvelopeBody {
  const { signature, ...body } = e;
  void signature;
  return body;
}

export async function signEnvelope(body: EnvelopeBody, key: KeyObject, kid: string): Promise<SignedEnvelope> {
  return { ...body, signature: await signDetached(body, key, kid) };
}

/** Whether the envelope's detached JWS verifies with one of `keys` (the pinned peer's), by its kid. */
export async function verifyEnvelope(e: SignedEnvelope, keys: readonly PublicJwk[]): Promise<boolean> {
  const kid = detachedKid(e.signature);
  const key = keys.find((k) => k.kid === kid);
  return key !== undefined && verifyDetached(withoutSignature(e), e.signature, key);
}

const TOP = [
  'v',
  'id',
  'type',
  'from',
  'to',
  'case',
  'caseSeq',
  'prev',
  'streamSeq',
  'actor',
  'createdAt',
  'body',
  'attachments',
  'agreement',
  'signature',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The problems of an untrusted envelope's shape (empty when it is well-formed). */
export function envelopeProblems(raw: unknown): string[] {
  if (!isObject(raw)) {
    return ['the envelope is not a JSON object'];
  }
  const problems: string[] = [];
  const extra = Object.keys(raw).filter((k) => !TOP.includes(k));
  const missing = TOP.filter((k) => !(k in raw));
  if (extra.length > 0) {
    problems.push(`unexpected members: ${extra.join(', ')}`);
  }
  if (missing.length > 0) {
    problems.push(`missing members: ${missing.join(', ')}`);
  }
  if (raw.v !== ENVELOPE_VERSION) {
    problems.push(`v must be ${ENVELOPE_VERSION}`);
  }
  if (typeof raw.id !== 'string' || !UUID.test(raw.id)) {
    problems.push('id must be a UUID');
  }
  // A channel's name is kebab case and may hold digits (`contact-24-7`); an action's is kebab case.
  if (typeof raw.type !== 'string' || !/^(receipt|heartbeat|[a-z][a-z0-9-]*\.[a-z-]+)$/.test(raw.type)) {
    problems.push('type must be <channel>.<action>, receipt or heartbeat');
  }
  for (const side of ['from', 'to'] as const) {
    const p = raw[side];
    if (!isObject(p) || typeof p.node !== 'string') {
      problems.push(`${side} must be { node, authority }`);
    }
  }
  const c = raw.case;
  if (!isObject(c) || typeof c.id !== 'string' || !UUID.test(c.id) || typeof c.channel !== 'string') {
    problems.push('case must be { id (UUID), channel }');
  }
  if (!Number.isInteger(raw.caseSeq) || !Number.isInteger(raw.streamSeq)) {
    problems.push('caseSeq and streamSeq must be integers');
  }
  if (raw.prev !== null && typeof raw.prev !== 'string') {
    problems.push('prev must be a hash or null');
  }
  if (!isObject(raw.body) || !Array.isArray(raw.attachments) || !isObject(raw.actor)) {
    problems.push('body and actor must be objects, attachments a list');
  }
  if (typeof raw.createdAt !== 'string' || Number.isNaN(Date.parse(raw.createdAt))) {
    problems.push('createdAt must be a time');
  }
  if (typeof raw.signature !== 'string') {
    problems.push('signature must be a detached JWS');
  }
  return problems;
}

/** A signed statement about an envelope: DELIVERY (in the inbox's answer) or a rejection. */
export interface ReceiptBody {
  v: 1;
  /** TIMEOUT: the sender's own, recorded locally when no DELIVERY came within the agreement's period. */
  kind: 'DELIVERY' | 'REJECTED' | 'PROCESSED' | 'TIMEOUT';
  node: string;
  envelopeId: string | null;
  digest: string | null;
  result: string;
  code: string | null;
  reason: string | null;
  at: string;
}

export type SignedReceipt = ReceiptBody & { signature: string };

export async function signReceipt(body: ReceiptBody, key: KeyObject, kid: string): Promise<SignedReceipt> {
  return { ...body, signature: await signDetached(body, key, kid) };
}

export async function verifyReceipt(r: SignedReceipt, keys: readonly PublicJwk[]): Promise<boolean> {
  const { signature, ...body } = r;
  const kid = detachedKid(signature);
  const key = keys.find((k) => k.kid === kid);
  return key !== undefined && verifyDetached(body, signature, key);
}
