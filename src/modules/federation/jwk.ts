import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** An Ed25519 public key as a JWK (RFC 8037) with its RFC 7638 thumbprint as `kid`. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  /** The 32-byte public key, base64url without padding (43 characters). */
  x: string;
  /** RFC 7638 SHA-256 thumbprint of { crv, kty, x }, base64url (43 characters). */
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

const B64URL_32 = /^[A-Za-z0-9_-]{43}$/;

/** The public JWK of an Ed25519 key (private or public KeyObject). */
export function publicJwkOf(key: KeyObject): PublicJwk {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`expected an Ed25519 key, found ${publicKey.asymmetricKeyType ?? 'a symmetric key'}`);
  }
  const { x } = publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string') {
    throw new Error('the Ed25519 key has no public part');
  }
  return { kty: 'OKP', crv: 'Ed25519', x, kid: thumbprintOf(x), alg: 'EdDSA', use: 'sig' };
}

/**
 * RFC 7638 thumbprint of an Ed25519 public key given by its `x`: base64url(SHA-256) of the required members
 * in lexical order without white space, `{"crv":"Ed25519","kty":"OKP","x":"..."}`.
 */
export function thumbprintOf(x: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x }), 'utf8')
    .digest('base64url');
}

/**
 * The commitment to a pre-rotated key, published before the key itself: base64url(SHA-256(ASCII of its
 * kid)). The kid is already a hash of the public key, so the key stays unknown until the rotation reveals it.
 */
export function keyCommitment(kid: string): string {
  return createHash('sha256').update(kid, 'ascii').digest('base64url');
}

export function isCommitment(value: unknown): value is string {
  return typeof value === 'string' && B64URL_32.test(value);
}

/**
 * Reads an untrusted JWK: exactly the members of PublicJwk, an Ed25519 key of 32 bytes, and a kid that is
 * its thumbprint. Returns the key or why not.
 */
export function parsePublicJwk(value: unknown): { ok: true; jwk: PublicJwk } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'is not a JWK object' };
  }
  const v = value as Record<string, unknown>;
  const extra = Object.keys(v).filter((k) => !['kty', 'crv', 'x', 'kid', 'alg', 'use'].includes(k));
  if (extra.length > 0) {
    return { ok: false, reason: `has unexpected members: ${extra.join(', ')}` };
  }
  if (v.kty !== 'OKP' || v.crv !== 'Ed25519') {
    return { ok: false, reason: 'is not an Ed25519 key (kty OKP, crv Ed25519)' };
  }
  if (v.alg !== 'EdDSA' || v.use !== 'sig') {
    return { ok: false, reason: 'must declare alg EdDSA and use sig' };
  }
  if (typeof v.x !== 'string' || !B64URL_32.test(v.x) || Buffer.from(v.x, 'base64url').length !== 32) {
    return { ok: false, reason: 'x is not a 32-byte base64url public key' };
  }
  if (typeof v.kid !== 'string' || v.kid !== thumbprintOf(v.x)) {
    return { ok: false, reason: 'kid is not the RFC 7638 thumbprint of the key' };
  }
  return { ok: true, jwk: { kty: 'OKP', crv: 'Ed25519', x: v.x, kid: v.kid, alg: 'EdDSA', use: 'sig' } };
}

/** A Node KeyObject for a public JWK (for node:crypto verification). */
export function keyObjectOf(jwk: PublicJwk): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
}
