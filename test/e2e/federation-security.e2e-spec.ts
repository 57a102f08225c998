import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AGREEMENT,
  ENVELOPE_MEDIA_TYPE,
  type EnvelopeBody,
  type SignedEnvelope,
  type SignedReceipt,
  signEnvelope,
  verifyReceipt,
  withoutSignature,
} from '@/modules/federation/envelope/envelope';
import { contentDigest, signMessage } from '@/modules/federation/envelope/http-signature';
import { publicJwkOf, type PublicJwk } from '@/modules/federation/jwk';
import { buildInception, buildRotation, type KeyEvent, verifyKeyLog } from '@/modules/federation/key-log';
import { readKeyFile } from '@/modules/federation/key-files';
import { endpointsOf, signNodeDocument } from '@/modules/federation/node-document';
import { NodeIdentityService } from '@/modules/federation/node-identity.service';
import type { Api } from '../support/api';
import {
  authority,
  CENTRAL_AUTHORITY,
  closeNodes,
  type FederationNode,
  history,
  nodesDir,
  pin,
  pinBoth,
  startNode,
  statusOn,
  until,
  user,
} from '../support/federation-nodes';
import { mlaBody } from '../support/parties';

interface Signing {
  key: KeyObject;
  /** The inbox URL the hop signature names (default: the one posted to). */
  targetUri?: string;
  /** The signer's clock. */
  now?: Date;
  validityS?: number;
  /** Bytes sent instead of `text` (its digest and signature stay those of `text`). */
  sendInstead?: string;
}

/** POSTs `text` to `origin`'s inbox with an RFC 9421 signature made as `s` says. */
async function post(origin: string, text: string, s: Signing) {
  const url = `${origin}/federation/v1/inbox`;
  const digest = contentDigest(text);
  const headers = {
    'content-type': ENVELOPE_MEDIA_TYPE,
    'content-digest': digest,
    ...signMessage(
      {
        method: 'POST',
        targetUri: s.targetUri ?? url,
        contentType: ENVELOPE_MEDIA_TYPE,
        contentDigest: digest,
      },
      s.key,
      publicJwkOf(s.key).kid,
      s.now ?? new Date(),
      s.validityS,
    ),
  };
  const res = await fetch(url, { method: 'POST', body: s.sendInstead ?? text, headers });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** The public keys a node publishes in its node document. */
async function keysOf(origin: string): Promise<PublicJwk[]> {
  const doc = (await (await fetch(`${origin}/.well-known/coop-node.json`)).json()) as { keys: PublicJwk[] };
  return doc.keys;
}

/** What a refusal must not change: the envelopes, receipts and events of the receiving node. */
async function counts(node: FederationNode) {
  const { rows } = await node.t.db.query(
    `SELECT (SELECT count(*)::int FROM federation_envelopes) AS envelopes,
            (SELECT count(*)::int FROM federation_receipts) AS receipts,
            (SELECT count(*)::int FROM audit_events) AS events`,
  );
  return rows[0] as { envelopes: number; receipts: number; events: number };
}

/** Expects a signed rejection by `node` with this status and code, that changed nothing there. */
async function expectRefused(
  node: FederationNode,
  attempt: () => Promise<{ status: number; body: Record<string, any> }>,
  status: number,
  code: string,
): Promise<string> {
  const before = await counts(node);
  const res = await attempt();
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  const receipt = res.body.details.receipt as SignedReceipt;
  expect(receipt).toMatchObject({ kind: 'REJECTED', result: 'rejected', code, node: node.origin });
  expect(await verifyReceipt(receipt, await keysOf(node.origin))).toBe(true);
  expect(await counts(node)).toEqual(before);
  return receipt.reason as string;
}

/** A peer node played by the test (the thief of its key): serves its node document and a key log we choose. */
class FakeNode {
  server!: Server;
  origin!: string;
  readonly keys = [
    generateKeyPairSync('ed25519'),
    generateKeyPairSync('ed25519'),
    generateKeyPairSync('ed25519'),
  ].map((k) => k.privateKey);
  readonly authorityId = randomUUID();
  served: KeyEvent[] = [];
  inception!: KeyEvent;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.answer(req.url ?? '').then((body) => {
        res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body ?? { code: 'NOT_FOUND' }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.inception = await buildInception({
      node: this.origin,
      key: publicJwkOf(this.keys[0]),
      signer: this.keys[0],
      nextKid: publicJwkOf(this.keys[1]).kid,
      createdAt: new Date(Date.now() - 60_000),
    });
    this.served = [this.inception];
  }

  async stateNow() {
    const verified = await verifyKeyLog(this.served, this.origin);
    if (!verified.ok) {
      throw new Error(verified.reason);
    }
    return verified.state;
  }

  private async answer(path: string): Promise<unknown> {
    if (path === '/federation/v1/key-log') {
      return { node: this.origin, events: this.served };
    }
    if (path !== '/.well-known/coop-node.json') {
      return null;
    }
    const state = await this.stateNow();
    return signNodeDocument(
      {
        v: 1,
        origin: this.origin,
        country: 'FRA',
        authorities: [
          {
            id: this.authorityId,
            code: 'FRA-MJ-CA',
            name: 'Ministère de la Justice',
            kind: 'central',
            languages: ['fr', 'en'],
          },
        ],
        keys: [state.currentKey],
        nextKeyDigest: state.nextKeyDigest,
        keyLog: { fingerprint: state.fingerprint, seq: state.seq, head: state.head },
        endpoints: endpointsOf(this.origin),
        issuedAt: new Date().toISOString(),
      },
      this.keys[0],
      state.currentKey.kid,
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** An envelope from `from` to `to`, signed by `key`. */
function envelopeOf(
  key: KeyObject,
  from: { node: string; authority: string | null },
  to: { node: string; authority: string | null },
  caseId: string,
  type = 'mla.acknowledge',
): Promise<SignedEnvelope> {
  const body: EnvelopeBody = {
    v: 1,
    id: randomUUID(),
    type,
    from,
    to,
    case: { id: caseId, channel: 'mla' },
    caseSeq: 0,
    prev: null,
    streamSeq: 1,
    actor: { role: null, ref: null },
    createdAt: new Date().toISOString(),
    body: {},
    attachments: [],
    agreement: AGREEMENT,
  };
  return signEnvelope(body, key, publicJwkOf(key).kid);
}

describe('Federation security: what the inbox refuses, key rotation mid-traffic, a forged rotation', () => {
  let dir: string;
  let a: FederationNode;
  let b: FederationNode;
  let c: FederationNode;
  let aCa: string;
  let bCa: string;
  let cCa: string;
  let aOfficer: Api;
  let bOfficer: Api;
  let id: string;
  let submit: SignedEnvelope;
  let aKey: KeyObject;
  let aPeerOnB: string;
  let bPeerOnA: string;

  beforeAll(async () => {
    dir = nodesDir('security');
    a = await startNode(dir, 'a', 'VNM');
    b = await startNode(dir, 'b', 'AUT');
    c = await startNode(dir, 'c', 'DEU');
    aCa = await authority(a, CENTRAL_AUTHORITY.VNM);
    bCa = await authority(b, CENTRAL_AUTHORITY.AUT);
    cCa = await authority(c, CENTRAL_AUTHORITY.DEU);
    aOfficer = await user(a, aCa, ['officer']);
    bOfficer = await user(b, bCa, ['officer']);
    [bPeerOnA, aPeerOnB] = await pinBoth(a, b);
    await pin(c, a);
    await pin(b, c);
    // C knows B only as added, not confirmed: nothing of B is trusted on C.
    expect((await c.admin.post('/v1/federation/peers', { origin: b.origin })).status).toBe(201);

    const draft = await aOfficer.post('/v1/requests', mlaBody(bCa));
    id = draft.body.id as string;
    expect((await aOfficer.act(id, 'submit')).status).toBe(200);
    await until('RECEIVED on A', async () => (await statusOn(aOfficer, id)) === 'RECEIVED');
    submit = (
      await a.t.db.query(
        `SELECT envelope FROM federation_envelopes WHERE direction = 'out' AND request_id = $1 AND type = 'mla.submit'`,
        [id],
      )
    ).rows[0].envelope as SignedEnvelope;
    aKey = readKeyFile(a.keyPath)!;
  }, 180000);

  afterAll(() => closeNodes(dir, a, b, c));

  it('should refuse an unknown key (401 UNKNOWN_PEER) and a bad signature (401 SIGNATURE_INVALID)', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey;
    await expectRefused(
      b,
      () => post(b.origin, JSON.stringify(submit), { key: stranger }),
      401,
      'UNKNOWN_PEER',
    );
    const text = JSON.stringify(submit);
    // A hop signature by a key A does not hold, though it names A's key id.
    const url = `${b.origin}/federation/v1/inbox`;
    const digest = contentDigest(text);
    const forged = signMessage(
      { method: 'POST', targetUri: url, contentType: ENVELOPE_MEDIA_TYPE, contentDigest: digest },
      stranger,
      publicJwkOf(aKey).kid,
    );
    await expectRefused(
      b,
      async () => {
        const res = await fetch(url, {
          method: 'POST',
          body: text,
          headers: { 'content-type': ENVELOPE_MEDIA_TYPE, 'content-digest': digest, ...forged },
        });
        return { status: res.status, body: (await res.json()) as Record<string, any> };
      },
      401,
      'SIGNATURE_INVALID',
    );
  });

  it('should refuse a tampered body: bytes that do not match the Content-Digest, or an envelope whose own signature fails', async () => {
    const text = JSON.stringify(submit);
    const reason = await expectRefused(
      b,
      () => post(b.origin, text, { key: aKey, sendInstead: text.replace(submit.id, randomUUID()) }),
      401,
      'SIGNATURE_INVALID',
    );
    expect(reason).toContain('Content-Digest');
    // Hop signed by A over the changed bytes, but the envelope's JWS is over the original.
    const changed = { ...submit, streamSeq: submit.streamSeq + 500 };
    const inner = await expectRefused(
      b,
      () => post(b.origin, JSON.stringify(changed), { key: aKey }),
      401,
      'SIGNATURE_INVALID',
    );
    expect(inner).toContain("envelope's signature");
  });

  it('should refuse a replay after 5 minutes and a clock beyond FEDERATION_CLOCK_SKEW_S (CLOCK_SKEW naming both times), and accept one inside it', async () => {
    const text = JSON.stringify(submit);
    const old = new Date(Date.now() - 301_000);
    const reason = await expectRefused(
      b,
      () => post(b.origin, text, { key: aKey, now: old }),
      401,
      'CLOCK_SKEW',
    );
    expect(reason).toContain(new Date(Math.floor(old.getTime() / 1000) * 1000).toISOString());
    expect(reason).toMatch(/receiver's clock \d{4}-\d{2}-\d{2}T/);
    await expectRefused(
      b,
      () => post(b.origin, text, { key: aKey, now: new Date(Date.now() + 400_000) }),
      401,
      'CLOCK_SKEW',
    );
    // Expired, though created within the window.
    const expired = await expectRefused(
      b,
      () => post(b.origin, text, { key: aKey, now: new Date(Date.now() - 100_000), validityS: 30 }),
      401,
      'SIGNATURE_INVALID',
    );
    expect(expired).toContain('expired');
    // Two minutes off is inside the window: the same envelope again, answered with its original receipt.
    const before = await counts(b);
    const inside = await post(b.origin, text, { key: aKey, now: new Date(Date.now() - 120_000) });
    expect(inside.status).toBe(200);
    expect(inside.body.receipt).toMatchObject({ kind: 'DELIVERY', envelopeId: submit.id });
    expect(await counts(b)).toEqual(before);
  });

  it('should refuse a request for B replayed to C: signed for another inbox (401), or addressed to another node (403 MISDIRECTED)', async () => {
    const text = JSON.stringify(submit);
    const replayed = await expectRefused(
      c,
      () => post(c.origin, text, { key: aKey, targetUri: `${b.origin}/federation/v1/inbox` }),
      401,
      'SIGNATURE_INVALID',
    );
    expect(replayed).toContain('aimed at another node');
    // Even re-signed for C's inbox by A itself, the envelope names B.
    const misdirected = await expectRefused(c, () => post(c.origin, text, { key: aKey }), 403, 'MISDIRECTED');
    expect(misdirected).toContain(`addressed to ${b.origin}`);
  });

  it('should refuse a suspended peer (403 PEER_SUSPENDED) and a peer never confirmed (401 UNKNOWN_PEER)', async () => {
    expect((await b.admin.post(`/v1/federation/peers/${aPeerOnB}/suspend`, { reason: 'test' })).status).toBe(
      200,
    );
    const fresh = await envelopeOf(
      aKey,
      { node: a.origin, authority: aCa },
      { node: b.origin, authority: bCa },
      id,
    );
    await expectRefused(b, () => post(b.origin, JSON.stringify(fresh), { key: aKey }), 403, 'PEER_SUSPENDED');
    expect((await b.admin.post(`/v1/federation/peers/${aPeerOnB}/resume`)).status).toBe(200);

    const bKey = readKeyFile(b.keyPath)!;
    const toC = await envelopeOf(
      bKey,
      { node: b.origin, authority: bCa },
      { node: c.origin, authority: cCa },
      randomUUID(),
    );
    await expectRefused(c, () => post(c.origin, JSON.stringify(toC), { key: bKey }), 401, 'UNKNOWN_PEER');
  });

  it('should refuse an envelope about a case the sender is not party to, or naming an authority it does not host (403 NOT_PARTY)', async () => {
    const cKey = readKeyFile(c.keyPath)!;
    // The case exists on B between A and B; C is pinned by B but is neither party.
    const about = await envelopeOf(
      cKey,
      { node: c.origin, authority: cCa },
      { node: b.origin, authority: bCa },
      id,
    );
    const reason = await expectRefused(
      b,
      () => post(b.origin, JSON.stringify(about), { key: cKey }),
      403,
      'NOT_PARTY',
    );
    expect(reason).toContain(`no party of case ${id}`);
    // C speaking for A's authority.
    const posing = await envelopeOf(
      cKey,
      { node: c.origin, authority: aCa },
      { node: b.origin, authority: bCa },
      randomUUID(),
      'mla.submit',
    );
    const posed = await expectRefused(
      b,
      () => post(b.origin, JSON.stringify(posing), { key: cKey }),
      403,
      'NOT_PARTY',
    );
    expect(posed).toContain(`does not host authority ${aCa}`);
  });

  it('should follow key rotations mid-traffic: each node rotates between two moves, the other moves its pinned head through the key log', async () => {
    const steps: [Api, string, Record<string, unknown>, string, Api][] = [
      [bOfficer, 'acknowledge', {}, 'UNDER_REVIEW', aOfficer],
      [bOfficer, 'request-information', { questions: 'Which account?' }, 'INFO_REQUESTED', aOfficer],
    ];
    for (const [actor, action, payload, status, other] of steps) {
      expect((await actor.act(id, action, payload)).status).toBe(200);
      await until(`${action} on the other node`, async () => (await statusOn(other, id)) === status);
    }
    const oldKid = publicJwkOf(aKey).kid;
    const rotated = await a.t.app.get(NodeIdentityService).rotate();
    expect(rotated.currentKey.kid).not.toBe(oldKid);
    // A's next envelope is signed with the new key, which B does not know yet.
    // INFO_REQUESTED is B's state: A's answer is proposed to B (202) and applied there.
    expect(
      (await aOfficer.act(id, 'provide-information', { answers: 'The one in the request' })).status,
    ).toBe(202);
    await until('provide-information on B', async () => (await statusOn(bOfficer, id)) === 'UNDER_REVIEW');
    await until(
      'provide-information back on A',
      async () => (await statusOn(aOfficer, id)) === 'UNDER_REVIEW',
    );

    const peer = (await b.t.db.query('SELECT pinned_head FROM federation_peers WHERE id = $1', [aPeerOnB]))
      .rows[0].pinned_head as {
      seq: number;
      currentKey: PublicJwk;
      keys: { jwk: PublicJwk; validUntil: string | null }[];
    };
    expect(peer.seq).toBe(1);
    expect(peer.currentKey.kid).toBe(rotated.currentKey.kid);
    // The old key stays listed with its end time, to verify what it signed.
    expect(peer.keys.map((k) => [k.jwk.kid, k.validUntil === null])).toEqual([
      [oldKid, false],
      [rotated.currentKey.kid, true],
    ]);
    const trail = (
      await b.t.db.query(
        `SELECT action, details FROM federation_peer_events WHERE peer_id = $1 ORDER BY seq`,
        [aPeerOnB],
      )
    ).rows as { action: string; details: Record<string, unknown> }[];
    expect(trail.map((e) => e.action)).toEqual(['add', 'confirm', 'suspend', 'resume', 'follow-rotation']);
    expect(trail[4].details).toMatchObject({
      fromSeq: 0,
      toSeq: 1,
      previousKeyId: oldKid,
      keyId: rotated.currentKey.kid,
    });

    // Then B rotates too: its next envelope makes A follow B's key log, and the histories stay equal.
    const bRotated = await b.t.app.get(NodeIdentityService).rotate();
    expect((await bOfficer.act(id, 'request-information', { questions: 'And the period?' })).status).toBe(
      200,
    );
    await until('INFO_REQUESTED on A', async () => (await statusOn(aOfficer, id)) === 'INFO_REQUESTED');
    await until('both histories equal', async () => {
      const onB = await history(b, id);
      return onB.length > 0 && JSON.stringify(onB) === JSON.stringify(await history(a, id));
    });
    const bOnA = (await a.t.db.query('SELECT pinned_head FROM federation_peers WHERE id = $1', [bPeerOnA]))
      .rows[0].pinned_head as { seq: number; currentKey: PublicJwk };
    expect(bOnA).toMatchObject({ seq: 1, currentKey: { kid: bRotated.currentKey.kid } });
    const aTrail = (
      await a.t.db.query(`SELECT action FROM federation_peer_events WHERE peer_id = $1 ORDER BY seq`, [
        bPeerOnA,
      ])
    ).rows as { action: string }[];
    expect(aTrail.map((e) => e.action)).toEqual(['add', 'confirm', 'follow-rotation']);
  }, 120000);

  it('should refuse a rotation signed only by a stolen current key (401 KEY_ROTATION_REFUSED, alert, head unchanged), then follow the real one', async () => {
    const f = new FakeNode();
    await f.start();
    try {
      // B adds F and a second admin of B confirms its fingerprint.
      const added = await b.admin.post('/v1/federation/peers', { origin: f.origin });
      expect(added.status).toBe(201);
      const confirmed = await b.admin2.post(`/v1/federation/peers/${added.body.id}/confirm`, {
        fingerprint: added.body.fingerprint,
      });
      expect(confirmed.status).toBe(200);
      const pinned = await f.stateNow();
      const thief = generateKeyPairSync('ed25519').privateKey;
      f.served = [
        f.inception,
        await buildRotation(pinned, {
          current: f.keys[0],
          revealed: { key: publicJwkOf(thief), privateKey: thief },
          nextKid: publicJwkOf(f.keys[2]).kid,
          createdAt: new Date(),
        }),
      ];
      const fromF = { node: f.origin, authority: f.authorityId };
      const toB = { node: b.origin, authority: bCa };
      const forged = await envelopeOf(thief, fromF, toB, randomUUID(), 'receipt');
      const reason = await expectRefused(
        b,
        () => post(b.origin, JSON.stringify(forged), { key: thief }),
        401,
        'KEY_ROTATION_REFUSED',
      );
      expect(reason).toContain('not the next key');
      const alerts = (await b.admin.get('/v1/federation/alerts')).body as {
        kind: string;
        peerOrigin: string;
      }[];
      expect(alerts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'key-rotation-refused', peerOrigin: f.origin }),
        ]),
      );
      const head = async () =>
        (await b.t.db.query('SELECT pinned_head FROM federation_peers WHERE origin = $1', [f.origin])).rows[0]
          .pinned_head as { seq: number };
      expect((await head()).seq).toBe(0);

      // The real rotation (revealing the committed key, signed by both) is followed.
      f.served = [
        f.inception,
        await buildRotation(pinned, {
          current: f.keys[0],
          revealed: { key: publicJwkOf(f.keys[1]), privateKey: f.keys[1] },
          nextKid: publicJwkOf(f.keys[2]).kid,
          createdAt: new Date(),
        }),
      ];
      const real = await envelopeOf(f.keys[1], fromF, toB, randomUUID(), 'receipt');
      const accepted = await until(
        'the real rotation followed (after the key-log cool-down)',
        async () => {
          const res = await post(b.origin, JSON.stringify(real), { key: f.keys[1] });
          return res.status === 202 ? res : null;
        },
        15000,
      );
      expect(accepted.body.receipt).toMatchObject({ kind: 'DELIVERY', envelopeId: real.id });
      expect((await head()).seq).toBe(1);
    } finally {
      await f.close();
    }
  }, 60000);

  it('should keep the stored envelope verbatim: the submit A sent is the one B holds', async () => {
    const held = (
      await b.t.db.query(
        `SELECT envelope FROM federation_envelopes WHERE direction = 'in' AND envelope_id = $1`,
        [submit.id],
      )
    ).rows[0].envelope as SignedEnvelope;
    expect(withoutSignature(held)).toEqual(withoutSignature(submit));
  });
});
