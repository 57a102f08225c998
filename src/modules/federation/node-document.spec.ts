import { generateKeyPairSync } from 'node:crypto';
import { signDetached } from './detached-jws';
import { formatFingerprint, normaliseFingerprint, sameFingerprint } from './fingerprint';
import { keyCommitment, parsePublicJwk, publicJwkOf, thumbprintOf } from './jwk';
import { endpointsOf, type NodeDocumentBody, signNodeDocument, verifyNodeDocument } from './node-document';

const ORIGIN = 'https://coop.moj.example';

async function signedDocument() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const next = generateKeyPairSync('ed25519');
  const key = publicJwkOf(privateKey);
  const body: NodeDocumentBody = {
    v: 1,
    origin: ORIGIN,
    country: 'AUT',
    authorities: [
      { code: 'AUT-BMJ-CA', name: 'Federal Ministry of Justice', kind: 'central', languages: ['de', 'en'] },
    ],
    keys: [key],
    nextKeyDigest: keyCommitment(publicJwkOf(next.privateKey).kid),
    keyLog: { fingerprint: 'ab'.repeat(32), seq: 0, head: 'A'.repeat(43) },
    endpoints: endpointsOf(ORIGIN),
    issuedAt: new Date(0).toISOString(),
  };
  return { privateKey, key, document: await signNodeDocument(body, privateKey, key.kid) };
}

describe('node document', () => {
  it('should verify a document signed by the key it lists, the signature a detached JWS', async () => {
    const { document, key } = await signedDocument();
    expect(document.signature).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
    const header = JSON.parse(Buffer.from(document.signature.split('.')[0], 'base64url').toString('utf8'));
    expect(header).toEqual({ alg: 'EdDSA', kid: key.kid });
    expect(await verifyNodeDocument(document, ORIGIN)).toEqual({ ok: true, document });
    // Key order does not matter: the signature is over the JCS form.
    const reordered = Object.fromEntries(Object.entries(document).reverse());
    expect((await verifyNodeDocument(reordered, ORIGIN)).ok).toBe(true);
  });

  it.each([
    [
      'an authority added',
      (d: Record<string, unknown>) => ({
        ...d,
        authorities: [
          ...(d.authorities as object[]),
          { code: 'AUT-X-CA', name: 'x', kind: 'central', languages: ['de'] },
        ],
      }),
    ],
    ['the country changed', (d: Record<string, unknown>) => ({ ...d, country: 'DEU' })],
    [
      'the next key commitment changed',
      (d: Record<string, unknown>) => ({ ...d, nextKeyDigest: 'B'.repeat(43) }),
    ],
    ['the time changed', (d: Record<string, unknown>) => ({ ...d, issuedAt: new Date(1).toISOString() })],
  ])('should refuse a tampered document: %s', async (_label, tamper) => {
    const { document } = await signedDocument();
    const result = await verifyNodeDocument(tamper(document as unknown as Record<string, unknown>), ORIGIN);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join('; ')).toMatch(/signature does not verify/);
  });

  it('should refuse a document signed by another key than the one it lists, or naming a key it does not list', async () => {
    const { document } = await signedDocument();
    const other = generateKeyPairSync('ed25519').privateKey;
    const otherKey = publicJwkOf(other);
    const { signature: _s, ...body } = document;
    const byOther = { ...body, signature: await signDetached(body, other, document.keys[0].kid) };
    expect(await verifyNodeDocument(byOther, ORIGIN)).toMatchObject({ ok: false });
    const unlisted = { ...body, signature: await signDetached(body, other, otherKey.kid) };
    const result = await verifyNodeDocument(unlisted, ORIGIN);
    expect(!result.ok && result.problems.join('; ')).toMatch(/does not list/);
  });

  it('should refuse a document fetched from another origin, pointing elsewhere, or with unknown members', async () => {
    const { document, privateKey, key } = await signedDocument();
    expect(await verifyNodeDocument(document, 'https://elsewhere.example')).toMatchObject({ ok: false });
    const { signature: _s, ...body } = document;
    const resign = async (b: object) => ({ ...b, signature: await signDetached(b, privateKey, key.kid) });
    const elsewhere = await resign({
      ...body,
      endpoints: { ...body.endpoints, inbox: 'https://evil.example/inbox' },
    });
    expect(await verifyNodeDocument(elsewhere, ORIGIN)).toMatchObject({ ok: false });
    const extra = await resign({ ...body, note: 'trust me' });
    expect(await verifyNodeDocument(extra, ORIGIN)).toMatchObject({ ok: false });
    expect(await verifyNodeDocument('not json', ORIGIN)).toMatchObject({ ok: false });
    expect(await verifyNodeDocument([], ORIGIN)).toMatchObject({ ok: false });
  });

  it('should compute the RFC 7638 thumbprint of RFC 8037 appendix A.3 as kid', () => {
    expect(thumbprintOf('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo')).toBe(
      'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
    );
  });

  it('should refuse a JWK whose kid is not its thumbprint, or that is not Ed25519', async () => {
    const { key } = await signedDocument();
    expect(parsePublicJwk(key).ok).toBe(true);
    expect(parsePublicJwk({ ...key, kid: 'A'.repeat(43) }).ok).toBe(false);
    expect(parsePublicJwk({ ...key, crv: 'X25519' }).ok).toBe(false);
    expect(parsePublicJwk({ ...key, d: 'secret' }).ok).toBe(false);
  });
});

describe('fingerprint', () => {
  const hex = '9f3a01bc'.repeat(8);

  it('should show 64 hex digits upper case in 16 groups of 4', () => {
    const shown = formatFingerprint(hex);
    expect(shown).toBe('9F3A 01BC 9F3A 01BC 9F3A 01BC 9F3A 01BC 9F3A 01BC 9F3A 01BC 9F3A 01BC 9F3A 01BC');
    expect(shown.split(' ')).toHaveLength(16);
    expect(() => formatFingerprint('abc')).toThrow();
  });

  it('should read a typed fingerprint whatever its case and separators, and nothing shorter or longer', () => {
    expect(normaliseFingerprint(formatFingerprint(hex))).toBe(hex);
    expect(normaliseFingerprint(hex.toUpperCase().match(/.{2}/g)!.join(':'))).toBe(hex);
    expect(normaliseFingerprint(hex.slice(0, 63))).toBeNull();
    expect(normaliseFingerprint(`${hex}0`)).toBeNull();
    expect(normaliseFingerprint(`${hex.slice(0, 63)}g`)).toBeNull();
    expect(sameFingerprint(hex, hex)).toBe(true);
    expect(sameFingerprint(hex, `${hex.slice(0, 63)}0`)).toBe(false);
  });
});
