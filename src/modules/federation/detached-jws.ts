import type { KeyObject } from 'node:crypto';
import { base64url, CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { jcsBytes } from './jcs';
import { keyObjectOf, type PublicJwk } from './jwk';

/**
 * Detached JWS (RFC 7515 appendix F) over the JCS form of a JSON value: `<protected header>..<signature>`,
 * the payload left out because the signed value travels beside it. Header: `{ alg: "EdDSA", kid }`, nothing
 * else (no `b64`, no `crit`).
 */
export async function signDetached(value: unknown, privateKey: KeyObject, kid: string): Promise<string> {
  const compact = await new CompactSign(jcsBytes(value))
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .sign(privateKey);
  const [header, , signature] = compact.split('.');
  return `${header}..${signature}`;
}

const DETACHED = /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/;

/** The `kid` of a detached JWS's protected header, or null when it is not a well-formed one. */
export function detachedKid(jws: unknown): string | null {
  if (typeof jws !== 'string' || jws.length > 2048 || !DETACHED.test(jws)) {
    return null;
  }
  try {
    const header = decodeProtectedHeader(jws);
    const keys = Object.keys(header).sort().join(',');
    if (keys !== 'alg,kid' || header.alg !== 'EdDSA' || typeof header.kid !== 'string') {
      return null;
    }
    return header.kid;
  } catch {
    return null;
  }
}

/**
 * Whether `jws` is a detached signature of `value` (JCS) by `key`, its header naming that key's kid.
 * Never throws: anything malformed is simply not a valid signature.
 */
export async function verifyDetached(value: unknown, jws: unknown, key: PublicJwk): Promise<boolean> {
  const kid = detachedKid(jws);
  if (kid === null || kid !== key.kid) {
    return false;
  }
  const [header, , signature] = (jws as string).split('.');
  try {
    await compactVerify(`${header}.${base64url.encode(jcsBytes(value))}.${signature}`, keyObjectOf(key), {
      algorithms: ['EdDSA'],
    });
    return true;
  } catch {
    return false;
  }
}
