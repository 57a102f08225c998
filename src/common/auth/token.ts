import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../crypto/sha256';

const PREFIX = 'ccr_';

/** 256 random bits; the clear value is returned once and only its hash is stored. */
export function generateToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return sha256Hex(token);
}

export function looksLikeToken(value: string): boolean {
  return value.length >= 16 && value.length <= 256 && /^[\x21-\x7e]+$/.test(value);
}
