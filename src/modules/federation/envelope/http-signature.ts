import { createHash, type KeyObject, sign, verify } from 'node:crypto';

/**
 * RFC 9421 HTTP Message Signatures and RFC 9530 Content-Digest, for the one profile the federation uses
 * (FEDERATION.md): Ed25519, covering exactly `@method`, `@target-uri`, `content-digest` and `content-type`,
 * with `created`, `expires` (at most 5 minutes after `created`), `keyid` and `alg="ed25519"`.
 *
 * Built here rather than with the `http-message-signatures` package: that package is not in this tree's
 * lockfile, is ESM-only in its current major (another Jest transform exception), and its verifier takes
 * the clock tolerance and component list as options that are easy to get wrong (tolerance 0 by default);
 * this profile is one fixed signature base (RFC 9421 section 2.5), short enough to read in full, and
 * tested in http-signature.spec.ts (round trip, tampered body, wrong key, expiry, clock skew).
 */

export const SIGNATURE_LABEL = 'sig1';
export const COVERED = ['@method', '@target-uri', 'content-digest', 'content-type'] as const;
export const MAX_VALIDITY_S = 300;

/** RFC 9530 `Content-Digest` of a body: `sha-256=:<base64>:`. */
export function contentDigest(body: Uint8Array | string): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

export interface SignatureParams {
  created: number;
  expires: number;
  keyid: string;
  /** Covered components, in order (always COVERED when we sign). */
  components: readonly string[];
  alg?: string;
}

export interface SignedMessage {
  method: string;
  targetUri: string;
  contentType: string;
  contentDigest: string;
}

/** `("@method" ...);created=..;expires=..;keyid="..";alg="ed25519"` (RFC 9421 §2.3). */
export function serializeParams(p: SignatureParams): string {
  const list = `(${p.components.map((c) => `"${c}"`).join(' ')})`;
  const alg = p.alg === undefined ? '' : `;alg="${p.alg}"`;
  return `${list};created=${p.created};expires=${p.expires};keyid="${p.keyid}"${alg}`;
}

function componentValue(name: string, m: SignedMessage): string {
  switch (name) {
    case '@method':
      return m.method.toUpperCase();
    case '@target-uri':
      return m.targetUri;
    case 'content-digest':
      return m.contentDigest;
    case 'content-type':
      return m.contentType;
    default:
      throw new Error(`component ${name} is not covered by this profile`);
  }
}

/** The signature base (RFC 9421 §2.5): one line per component, then `@signature-params`; no final newline. */
export function signatureBase(m: SignedMessage, p: SignatureParams): string {
  const lines = p.components.map((c) => `"${c}": ${componentValue(c, m)}`);
  lines.push(`"@signature-params": ${serializeParams(p)}`);
  return lines.join('\n');
}

/** The two headers to send: `Signature-Input` and `Signature`. */
export function signMessage(
  m: SignedMessage,
  key: KeyObject,
  keyid: string,
  now = new Date(),
  validityS = MAX_VALIDITY_S,
): { 'signature-input': string; signature: string } {
  const created = Math.floor(now.getTime() / 1000);
  const params: SignatureParams = {
    created,
    expires: created + Math.min(validityS, MAX_VALIDITY_S),
    keyid,
    components: COVERED,
    alg: 'ed25519',
  };
  const sig = sign(null, Buffer.from(signatureBase(m, params), 'utf8'), key).toString('base64');
  return {
    'signature-input': `${SIGNATURE_LABEL}=${serializeParams(params)}`,
    signature: `${SIGNATURE_LABEL}=:${sig}:`,
  };
}

const INPUT =
  /^([a-z][a-z0-9_-]{0,31})=\(((?:"[a-z@-]+"(?: "[a-z@-]+")*)?)\)((?:;[a-z]+=(?:"[^"\\]*"|[0-9]+))*)$/;
const SIG = /^([a-z][a-z0-9_-]{0,31})=:([A-Za-z0-9+/]+={0,2}):$/;

/** Parses `Signature-Input` (one signature, this profile's parameters); null when malformed. */
export function parseSignatureInput(value: string): { label: string; params: SignatureParams } | null {
  const m = INPUT.exec(value.trim());
  if (!m) {
    return null;
  }
  const components = m[2] === '' ? [] : m[2].split(' ').map((c) => c.slice(1, -1));
  const raw = new Map<string, string>();
  for (const part of m[3].split(';').slice(1)) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq);
    if (raw.has(name)) {
      return null;
    }
    raw.set(name, part.slice(eq + 1));
  }
  const created = raw.get('created');
  const expires = raw.get('expires');
  const keyid = raw.get('keyid');
  const alg = raw.get('alg');
  if (!created || !/^\d+$/.test(created) || !expires || !/^\d+$/.test(expires) || !keyid?.startsWith('"')) {
    return null;
  }
  return {
    label: m[1],
    params: {
      created: Number(created),
      expires: Number(expires),
      keyid: keyid.slice(1, -1),
      components,
      ...(alg === undefined ? {} : { alg: alg.replace(/^"|"$/g, '') }),
    },
  };
}

export type SignatureCheck =
  | { ok: true; keyid: string; created: Date }
  | { ok: false; code: 'SIGNATURE_INVALID' | 'CLOCK_SKEW' | 'UNKNOWN_PEER'; reason: string };

/**
 * Verifies a request's signature: the headers' shape, the covered components, the validity window (at most
 * 5 minutes, not expired, `created` within `skewS` of `now`: CLOCK_SKEW naming both times), the body's
 * Content-Digest, then the Ed25519 signature with the key `keyOf(keyid)` gives (none: UNKNOWN_PEER).
 */
export function verifyMessage(input: {
  message: SignedMessage;
  body: Uint8Array | string;
  signatureInput: string | undefined;
  signature: string | undefined;
  keyOf: (keyid: string) => KeyObject | null;
  now: Date;
  skewS: number;
}): SignatureCheck {
  const bad = (reason: string): SignatureCheck => ({ ok: false, code: 'SIGNATURE_INVALID', reason });
  if (!input.signatureInput || !input.signature) {
    return bad('Signature-Input and Signature headers are required');
  }
  const parsed = parseSignatureInput(input.signatureInput);
  const sig = SIG.exec(input.signature.trim());
  if (!parsed || !sig || sig[1] !== parsed.label) {
    return bad('Signature-Input or Signature is malformed');
  }
  const { params } = parsed;
  if (params.components.join(' ') !== COVERED.join(' ')) {
    return bad(`the signature must cover exactly ${COVERED.join(', ')}`);
  }
  if (params.alg !== undefined && params.alg !== 'ed25519') {
    return bad(`alg ${params.alg} is not ed25519`);
  }
  if (params.expires <= params.created || params.expires - params.created > MAX_VALIDITY_S) {
    return bad(`expires must be after created and at most ${MAX_VALIDITY_S} s later`);
  }
  const nowS = Math.floor(input.now.getTime() / 1000);
  const created = new Date(params.created * 1000);
  if (Math.abs(nowS - params.created) > input.skewS) {
    return {
      ok: false,
      code: 'CLOCK_SKEW',
      reason: `signature created ${created.toISOString()}, receiver's clock ${input.now.toISOString()}: more than ${input.skewS} s apart`,
    };
  }
  if (nowS > params.expires) {
    return bad(`the signature expired at ${new Date(params.expires * 1000).toISOString()}`);
  }
  if (contentDigest(input.body) !== input.message.contentDigest) {
    return bad('Content-Digest does not match the body');
  }
  const key = input.keyOf(params.keyid);
  if (!key) {
    return { ok: false, code: 'UNKNOWN_PEER', reason: `no pinned peer has the key ${params.keyid}` };
  }
  const base = Buffer.from(signatureBase(input.message, params), 'utf8');
  if (!verify(null, base, key, Buffer.from(sig[2], 'base64'))) {
    return bad('the signature does not verify');
  }
  return { ok: true, keyid: params.keyid, created };
}
