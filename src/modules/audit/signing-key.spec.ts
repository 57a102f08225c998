import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSigningKey, parsePublicKey, signText, verifyText } from './signing-key';

describe('audit signing key', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'signing-key-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should create an Ed25519 key (owner-only file, missing directories made) when there is none', () => {
    const path = join(dir, 'a', 'b', 'key.pem');
    const key = loadOrCreateSigningKey(path);
    expect(key.created).toBe(true);
    expect(key.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['key.pem']);
  });

  it('should load the same key on the next start', () => {
    const path = join(dir, 'key.pem');
    const first = loadOrCreateSigningKey(path);
    const second = loadOrCreateSigningKey(path);
    expect(second.created).toBe(false);
    expect(second.publicKey).toEqual(first.publicKey);
    expect(verifyText(parsePublicKey(first.publicKey.pem).key, 'x', signText(second.privateKey, 'x'))).toBe(
      true,
    );
  });

  it('should name the key by the SHA-256 of its DER public key', () => {
    const { publicKey } = loadOrCreateSigningKey(join(dir, 'key.pem'));
    expect(publicKey.algorithm).toBe('Ed25519');
    expect(publicKey.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(parsePublicKey(publicKey.pem).keyId).toBe(publicKey.keyId);
  });

  it('should refuse a key file that holds another kind of key', () => {
    const path = join(dir, 'rsa.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadOrCreateSigningKey(path)).toThrow(/holds a rsa key, not Ed25519/);
  });

  it('should refuse a key file that is not a key', () => {
    const path = join(dir, 'junk.pem');
    writeFileSync(path, 'not a key');
    expect(() => loadOrCreateSigningKey(path)).toThrow();
  });

  it('should verify a signature only for the same text and key', () => {
    const a = loadOrCreateSigningKey(join(dir, 'a.pem'));
    const b = loadOrCreateSigningKey(join(dir, 'b.pem'));
    const signature = signText(a.privateKey, 'statement');
    expect(verifyText(a.publicKey.pem, 'statement', signature)).toBe(true);
    expect(verifyText(a.publicKey.pem, 'statement!', signature)).toBe(false);
    expect(verifyText(b.publicKey.pem, 'statement', signature)).toBe(false);
    expect(verifyText(a.publicKey.pem, 'statement', 'not base64 at all')).toBe(false);
  });
});
