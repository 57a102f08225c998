import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  AGREEMENT,
  type EnvelopeBody,
  envelopeDigest,
  type SignedEnvelope,
  signEnvelope,
  signReceipt,
} from '@/modules/federation/envelope/envelope';
import { publicJwkOf } from '@/modules/federation/jwk';
import { buildInception, buildRotation, type KeyEvent, verifyKeyLog } from '@/modules/federation/key-log';
import {
  type FederationProof,
  FederationProofBroken,
  keysOfLog,
  verifyFederationProof,
} from './federation-proof';

const A = 'https://coop.a.example';
const B = 'https://coop.b.example';
const REQUEST = { id: 'aaaaaaaa-0000-4000-8000-00000000000a' };
const EVENTS = [
  { seq: 1, hash: '1'.repeat(64) },
  { seq: 2, hash: '2'.repeat(64) },
];

const key = () => generateKeyPairSync('ed25519').privateKey;
const kid = (k: KeyObject) => publicJwkOf(k).kid;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

async function inception(node: string, k: KeyObject, next: KeyObject): Promise<KeyEvent> {
  return buildInception({
    node,
    key: publicJwkOf(k),
    signer: k,
    nextKid: kid(next),
    createdAt: new Date('2026-12-01T08:00:00.000Z'),
  });
}

function envelopeBody(over: Partial<EnvelopeBody> = {}): EnvelopeBody {
  return {
    v: 1,
    id: '0b6c3f5e-7d1a-4c2b-9e8f-1a2b3c4d5e6f',
    type: 'mla.submit',
    from: { node: A, authority: null },
    to: { node: B, authority: null },
    case: { id: REQUEST.id, channel: 'mla' },
    caseSeq: 2,
    prev: EVENTS[0].hash,
    streamSeq: 1,
    actor: { role: null, ref: null },
    createdAt: '2026-12-01T09:00:00.000Z',
    body: { event: { seq: 2, hash: EVENTS[1].hash } },
    attachments: [],
    agreement: AGREEMENT,
    ...over,
  };
}

describe('the federation part of an export, verified offline', () => {
  let aKey: KeyObject;
  let aNext: KeyObject;
  let bKey: KeyObject;
  let proof: FederationProof;

  beforeAll(async () => {
    aKey = key();
    aNext = key();
    bKey = key();
    const aLog = [await inception(A, aKey, aNext)];
    const bLog = [await inception(B, bKey, key())];
    const bState = await verifyKeyLog(bLog, B);
    if (!bState.ok) {
      throw new Error(bState.reason);
    }
    const sent = await signEnvelope(envelopeBody(), aKey, kid(aKey));
    const digest = envelopeDigest(envelopeBody());
    const delivery = await signReceipt(
      {
        v: 1,
        kind: 'DELIVERY',
        node: B,
        envelopeId: sent.id,
        digest,
        result: 'stored',
        code: null,
        reason: null,
        at: '2026-12-01T09:00:01.000Z',
      },
      bKey,
      kid(bKey),
    );
    const processed = await signEnvelope(
      envelopeBody({
        id: '9f1c0e2a-5d7b-4c1e-8a3f-2b6d4e8f0a1c',
        type: 'receipt',
        from: { node: B, authority: null },
        to: { node: A, authority: null },
        caseSeq: 0,
        prev: null,
        body: { kind: 'PROCESSED', envelopeId: sent.id, digest, result: 'applied', reason: null, events: [] },
      }),
      bKey,
      kid(bKey),
    );
    proof = {
      node: {
        origin: A,
        fingerprint: keysOfLog(A, aLog).fingerprint,
        keyLog: aLog as unknown as Record<string, unknown>[],
      },
      peers: [
        {
          origin: B,
          fingerprint: bState.state.fingerprint,
          pinnedHead: { seq: bState.state.seq, digest: bState.state.head },
          keys: bState.state.keys,
        },
      ],
      envelopes: [
        {
          direction: 'sent',
          peer: B,
          digest,
          caseSeq: 2,
          eventHash: EVENTS[1].hash,
          status: 'delivered',
          envelope: sent as unknown as Record<string, unknown>,
          receipts: [
            { kind: 'DELIVERY', receipt: delivery as unknown as Record<string, unknown> },
            { kind: 'PROCESSED', receipt: processed as unknown as Record<string, unknown> },
          ],
        },
      ],
    };
  });

  const broken = (p: unknown): string => {
    try {
      verifyFederationProof(p, REQUEST, EVENTS);
    } catch (err) {
      if (err instanceof FederationProofBroken) {
        return err.message;
      }
      throw err;
    }
    return 'valid';
  };

  it('should verify each envelope and receipt against the key log of its signer', () => {
    expect(verifyFederationProof(proof, REQUEST, EVENTS)).toEqual({ envelopes: 1, receipts: 2 });
  });

  it('should fail when an envelope was changed after it was signed', () => {
    const p = clone(proof);
    (p.envelopes[0].envelope.body as { event: { payload?: unknown } }).event.payload = { forged: true };
    expect(broken(p)).toMatch(/envelope 0: the signature does not verify/);
  });

  it('should fail when a receipt was changed, or speaks of another digest, or is signed by the wrong side', () => {
    const changed = clone(proof);
    changed.envelopes[0].receipts[0].receipt.result = 'rejected';
    expect(broken(changed)).toMatch(/receipt 0: the signature does not verify/);

    const other = clone(proof);
    other.envelopes[0].receipts[1].receipt.body = {
      ...(other.envelopes[0].receipts[1].receipt.body as object),
      digest: 'x'.repeat(43),
    };
    expect(broken(other)).toMatch(/receipt 1: about another envelope or digest/);

    const bySender = clone(proof);
    bySender.envelopes[0].receipts[0].receipt.node = A;
    expect(broken(bySender)).toMatch(/a DELIVERY receipt must be signed by https:\/\/coop.b.example/);
  });

  it('should take a TIMEOUT from the sender and a rejection from the receiver, and neither from the other side', async () => {
    const receipt = async (kind: 'TIMEOUT' | 'REJECTED', node: string, k: KeyObject) =>
      (await signReceipt(
        {
          v: 1,
          kind,
          node,
          envelopeId: proof.envelopes[0].envelope.id as string,
          digest: kind === 'REJECTED' ? null : proof.envelopes[0].digest,
          result: kind === 'TIMEOUT' ? 'timeout' : 'rejected',
          code: kind === 'REJECTED' ? 'CONFLICT' : null,
          reason: 'for the test',
          at: '2026-12-01T10:00:00.000Z',
        },
        k,
        kid(k),
      )) as unknown as Record<string, unknown>;
    const good = clone(proof);
    good.envelopes[0].receipts.push(
      { kind: 'TIMEOUT', receipt: await receipt('TIMEOUT', A, aKey) },
      { kind: 'REJECTED', receipt: await receipt('REJECTED', B, bKey) },
    );
    expect(verifyFederationProof(good, REQUEST, EVENTS)).toEqual({ envelopes: 1, receipts: 4 });
    const wrong = clone(proof);
    wrong.envelopes[0].receipts.push({ kind: 'TIMEOUT', receipt: await receipt('TIMEOUT', B, bKey) });
    expect(broken(wrong)).toMatch(/a TIMEOUT receipt must be signed by https:\/\/coop.a.example/);
  });

  it('should fail when the envelope is not linked to the event of the history it claims', () => {
    const p = clone(proof);
    p.envelopes[0].eventHash = EVENTS[0].hash;
    expect(broken(p)).toMatch(/not event 2 of the history/);
    const digest = clone(proof);
    digest.envelopes[0].digest = 'y'.repeat(43);
    expect(broken(digest)).toMatch(/digest is not the SHA-256/);
  });

  it("should fail when the node's key log is not continuous or its keys are not the ones that signed", async () => {
    const stranger = key();
    const forged = clone(proof);
    // A rotation to a key the inception did not commit to, signed by the current key (a thief's rotation).
    const state = await verifyKeyLog(proof.node.keyLog, A);
    if (!state.ok) {
      throw new Error(state.reason);
    }
    forged.node.keyLog.push(
      (await buildRotation(state.state, {
        current: aKey,
        revealed: { key: publicJwkOf(stranger), privateKey: stranger },
        nextKid: kid(key()),
        createdAt: new Date('2026-12-01T08:30:00.000Z'),
      })) as unknown as Record<string, unknown>,
    );
    expect(broken(forged)).toMatch(/reveals a key the previous event did not commit to/);

    const fingerprint = clone(proof);
    fingerprint.node.fingerprint = 'f'.repeat(64);
    expect(broken(fingerprint)).toMatch(/fingerprint is not the digest/);

    const noPeer = clone(proof);
    noPeer.peers = [];
    expect(broken(noPeer)).toMatch(/a node the export has no keys of/);
  });

  it('should accept the rotation to the committed key and envelopes signed by either key', async () => {
    const state = await verifyKeyLog(proof.node.keyLog, A);
    if (!state.ok) {
      throw new Error(state.reason);
    }
    const rotated = clone(proof);
    rotated.node.keyLog.push(
      (await buildRotation(state.state, {
        current: aKey,
        revealed: { key: publicJwkOf(aNext), privateKey: aNext },
        nextKid: kid(key()),
        createdAt: new Date('2026-12-01T10:00:00.000Z'),
      })) as unknown as Record<string, unknown>,
    );
    const later: SignedEnvelope = await signEnvelope(
      envelopeBody({ id: '5a6b7c8d-0000-4000-8000-000000000001', caseSeq: 1, body: { event: EVENTS[0] } }),
      aNext,
      kid(aNext),
    );
    rotated.envelopes.push({
      direction: 'sent',
      peer: B,
      digest: envelopeDigest(envelopeBody({ id: later.id, caseSeq: 1, body: { event: EVENTS[0] } })),
      caseSeq: 1,
      eventHash: EVENTS[0].hash,
      status: 'pending',
      envelope: later as unknown as Record<string, unknown>,
      receipts: [],
    });
    expect(verifyFederationProof(rotated, REQUEST, EVENTS)).toEqual({ envelopes: 2, receipts: 2 });
  });
});
