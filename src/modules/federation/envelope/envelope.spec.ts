import { generateKeyPairSync } from 'node:crypto';
import { publicJwkOf } from '../jwk';
import {
  AGREEMENT,
  type EnvelopeBody,
  envelopeDigest,
  envelopeProblems,
  signEnvelope,
  signReceipt,
  verifyEnvelope,
  verifyReceipt,
  withoutSignature,
} from './envelope';

function body(): EnvelopeBody {
  return {
    v: 1,
    id: '5b0c6a4e-3f3c-4e47-9a59-1f0f7a8b2c11',
    type: 'mla.acknowledge',
    from: { node: 'https://a.example', authority: '0b0c6a4e-3f3c-4e47-9a59-1f0f7a8b2c11' },
    to: { node: 'https://b.example', authority: '1b0c6a4e-3f3c-4e47-9a59-1f0f7a8b2c11' },
    case: { id: '2b0c6a4e-3f3c-4e47-9a59-1f0f7a8b2c11', channel: 'mla' },
    caseSeq: 4,
    prev: 'a'.repeat(64),
    streamSeq: 3,
    actor: { role: null, ref: '3b0c6a4e-3f3c-4e47-9a59-1f0f7a8b2c11' },
    createdAt: '2026-12-01T09:00:00.000Z',
    body: { event: { action: 'acknowledge' } },
    attachments: [],
    agreement: AGREEMENT,
  };
}

const TYPE_PROBLEM = 'type must be <channel>.<action>, receipt or heartbeat';

describe('Envelopes: JCS, detached JWS by the node key, verified against the pinned keys', () => {
  const key = generateKeyPairSync('ed25519').privateKey;
  const jwk = publicJwkOf(key);
  const stranger = publicJwkOf(generateKeyPairSync('ed25519').privateKey);

  it('should sign and verify an envelope (round trip), the digest independent of member order', async () => {
    const signed = await signEnvelope(body(), key, jwk.kid);
    expect(signed.signature).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
    expect(await verifyEnvelope(signed, [jwk])).toBe(true);
    expect(envelopeProblems(signed)).toEqual([]);
    const reordered = Object.fromEntries(Object.entries(body()).reverse()) as unknown as EnvelopeBody;
    expect(envelopeDigest(reordered)).toBe(envelopeDigest(body()));
    expect(envelopeDigest(withoutSignature(signed))).toBe(envelopeDigest(body()));
  });

  it('should refuse a tampered envelope and one signed by another key', async () => {
    const signed = await signEnvelope(body(), key, jwk.kid);
    expect(await verifyEnvelope({ ...signed, caseSeq: 5 }, [jwk])).toBe(false);
    expect(await verifyEnvelope(signed, [stranger])).toBe(false);
    const byStranger = await signEnvelope(body(), generateKeyPairSync('ed25519').privateKey, jwk.kid);
    expect(await verifyEnvelope(byStranger, [jwk])).toBe(false);
  });

  it('should name what is wrong with a malformed envelope', () => {
    expect(envelopeProblems([])).toEqual(['the envelope is not a JSON object']);
    const problems = envelopeProblems({ ...body(), id: 'x', extra: 1, signature: 3 });
    expect(problems).toEqual(
      expect.arrayContaining([
        'unexpected members: extra',
        'id must be a UUID',
        'signature must be a detached JWS',
      ]),
    );
  });

  it.each(['contact-24-7.escalate-to-mla', 'mla.acknowledge', 'receipt', 'heartbeat'])(
    'should take the type %s',
    (type) => {
      expect(envelopeProblems({ ...body(), type })).not.toContain(TYPE_PROBLEM);
    },
  );

  it.each(['MLA.acknowledge', 'mla', '-x.acknowledge', 'mla.acknowledge2', 'mla.ack nowledge'])(
    'should refuse the type %s',
    (type) => {
      expect(envelopeProblems({ ...body(), type })).toContain(TYPE_PROBLEM);
    },
  );

  it('should sign and verify receipts', async () => {
    const receipt = await signReceipt(
      {
        v: 1,
        kind: 'DELIVERY',
        node: 'https://b.example',
        envelopeId: body().id,
        digest: envelopeDigest(body()),
        result: 'stored',
        code: null,
        reason: null,
        at: '2026-12-01T09:00:01.000Z',
      },
      key,
      jwk.kid,
    );
    expect(await verifyReceipt(receipt, [jwk])).toBe(true);
    expect(await verifyReceipt({ ...receipt, result: 'rejected' }, [jwk])).toBe(false);
  });
});
