import { timingSafeEqual } from 'node:crypto';

/**
 * A node's fingerprint as people compare it (note verbale, register of central authorities, telephone):
 * the 64 hex digits of a SHA-256, upper case, in 16 groups of 4, e.g. `9F3A 01BC ... 77E0`.
 */
export function formatFingerprint(hex: string): string {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new Error('a fingerprint is 64 hex digits');
  }
  return hex.toUpperCase().match(/.{4}/g)!.join(' ');
}

/**
 * The 64 hex digits (lower case) of a fingerprint as typed by a person: spaces, colons and dashes between
 * digits are ignored, case too; anything else, or another number of digits, is not a fingerprint (null).
 */
export function normaliseFingerprint(typed: string): string | null {
  const digits = typed.replace(/[\s:-]/g, '');
  return /^[0-9a-fA-F]{64}$/.test(digits) ? digits.toLowerCase() : null;
}

/** Constant-time equality of two normalised fingerprints. */
export function sameFingerprint(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'ascii');
  const bb = Buffer.from(b, 'ascii');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
