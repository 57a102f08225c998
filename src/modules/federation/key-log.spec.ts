import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { publicJwkOf, keyCommitment, type PublicJwk } from './jwk';
import {
  buildInception,
  buildRevocation,
  buildRotation,
  eventDigest,
  bodyOf,
  type KeyEvent,
  type KeyState,
  verifyKeyLog,
  verifyKeyLogContinuation,
} from './key-log';
import { signDetached } from './detached-jws';

const NODE = 'https://coop.moj.example';

interface Pair {
  privateKey: KeyObject;
  jwk: PublicJwk;
}

function pair(): Pair {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, jwk: publicJwkOf(privateKey) };
}

const at = (minutes: number): Date => new Date(Date.UTC(2026, 0, 1, 0, minutes));

/** A node's keys k0, k1, k2, k3 and its log: inception (k0, commits k1), rotation to k1 (commits k2). */
async function twoEventLog(): Promise<{ keys: Pair[]; events: KeyEvent[]; states: KeyState[] }> {
  const keys = [pair(), pair(), pair(), pair()];
  const inception = await buildInception({
    node: NODE,
    key: keys[0].jwk,
    signer: keys[0].privateKey,
    nextKid: keys[1].jwk.kid,
    createdAt: at(0),
  });
  const s0 = await verifyKeyLog([inception], NODE);
  if (!s0.ok) {
    throw new Error(s0.reason);
  }
  const rotation = await buildRotation(s0.state, {
    current: keys[0].privateKey,
    revealed: { key: keys[1].jwk, privateKey: keys[1].privateKey },
    nextKid: keys[2].jwk.kid,
    createdAt: at(10),
  });
  const s1 = await verifyKeyLog([inception, rotation], NODE);
  if (!s1.ok) {
    throw new Error(s1.reason);
  }
  return { keys, events: [inception, rotation], states: [s0.state, s1.state] };
}

describe('key log', () => {
  it('should verify an inception and a rotation, the rotation revealing the committed key', async () => {
    const { keys, events, states } = await twoEventLog();
    expect(events[0]).toMatchObject({ seq: 0, prev: null, type: 'inception', key: keys[0].jwk });
    expect((events[0] as { nextKeyDigest?: string }).nextKeyDigest).toBe(keyCommitment(keys[1].jwk.kid));
    expect(events[1]).toMatchObject({ seq: 1, prev: eventDigest(bodyOf(events[0])), key: keys[1].jwk });
    expect(events[1].signatures).toHaveLength(2);
    const head = states[1];
    expect(head).toMatchObject({
      seq: 1,
      currentKey: keys[1].jwk,
      nextKeyDigest: keyCommitment(keys[2].jwk.kid),
    });
    expect(head.head).toBe(eventDigest(bodyOf(events[1])));
    // The old key stays listed with its end time; the fingerprint is the inception's and does not change.
    expect(head.keys).toEqual([
      {
        jwk: keys[0].jwk,
        validFrom: at(0).toISOString(),
        validUntil: at(10).toISOString(),
        revokedSince: null,
      },
      { jwk: keys[1].jwk, validFrom: at(10).toISOString(), validUntil: null, revokedSince: null },
    ]);
    expect(head.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(head.fingerprint).toBe(states[0].fingerprint);
    expect(head.fingerprint).toBe(Buffer.from(states[0].head, 'base64url').toString('hex'));
  });

  it('should accept a valid continuation of a pinned head, given the whole log or only what follows', async () => {
    const { events, states } = await twoEventLog();
    const whole = await verifyKeyLogContinuation(states[0], events);
    expect(whole).toEqual({ ok: true, state: states[1] });
    const suffix = await verifyKeyLogContinuation(states[0], [events[1]]);
    expect(suffix).toEqual({ ok: true, state: states[1] });
    expect(await verifyKeyLogContinuation(states[1], events)).toEqual({ ok: true, state: states[1] });
  });

  it('should refuse a rotation signed only by the current key that does not reveal the pre-committed key', async () => {
    const { keys, events, states } = await twoEventLog();
    const thief = pair();
    // The thief holds the current key k1 and rotates to a key of their own.
    const forged = await buildRotation(states[1], {
      current: keys[1].privateKey,
      revealed: { key: thief.jwk, privateKey: thief.privateKey },
      nextKid: pair().jwk.kid,
      createdAt: at(20),
    });
    const result = await verifyKeyLogContinuation(states[1], [...events, forged]);
    expect(result).toMatchObject({ ok: false, seq: 2 });
    expect(!result.ok && result.reason).toMatch(/not the next key the previous event committed to/);
    // Signed by the current key alone, with no second signature at all: refused as well.
    const { signatures: _s, ...body } = forged;
    const alone: KeyEvent = {
      ...body,
      signatures: [await signDetached(body, keys[1].privateKey, keys[1].jwk.kid)],
    };
    expect(await verifyKeyLogContinuation(states[1], [...events, alone])).toMatchObject({
      ok: false,
      seq: 2,
    });
  });

  it('should refuse a rotation that reveals the committed key but is not signed by it, or not by the current key', async () => {
    const { keys, events, states } = await twoEventLog();
    const honest = await buildRotation(states[1], {
      current: keys[1].privateKey,
      revealed: { key: keys[2].jwk, privateKey: keys[2].privateKey },
      nextKid: keys[3].jwk.kid,
      createdAt: at(20),
    });
    expect((await verifyKeyLogContinuation(states[1], [...events, honest])).ok).toBe(true);
    const body = bodyOf(honest);
    const onlyCurrent: KeyEvent = { ...body, signatures: [honest.signatures[0]] };
    const onlyRevealed: KeyEvent = { ...body, signatures: [honest.signatures[1]] };
    const r1 = await verifyKeyLogContinuation(states[1], [onlyCurrent]);
    const r2 = await verifyKeyLogContinuation(states[1], [onlyRevealed]);
    expect(!r1.ok && r1.reason).toMatch(/not signed by the revealed next key/);
    expect(!r2.ok && r2.reason).toMatch(/not signed by the current key/);
  });

  it('should refuse a fork of the pinned history, a gap, a replay of an older log and a different node', async () => {
    const { keys, events, states } = await twoEventLog();
    // Another inception for the same node (a log started again with other keys).
    const other = pair();
    const restart = await buildInception({
      node: NODE,
      key: other.jwk,
      signer: other.privateKey,
      nextKid: pair().jwk.kid,
      createdAt: at(30),
    });
    const fork = await verifyKeyLogContinuation(states[1], [restart]);
    expect(fork.ok).toBe(false);
    const forkAtHead = await verifyKeyLogContinuation(states[0], [restart, events[1]]);
    expect(!forkAtHead.ok && forkAtHead.reason).toMatch(/fork/);
    // A gap: seq 3 on top of a head at seq 1.
    const third = await buildRotation(
      { ...states[1], seq: 2 },
      {
        current: keys[1].privateKey,
        revealed: { key: keys[2].jwk, privateKey: keys[2].privateKey },
        nextKid: keys[3].jwk.kid,
        createdAt: at(40),
      },
    );
    expect(await verifyKeyLogContinuation(states[1], [third])).toMatchObject({ ok: false, seq: 3 });
    // The log served as it was before the pinned rotation: rolled back.
    const rolledBack = await verifyKeyLogContinuation(states[1], [events[0]]);
    expect(!rolledBack.ok && rolledBack.reason).toMatch(/rolled-back/);
    // The same events checked as another node's.
    expect((await verifyKeyLog(events, 'https://other.example')).ok).toBe(false);
  });

  it('should refuse a tampered event, an unknown member and a log that does not start with an inception', async () => {
    const { events } = await twoEventLog();
    const tampered = { ...events[0], createdAt: at(1).toISOString() };
    expect(await verifyKeyLog([tampered, events[1]], NODE)).toMatchObject({ ok: false, seq: 0 });
    const extra = { ...events[0], comment: 'hi' };
    expect(await verifyKeyLog([extra], NODE)).toMatchObject({ ok: false, seq: 0 });
    expect(await verifyKeyLog([events[1]], NODE)).toMatchObject({ ok: false, seq: 1 });
    expect(await verifyKeyLog([], NODE)).toMatchObject({ ok: false });
    expect(await verifyKeyLog('not a list', NODE)).toMatchObject({ ok: false });
    const wrongDigest = { ...events[0], digest: eventDigest(bodyOf(events[1])) };
    expect(await verifyKeyLog([wrongDigest], NODE)).toMatchObject({ ok: false, seq: 0 });
    const rightDigest = { ...events[0], digest: eventDigest(bodyOf(events[0])) };
    expect((await verifyKeyLog([rightDigest, events[1]], NODE)).ok).toBe(true);
  });

  it('should revoke a retired key from a time on, signed by the current key, but never the current key', async () => {
    const { keys, events, states } = await twoEventLog();
    const revocation = await buildRevocation(states[1], {
      current: keys[1].privateKey,
      revokedKid: keys[0].jwk.kid,
      revokedSince: at(5),
      reason: 'the retired key was found on a stolen backup',
      createdAt: at(15),
    });
    const result = await verifyKeyLogContinuation(states[1], [...events, revocation]);
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.state.seq).toBe(2);
    expect(result.state.currentKey).toEqual(keys[1].jwk);
    expect(result.state.nextKeyDigest).toBe(states[1].nextKeyDigest);
    expect(result.state.keys[0].revokedSince).toBe(at(5).toISOString());

    const current = await buildRevocation(states[1], {
      current: keys[1].privateKey,
      revokedKid: keys[1].jwk.kid,
      revokedSince: at(12),
      reason: 'compromised',
      createdAt: at(15),
    });
    const refused = await verifyKeyLogContinuation(states[1], [current]);
    expect(!refused.ok && refused.reason).toMatch(/current key cannot be revoked/);

    // Signed by the retired key instead of the current one.
    const byOld = await buildRevocation(
      { ...states[1], currentKey: keys[0].jwk },
      {
        current: keys[0].privateKey,
        revokedKid: keys[0].jwk.kid,
        revokedSince: at(5),
        reason: 'x',
        createdAt: at(15),
      },
    );
    expect((await verifyKeyLogContinuation(states[1], [byOld])).ok).toBe(false);
    // A rotation after the revocation still needs the pre-committed key.
    const after = await buildRotation(result.state, {
      current: keys[1].privateKey,
      revealed: { key: keys[2].jwk, privateKey: keys[2].privateKey },
      nextKid: keys[3].jwk.kid,
      createdAt: at(20),
    });
    expect((await verifyKeyLogContinuation(result.state, [after])).ok).toBe(true);
  });
});
