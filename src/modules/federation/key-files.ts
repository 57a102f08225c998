import { createPrivateKey, type KeyObject, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { keyCommitment, publicJwkOf } from './jwk';
import type { KeyState } from './key-log';

/**
 * The node's private keys on disk (PKCS#8 PEM, mode 0600): the current key at FEDERATION_KEY_PATH, the
 * pre-committed next key at FEDERATION_NEXT_KEY_PATH, and during a rotation the key that will be committed
 * to next at `<next path>.pending` (written before the rotation commits, so that a crash loses no key).
 */

export function pendingPathOf(nextKeyPath: string): string {
  return `${nextKeyPath}.pending`;
}

/** The Ed25519 private key in a PEM file, or null if there is no file. */
export function readKeyFile(path: string): KeyObject | null {
  if (!existsSync(path)) {
    return null;
  }
  const key = createPrivateKey(readFileSync(path));
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${path} holds a ${key.asymmetricKeyType ?? 'symmetric'} key, not Ed25519`);
  }
  return key;
}

/** Writes a private key to `path` atomically (complete file, fsynced, renamed over the old one), mode 0600. */
export function writeKeyFile(path: string, key: KeyObject): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, key.export({ type: 'pkcs8', format: 'pem' }).toString());
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function removeKeyFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err;
    }
  }
}

/**
 * Finds, among the key files (current, next, pending), the current key and the next key the key log names,
 * and puts each at its path if it is not there already: after a rotation, or one that stopped between its
 * commit and its file moves (the next key still at the next path, the new one still pending). Idempotent,
 * so that several processes of the node may run it at once. Throws, naming the variables, when the keys
 * the log names are not all there. The pending file is removed only once its key is in place.
 */
export function placeKeyFiles(
  state: Pick<KeyState, 'currentKey' | 'nextKeyDigest'>,
  paths: { keyPath: string; nextKeyPath: string },
): { current: KeyObject; next: KeyObject } {
  const { keyPath, nextKeyPath } = paths;
  const pending = pendingPathOf(nextKeyPath);
  const files = [keyPath, nextKeyPath, pending].map((path) => {
    const key = readKeyFile(path);
    return { path, key, kid: key ? publicJwkOf(key).kid : null };
  });
  const current = files.find((f) => f.kid === state.currentKey.kid);
  const next = files.find((f) => f.kid !== null && keyCommitment(f.kid) === state.nextKeyDigest);
  if (!current?.key || !next?.key) {
    throw new Error(
      `The federation key files do not hold the keys this node's key log names: the current key ` +
        `${state.currentKey.kid} belongs at FEDERATION_KEY_PATH (${keyPath})${current ? '' : ' (missing)'} and ` +
        `the pre-committed next key at FEDERATION_NEXT_KEY_PATH (${nextKeyPath})${next ? '' : ' (missing)'}. ` +
        'Restore them from a backup; a node that lost them needs a new identity, pinned again by every peer.',
    );
  }
  if (current.path !== keyPath) {
    writeKeyFile(keyPath, current.key);
  }
  if (next.path !== nextKeyPath) {
    writeKeyFile(nextKeyPath, next.key);
    if (next.path === pending) {
      removeKeyFile(pending);
    }
  }
  return { current: current.key, next: next.key };
}
