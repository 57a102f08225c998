import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AlertDraft, AlertsService } from './alerts/alerts.service';
import type { FederationPeer } from './entities/federation-peer.entity';
import { publicJwkOf, type PublicJwk } from './jwk';
import {
  buildInception,
  buildRevocation,
  buildRotation,
  type KeyEvent,
  type KeyState,
  verifyKeyLog,
} from './key-log';
import type { PeerClient } from './peer-client';
import { hopKeys, namesKey } from './peer-keys';
import { KEY_LOG_ACTOR, KEY_ROTATION_ALERT, PeerKeysService } from './peer-keys.service';
import type { PeerChange, PeersRepository } from './peers.repository';

const NODE = 'https://coop.moj.example';

interface Pair {
  privateKey: KeyObject;
  jwk: PublicJwk;
}

function pair(): Pair {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, jwk: publicJwkOf(privateKey) };
}

async function stateOf(events: KeyEvent[]): Promise<KeyState> {
  const verified = await verifyKeyLog(events, NODE);
  if (!verified.ok) {
    throw new Error(verified.reason);
  }
  return verified.state;
}

/** A peer pinned at its inception (k0, committing to k1), and what it may serve later. */
async function setup() {
  const keys = [pair(), pair(), pair()];
  const inception = await buildInception({
    node: NODE,
    key: keys[0].jwk,
    signer: keys[0].privateKey,
    nextKid: keys[1].jwk.kid,
    createdAt: new Date(Date.UTC(2026, 0, 1)),
  });
  const pinned = await stateOf([inception]);
  const rotation = await buildRotation(pinned, {
    current: keys[0].privateKey,
    revealed: { key: keys[1].jwk, privateKey: keys[1].privateKey },
    nextKid: keys[2].jwk.kid,
    createdAt: new Date(Date.UTC(2026, 0, 2)),
  });
  const thief = pair();
  // Signed by the stolen current key and by the thief's own key, which was never committed to.
  const forged = await buildRotation(pinned, {
    current: keys[0].privateKey,
    revealed: { key: thief.jwk, privateKey: thief.privateKey },
    nextKid: keys[2].jwk.kid,
    createdAt: new Date(Date.UTC(2026, 0, 2)),
  });
  const peer = {
    id: 'p1',
    origin: NODE,
    status: 'PINNED',
    keyState: pinned,
    pinnedHead: pinned,
  } as unknown as FederationPeer;
  let served: unknown = { events: [inception] };
  const changes: PeerChange[] = [];
  const alerts: AlertDraft[] = [];
  const repository = {
    transaction: (work: (m: unknown) => Promise<unknown>) => work({}),
    lock: () => Promise.resolve({ ...peer }),
    save: (_m: unknown, p: FederationPeer) => Promise.resolve(p),
    appendEvent: (_m: unknown, _id: string, change: PeerChange) => {
      changes.push(change);
      return Promise.resolve({});
    },
  } as unknown as PeersRepository;
  const client = {
    getJson: jest.fn(() => Promise.resolve({ ok: true, body: served })),
  } as unknown as PeerClient & { getJson: jest.Mock };
  const alertsService = {
    hasOpen: () => Promise.resolve(alerts.length > 0),
    raise: (_m: unknown, a: AlertDraft) => {
      alerts.push(a);
      return Promise.resolve();
    },
  } as unknown as AlertsService;
  const service = new PeerKeysService(repository, client, alertsService);
  return {
    keys,
    thief,
    peer,
    service,
    client,
    changes,
    alerts,
    serve: (events: KeyEvent[]) => {
      served = { events };
    },
    inception,
    rotation,
    forged,
  };
}

describe('PeerKeysService: following a pinned peer through its key log', () => {
  it('should move the pinned head on a valid rotation and record it in the trail', async () => {
    const s = await setup();
    s.serve([s.inception, s.rotation]);
    const followed = await s.service.follow(s.peer, s.keys[1].jwk.kid);
    expect(followed.outcome).toBe('followed');
    if (followed.outcome !== 'followed') {
      return;
    }
    expect(followed.peer.pinnedHead?.seq).toBe(1);
    expect(followed.peer.pinnedHead?.currentKey.kid).toBe(s.keys[1].jwk.kid);
    // The old key stays listed with its end time, to verify what it signed.
    expect(followed.peer.pinnedHead?.keys[0]).toMatchObject({
      jwk: s.keys[0].jwk,
      validUntil: '2026-01-02T00:00:00.000Z',
    });
    expect(s.changes).toEqual([
      expect.objectContaining({
        action: 'follow-rotation',
        actor: KEY_LOG_ACTOR,
        details: expect.objectContaining({ fromSeq: 0, toSeq: 1, keyId: s.keys[1].jwk.kid }),
      }),
    ]);
    expect(s.alerts).toEqual([]);
  });

  it('should fetch once for envelopes signed by the new key that arrive together', async () => {
    const s = await setup();
    s.serve([s.inception, s.rotation]);
    const [first, second] = await Promise.all([
      s.service.follow(s.peer, s.keys[1].jwk.kid),
      s.service.follow(s.peer, s.keys[1].jwk.kid),
    ]);
    expect([first.outcome, second.outcome].sort()).toEqual(['followed', 'known']);
    expect(s.client.getJson).toHaveBeenCalledTimes(1);
    expect(s.changes).toHaveLength(1);
  });

  it('refresh should take a revocation published later, so that the revoked key stops verifying', async () => {
    const s = await setup();
    const rotated = await stateOf([s.inception, s.rotation]);
    const revocation = await buildRevocation(rotated, {
      current: s.keys[1].privateKey,
      revokedKid: s.keys[0].jwk.kid,
      revokedSince: new Date(Date.UTC(2026, 0, 1, 12)),
      reason: 'the old key file was copied',
      createdAt: new Date(Date.UTC(2026, 0, 3)),
    });
    s.serve([s.inception, s.rotation, revocation]);
    s.peer.pinnedHead = rotated;
    const refreshed = await s.service.refresh(s.peer);
    expect(refreshed.outcome).toBe('followed');
    if (refreshed.outcome !== 'followed') {
      return;
    }
    expect(refreshed.peer.pinnedHead?.seq).toBe(2);
    expect(await s.service.keysFor(refreshed.peer, s.keys[1].jwk.kid)).toEqual([s.keys[1].jwk]);
    expect(s.changes[0]).toMatchObject({ details: { trigger: 'refresh', fromSeq: 1, toSeq: 2 } });
  });

  it('should refuse a rotation signed only by a stolen current key and raise one alert', async () => {
    const s = await setup();
    s.serve([s.inception, s.forged]);
    const refused = await s.service.follow(s.peer, s.thief.jwk.kid);
    expect(refused).toMatchObject({
      outcome: 'refused',
      reason: expect.stringContaining('not the next key'),
    });
    expect(s.changes).toEqual([]);
    expect(s.alerts).toEqual([
      expect.objectContaining({ kind: KEY_ROTATION_ALERT, peerOrigin: NODE, requestId: null }),
    ]);
  });

  it('should refuse a log that starts again (another inception) instead of accepting what is served', async () => {
    const s = await setup();
    const other = pair();
    const restart = await buildInception({
      node: NODE,
      key: other.jwk,
      signer: other.privateKey,
      nextKid: pair().jwk.kid,
      createdAt: new Date(Date.UTC(2026, 0, 3)),
    });
    s.serve([restart]);
    expect((await s.service.follow(s.peer, other.jwk.kid)).outcome).toBe('refused');
    expect(s.changes).toEqual([]);
  });

  it('should answer unknown for a key the valid log does not name, and not fetch again at once', async () => {
    const s = await setup();
    const stranger = pair();
    expect((await s.service.follow(s.peer, stranger.jwk.kid)).outcome).toBe('unknown');
    expect((await s.service.follow(s.peer, stranger.jwk.kid)).outcome).toBe('unknown');
    // Another junk kid at once: not fetched either (at most one fetch per peer per second).
    expect((await s.service.follow(s.peer, pair().jwk.kid)).outcome).toBe('unknown');
    expect(s.client.getJson).toHaveBeenCalledTimes(1);
    expect(s.changes).toEqual([]);
    expect(s.alerts).toEqual([]);
  });

  it('should not fetch for a key already pinned, and keysFor gives the pinned keys', async () => {
    const s = await setup();
    expect((await s.service.follow(s.peer, s.keys[0].jwk.kid)).outcome).toBe('known');
    expect(await s.service.keysFor(s.peer, s.keys[0].jwk.kid)).toEqual([s.keys[0].jwk]);
    expect(s.client.getJson).not.toHaveBeenCalled();
  });

  it('keysFor should follow a rotation to verify something signed by the new key', async () => {
    const s = await setup();
    s.serve([s.inception, s.rotation]);
    expect(await s.service.keysFor(s.peer, s.keys[1].jwk.kid)).toEqual([s.keys[0].jwk, s.keys[1].jwk]);
  });
});

describe('hopKeys: which keys may sign a request now', () => {
  it('should take the current key and a key retired within the grace, not one retired before it', async () => {
    const s = await setup();
    const rotated = await stateOf([s.inception, s.rotation]);
    const peer = { ...s.peer, pinnedHead: rotated } as FederationPeer;
    const rotatedAt = Date.parse('2026-01-02T00:00:00.000Z');
    expect(hopKeys(peer, new Date(rotatedAt + 200_000), 300)).toEqual([s.keys[0].jwk, s.keys[1].jwk]);
    expect(hopKeys(peer, new Date(rotatedAt + 400_000), 300)).toEqual([s.keys[1].jwk]);
    expect(namesKey(peer, s.keys[0].jwk.kid)).toBe(true);
    expect(hopKeys({ ...peer, pinnedHead: null }, new Date(), 300)).toEqual([]);
  });
});
