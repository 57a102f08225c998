import type { KeyObject } from 'node:crypto';
import { AUTHORITY_KINDS, type AuthorityKind } from '@/common/auth/authority-kind';
import { detachedKid, signDetached, verifyDetached } from './detached-jws';
import { isCommitment, parsePublicJwk, type PublicJwk } from './jwk';

/**
 * The node document served at `/.well-known/coop-node.json`: who the node is, the authorities it hosts, its
 * current key and the commitment to its next one, where its key log and federation endpoints are. It is
 * signed by the current key: `signature` is a detached JWS (see detached-jws.ts) over the JCS form of the
 * document without its `signature` member.
 */

export const NODE_DOCUMENT_VERSION = 1;
export const WELL_KNOWN_PATH = '/.well-known/coop-node.json';
export const KEY_LOG_PATH = '/federation/v1/key-log';

export interface NodeAuthority {
  /** Its id on its node: a remote authority has the same id everywhere, as requests name it. */
  id?: string;
  code: string;
  name: string;
  kind: AuthorityKind;
  languages: string[];
}

export interface NodeDocumentBody {
  v: typeof NODE_DOCUMENT_VERSION;
  origin: string;
  /** ISO 3166-1 alpha-3: the State the node and every authority it lists belong to. */
  country: string;
  authorities: NodeAuthority[];
  /** The current signing key(s), Ed25519 JWKs with their RFC 7638 kid. */
  keys: PublicJwk[];
  /** Commitment to the next key (see keyCommitment): a rotation must reveal the key it names. */
  nextKeyDigest: string;
  /** Head of the key log: the node's fingerprint (hex SHA-256 of its inception event), seq and digest. */
  keyLog: { fingerprint: string; seq: number; head: string };
  /** Absolute URLs; `{caseId}` and `{hex}` are filled in by the caller. */
  endpoints: { inbox: string; keyLog: string; cases: string; blobs: string };
  issuedAt: string;
}

export type NodeDocument = NodeDocumentBody & { signature: string };

export function endpointsOf(origin: string): NodeDocumentBody['endpoints'] {
  return {
    inbox: `${origin}/federation/v1/inbox`,
    keyLog: `${origin}${KEY_LOG_PATH}`,
    cases: `${origin}/federation/v1/cases/{caseId}/events`,
    blobs: `${origin}/federation/v1/blobs/sha256/{hex}`,
  };
}

export async function signNodeDocument(
  body: NodeDocumentBody,
  privateKey: KeyObject,
  kid: string,
): Promise<NodeDocument> {
  return { ...body, signature: await signDetached(body, privateKey, kid) };
}

export type DocumentResult = { ok: true; document: NodeDocument } | { ok: false; problems: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUTHORITY_CODE = /^[A-Z0-9][A-Z0-9-]{1,62}[A-Z0-9]$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TOP = [
  'v',
  'origin',
  'country',
  'authorities',
  'keys',
  'nextKeyDigest',
  'keyLog',
  'endpoints',
  'issuedAt',
  'signature',
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyMembers(v: Record<string, unknown>, allowed: string[], where: string, problems: string[]): void {
  const extra = Object.keys(v).filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    problems.push(`${where} has unexpected members: ${extra.join(', ')}`);
  }
}

function checkAuthorities(value: unknown, problems: string[]): void {
  if (!Array.isArray(value) || value.length > 500) {
    problems.push('authorities must be a list of at most 500 entries');
    return;
  }
  const codes = new Set<string>();
  value.forEach((a: unknown, i) => {
    const where = `authorities[${i}]`;
    if (!isObject(a)) {
      problems.push(`${where} is not an object`);
      return;
    }
    onlyMembers(a, ['id', 'code', 'name', 'kind', 'languages'], where, problems);
    if (a.id !== undefined && (typeof a.id !== 'string' || !UUID.test(a.id))) {
      problems.push(`${where}.id must be a UUID`);
    }
    if (typeof a.code !== 'string' || !AUTHORITY_CODE.test(a.code)) {
      problems.push(`${where}.code must be 3-64 upper-case letters, digits or dashes`);
    } else if (codes.has(a.code)) {
      problems.push(`${where}.code ${a.code} is listed twice`);
    } else {
      codes.add(a.code);
    }
    if (typeof a.name !== 'string' || a.name.trim() === '' || a.name.length > 300) {
      problems.push(`${where}.name must be 1-300 characters`);
    }
    if (typeof a.kind !== 'string' || !(AUTHORITY_KINDS as readonly string[]).includes(a.kind)) {
      problems.push(`${where}.kind must be one of ${AUTHORITY_KINDS.join(', ')}`);
    }
    const langs = a.languages;
    if (
      !Array.isArray(langs) ||
      langs.length === 0 ||
      langs.length > 30 ||
      new Set(langs).size !== langs.length ||
      !langs.every((l) => typeof l === 'string' && /^[a-z]{2}$/.test(l))
    ) {
      problems.push(`${where}.languages must be 1-30 distinct ISO 639-1 codes`);
    }
  });
}

/**
 * Reads an untrusted node document fetched from `expectedOrigin`: its exact shape, that it speaks for that
 * origin (and points only at it), and that its signature verifies with one of the keys it lists. This
 * proves only that the document is self-consistent; trust comes from the key log and the fingerprint
 * check by two admins (peers.service.ts).
 */
export async function verifyNodeDocument(raw: unknown, expectedOrigin: string): Promise<DocumentResult> {
  const problems: string[] = [];
  if (!isObject(raw)) {
    return { ok: false, problems: ['the node document is not a JSON object'] };
  }
  onlyMembers(raw, TOP, 'the document', problems);
  if (raw.v !== NODE_DOCUMENT_VERSION) {
    problems.push(`v must be ${NODE_DOCUMENT_VERSION}`);
  }
  if (raw.origin !== expectedOrigin) {
    problems.push(
      `origin is ${JSON.stringify(raw.origin)}, not the origin it was fetched from (${expectedOrigin})`,
    );
  }
  if (typeof raw.country !== 'string' || !/^[A-Z]{3}$/.test(raw.country)) {
    problems.push('country must be an ISO 3166-1 alpha-3 code');
  }
  checkAuthorities(raw.authorities, problems);
  const keys: PublicJwk[] = [];
  if (!Array.isArray(raw.keys) || raw.keys.length === 0 || raw.keys.length > 4) {
    problems.push('keys must list 1 to 4 keys');
  } else {
    for (const [i, k] of raw.keys.entries()) {
      const parsed = parsePublicJwk(k);
      if (parsed.ok) {
        keys.push(parsed.jwk);
      } else {
        problems.push(`keys[${i}] ${parsed.reason}`);
      }
    }
  }
  if (!isCommitment(raw.nextKeyDigest)) {
    problems.push('nextKeyDigest is not a SHA-256 commitment');
  }
  const log = raw.keyLog;
  if (
    !isObject(log) ||
    typeof log.fingerprint !== 'string' ||
    !/^[0-9a-f]{64}$/.test(log.fingerprint) ||
    !Number.isSafeInteger(log.seq) ||
    (log.seq as number) < 0 ||
    typeof log.head !== 'string' ||
    !/^[A-Za-z0-9_-]{43}$/.test(log.head)
  ) {
    problems.push('keyLog must be { fingerprint: 64 hex digits, seq, head: a digest }');
  } else {
    onlyMembers(log, ['fingerprint', 'seq', 'head'], 'keyLog', problems);
  }
  const endpoints = raw.endpoints;
  if (!isObject(endpoints)) {
    problems.push('endpoints must be an object');
  } else {
    onlyMembers(endpoints, ['inbox', 'keyLog', 'cases', 'blobs'], 'endpoints', problems);
    for (const name of ['inbox', 'keyLog', 'cases', 'blobs']) {
      const url = endpoints[name];
      if (typeof url !== 'string' || !url.startsWith(`${expectedOrigin}/`) || url.length > 500) {
        problems.push(`endpoints.${name} must be a URL on ${expectedOrigin}`);
      }
    }
  }
  if (typeof raw.issuedAt !== 'string' || !ISO.test(raw.issuedAt)) {
    problems.push('issuedAt is not an ISO 8601 UTC time');
  }
  const kid = detachedKid(raw.signature);
  const signer = keys.find((k) => k.kid === kid);
  if (kid === null) {
    problems.push('signature is not a detached EdDSA JWS naming its kid');
  } else if (!signer) {
    problems.push(`signature names key ${kid}, which the document does not list`);
  } else if (problems.length === 0) {
    const { signature, ...body } = raw;
    if (!(await verifyDetached(body, signature, signer))) {
      problems.push(
        `signature does not verify with key ${kid}: the document was altered or not signed by it`,
      );
    }
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, document: raw as unknown as NodeDocument };
}
