import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  contentDigest,
  parseSignatureInput,
  signatureBase,
  type SignedMessage,
  signMessage,
  verifyMessage,
} from './http-signature';

const URL = 'https://coop.moj.example/federation/v1/inbox';
const TYPE = 'application/coop-envelope+json';
const BODY = '{"hello":"world"}';

function message(body = BODY): SignedMessage {
  return { method: 'POST', targetUri: URL, contentType: TYPE, contentDigest: contentDigest(body) };
}

function check(
  headers: { 'signature-input': string; signature: string },
  opts: { body?: string; key?: KeyObject | null; now?: Date; skewS?: number; digestOf?: string } = {},
  key: KeyObject,
) {
  return verifyMessage({
    message: message(opts.digestOf ?? BODY),
    body: opts.body ?? BODY,
    signatureInput: headers['signature-input'],
    signature: headers.signature,
    keyOf: (kid) => (kid === 'k1' ? (opts.key === undefined ? key : opts.key) : null),
    now: opts.now ?? new Date(),
    skewS: opts.skewS ?? 300,
  });
}

describe('RFC 9421 signatures of the federation hop (Ed25519, four components)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519').publicKey;
  const at = new Date('2026-12-01T09:00:00.000Z');

  it('should compute the RFC 9530 Content-Digest of the exact bytes', () => {
    // sha-256 of {"hello": "world"} as in RFC 9530 section 2.
    expect(contentDigest('{"hello": "world"}\n')).toBe(
      'sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:',
    );
  });

  it('should build the signature base of RFC 9421 section 2.5, line by line, without a final newline', () => {
    const headers = signMessage(message(), privateKey, 'k1', at);
    const params = parseSignatureInput(headers['signature-input'])!.params;
    expect(signatureBase(message(), params)).toBe(
      [
        '"@method": POST',
        `"@target-uri": ${URL}`,
        `"content-digest": ${contentDigest(BODY)}`,
        `"content-type": ${TYPE}`,
        `"@signature-params": ("@method" "@target-uri" "content-digest" "content-type");created=${at.getTime() / 1000};expires=${at.getTime() / 1000 + 300};keyid="k1";alg="ed25519"`,
      ].join('\n'),
    );
  });

  it('should verify what it signs (round trip)', () => {
    const headers = signMessage(message(), privateKey, 'k1', at);
    expect(check(headers, { now: new Date(at.getTime() + 10000) }, publicKey)).toMatchObject({
      ok: true,
      keyid: 'k1',
    });
  });

  it('should refuse a tampered body, a wrong key and an unknown key', () => {
    const headers = signMessage(message(), privateKey, 'k1', at);
    const now = new Date(at.getTime() + 1000);
    expect(check(headers, { now, body: '{"hello":"mars"}' }, publicKey)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
      reason: 'Content-Digest does not match the body',
    });
    // Body and digest both changed: the digest matches, the signature over it does not.
    const tampered = '{"hello":"mars"}';
    expect(check(headers, { now, body: tampered, digestOf: tampered }, publicKey)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
      reason: 'the signature does not verify',
    });
    expect(check(headers, { now, key: other }, publicKey)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
    });
    const unknown = signMessage(message(), privateKey, 'k2', at);
    expect(check(unknown, { now }, publicKey)).toMatchObject({ ok: false, code: 'UNKNOWN_PEER' });
  });

  it('should refuse an expired signature, and one valid for more than 5 minutes', () => {
    const headers = signMessage(message(), privateKey, 'k1', at, 60);
    expect(check(headers, { now: new Date(at.getTime() + 61000) }, publicKey)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
      reason: expect.stringContaining('expired'),
    });
    const long = {
      ...headers,
      'signature-input': headers['signature-input'].replace(
        /expires=\d+/,
        `expires=${at.getTime() / 1000 + 301}`,
      ),
    };
    expect(check(long, { now: at }, publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('at most 300 s'),
    });
  });

  it('should refuse a signature created beyond FEDERATION_CLOCK_SKEW_S with CLOCK_SKEW naming both times', () => {
    const headers = signMessage(message(), privateKey, 'k1', at);
    const late = new Date(at.getTime() + 121000);
    const result = check(headers, { now: late, skewS: 120 }, publicKey);
    expect(result).toMatchObject({ ok: false, code: 'CLOCK_SKEW' });
    expect(!result.ok && result.reason).toContain(at.toISOString());
    expect(!result.ok && result.reason).toContain(late.toISOString());
    const early = new Date(at.getTime() - 121000);
    expect(check(headers, { now: early, skewS: 120 }, publicKey)).toMatchObject({ code: 'CLOCK_SKEW' });
    expect(check(headers, { now: new Date(at.getTime() + 119000), skewS: 120 }, publicKey)).toMatchObject({
      ok: true,
    });
  });

  it('should refuse headers that are missing, malformed or cover other components', () => {
    const headers = signMessage(message(), privateKey, 'k1', at);
    expect(check({ ...headers, signature: '' }, { now: at }, publicKey)).toMatchObject({ ok: false });
    expect(check({ ...headers, signature: 'sig1=abc' }, { now: at }, publicKey)).toMatchObject({
      ok: false,
      reason: 'Signature-Input or Signature is malformed',
    });
    const fewer = {
      ...headers,
      'signature-input': headers['signature-input'].replace(' "content-type"', ''),
    };
    expect(check(fewer, { now: at }, publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('cover exactly'),
    });
  });
});
