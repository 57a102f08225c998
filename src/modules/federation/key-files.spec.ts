import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyCommitment, publicJwkOf } from './jwk';
import { pendingPathOf, placeKeyFiles, readKeyFile, writeKeyFile } from './key-files';

const key = (): KeyObject => generateKeyPairSync('ed25519').privateKey;
const kid = (k: KeyObject | null): string | null => (k ? publicJwkOf(k).kid : null);
const stateOf = (current: KeyObject, next: KeyObject) => ({
  currentKey: publicJwkOf(current),
  nextKeyDigest: keyCommitment(publicJwkOf(next).kid),
});

describe('federation key files', () => {
  let dir: string;
  let paths: { keyPath: string; nextKeyPath: string };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-keys-'));
    paths = { keyPath: join(dir, 'k', 'current.pem'), nextKeyPath: join(dir, 'k', 'next.pem') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should write keys atomically with mode 0600 and read them back', () => {
    const k = key();
    writeKeyFile(paths.keyPath, k);
    expect(statSync(paths.keyPath).mode & 0o777).toBe(0o600);
    expect(kid(readKeyFile(paths.keyPath))).toBe(kid(k));
    expect(readKeyFile(join(dir, 'none.pem'))).toBeNull();
  });

  it('should leave files that match the log as they are', () => {
    const [k0, k1] = [key(), key()];
    writeKeyFile(paths.keyPath, k0);
    writeKeyFile(paths.nextKeyPath, k1);
    const placed = placeKeyFiles(stateOf(k0, k1), paths);
    expect([kid(placed.current), kid(placed.next)]).toEqual([kid(k0), kid(k1)]);
  });

  it('should finish a rotation that committed before moving its files (crash after the commit)', () => {
    const [k0, k1, k2] = [key(), key(), key()];
    writeKeyFile(paths.keyPath, k0);
    writeKeyFile(paths.nextKeyPath, k1);
    writeKeyFile(pendingPathOf(paths.nextKeyPath), k2);
    // The log says: k1 is current now, k2 is committed to as next.
    placeKeyFiles(stateOf(k1, k2), paths);
    expect(kid(readKeyFile(paths.keyPath))).toBe(kid(k1));
    expect(kid(readKeyFile(paths.nextKeyPath))).toBe(kid(k2));
    expect(existsSync(pendingPathOf(paths.nextKeyPath))).toBe(false);
    // Half-way (the current key moved, the next not yet): finished as well.
    const k3 = key();
    writeKeyFile(paths.keyPath, k2);
    writeKeyFile(pendingPathOf(paths.nextKeyPath), k3);
    placeKeyFiles(stateOf(k2, k3), paths);
    expect([kid(readKeyFile(paths.keyPath)), kid(readKeyFile(paths.nextKeyPath))]).toEqual([
      kid(k2),
      kid(k3),
    ]);
  });

  it('should keep a pending key whose rotation did not commit, and use the files the log names', () => {
    const [k0, k1, k2] = [key(), key(), key()];
    writeKeyFile(paths.keyPath, k0);
    writeKeyFile(paths.nextKeyPath, k1);
    writeKeyFile(pendingPathOf(paths.nextKeyPath), k2);
    placeKeyFiles(stateOf(k0, k1), paths);
    expect(kid(readKeyFile(paths.keyPath))).toBe(kid(k0));
    expect(existsSync(pendingPathOf(paths.nextKeyPath))).toBe(true);
  });

  it('should refuse files that do not hold the keys the log names, naming the variables', () => {
    const [k0, k1] = [key(), key()];
    writeKeyFile(paths.keyPath, key());
    writeKeyFile(paths.nextKeyPath, k1);
    expect(() => placeKeyFiles(stateOf(k0, k1), paths)).toThrow(/FEDERATION_KEY_PATH .*\(missing\)/);
    writeKeyFile(paths.keyPath, k0);
    writeKeyFile(paths.nextKeyPath, key());
    expect(() => placeKeyFiles(stateOf(k0, k1), paths)).toThrow(/FEDERATION_NEXT_KEY_PATH .*\(missing\)/);
  });
});
