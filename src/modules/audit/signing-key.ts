import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256Hex } from '@/common/crypto/sha256';

/** The node's Ed25519 key that signs checkpoints and exports. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: PublicKeyInfo;
}

/** A public key as published: in checkpoints listings and in every export. */
export interface PublicKeyInfo {
  algorithm: 'Ed25519';
  /** SHA-256 of the DER SubjectPublicKeyInfo, hex: the fingerprint to compare with a published one. */
  keyId: string;
  /** PEM SubjectPublicKeyInfo. */
  pem: string;
}

export function describePublicKey(key: KeyObject): PublicKeyInfo {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`expected an Ed25519 key, found ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  }
  const der = key.export({ type: 'spki', format: 'der' });
  return {
    algorithm: 'Ed25519',
    keyId: sha256Hex(der),
    pem: key.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Reads a PEM public key (as printed by the API or an export); throws a readable error otherwise. */
export function parsePublicKey(pem: string): PublicKeyInfo & { key: KeyObject } {
  const key = createPublicKey(pem);
  return { ...describePublicKey(key), key };
}

/**
 * Loads the PKCS#8 PEM private key at `path`, or creates one (mode 0600, directory 0700) if there is no
 * file. Creation is atomic (a hard link of a finished file), so processes starting together on a shared
 * volume end up with the same key.
 */
export function loadOrCreateSigningKey(path: string): SigningKey & { created: boolean } {
  let created = false;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, path);
      created = true;
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
    } finally {
      unlinkSync(tmp);
    }
  }
  const privateKey = createPrivateKey(readFileSync(path));
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${path} holds a ${privateKey.asymmetricKeyType ?? 'symmetric'} key, not Ed25519`);
  }
  return { privateKey, publicKey: describePublicKey(createPublicKey(privateKey)), created };
}

/** Ed25519 signature of the UTF-8 text, base64. */
export function signText(privateKey: KeyObject, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64');
}

export function verifyText(publicKey: KeyObject | string, text: string, signatureBase64: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
