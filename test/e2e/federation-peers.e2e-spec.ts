import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@/cli/run';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { formatFingerprint } from '@/modules/federation/fingerprint';
import { keyCommitment, publicJwkOf } from '@/modules/federation/jwk';
import { readKeyFile } from '@/modules/federation/key-files';
import {
  bodyOf,
  buildInception,
  eventDigest,
  type KeyState,
  verifyKeyLog,
  verifyKeyLogContinuation,
} from '@/modules/federation/key-log';
import { endpointsOf, signNodeDocument, verifyNodeDocument } from '@/modules/federation/node-document';
import { peerEventHash } from '@/modules/federation/peers.repository';
import { Api, apiFor } from '../support/api';
import { preservationBody } from '../support/contact-points';
import { freePort } from '../support/federation-nodes';
import { mlaBody } from '../support/parties';
import { errorBodyProblems } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

const BOOTSTRAP_ADMIN_ID = '00000000-0000-0000-0000-000000000000';
const GROUPED = /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/;

interface Node {
  t: TestApp;
  origin: string;
  env: Record<string, string>;
  admin: Api;
  keyPath: string;
  nextKeyPath: string;
}

async function startNode(dir: string, name: string, country: string): Promise<Node> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keyPath = join(dir, name, 'federation-key.pem');
  const nextKeyPath = join(dir, name, 'federation-next-key.pem');
  const env = {
    NODE_ORIGIN: origin,
    NODE_COUNTRY: country,
    FEDERATION_ALLOW_HTTP: 'true',
    FEDERATION_KEY_PATH: keyPath,
    FEDERATION_NEXT_KEY_PATH: nextKeyPath,
  };
  const t = await startTestApp({ port, env, workers: true });
  return { t, origin, env, admin: apiFor(t, t.adminToken), keyPath, nextKeyPath };
}

async function authority(admin: Api, body: Record<string, unknown>): Promise<string> {
  const res = await admin.post('/v1/authorities', body);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** A node of our own making on 127.0.0.1, serving whatever document and key log the test gives it. */
async function fakeNode(): Promise<{
  origin: string;
  serve: (doc: unknown, log: unknown) => void;
  close: () => Promise<void>;
}> {
  let doc: unknown = {};
  let log: unknown = {};
  const server: Server = createServer((req, res) => {
    const body =
      req.url === '/.well-known/coop-node.json'
        ? doc
        : req.url === '/federation/v1/key-log'
          ? log
          : undefined;
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { statusCode: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    serve: (d, l) => {
      doc = d;
      log = l;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A self-consistent node identity for `origin`: inception, and the signed document saying so. */
async function forgeIdentity(origin: string) {
  const key = generateKeyPairSync('ed25519').privateKey;
  const next = generateKeyPairSync('ed25519').privateKey;
  const jwk = publicJwkOf(key);
  const inception = await buildInception({
    node: origin,
    key: jwk,
    signer: key,
    nextKid: publicJwkOf(next).kid,
    createdAt: new Date(),
  });
  const verified = await verifyKeyLog([inception], origin);
  if (!verified.ok) {
    throw new Error(verified.reason);
  }
  const state = verified.state;
  const document = await signNodeDocument(
    {
      v: 1,
      origin,
      country: 'FRA',
      authorities: [
        { code: 'FRA-MJ-CA', name: 'Ministère de la Justice', kind: 'central', languages: ['fr'] },
      ],
      keys: [jwk],
      nextKeyDigest: state.nextKeyDigest,
      keyLog: { fingerprint: state.fingerprint, seq: 0, head: eventDigest(bodyOf(inception)) },
      endpoints: endpointsOf(origin),
      issuedAt: new Date().toISOString(),
    },
    key,
    jwk.kid,
  );
  return { document, log: { node: origin, events: [inception] }, state };
}

describe('Federation foundation: two nodes, peers pinned with four eyes', () => {
  let dir: string;
  let a: Node;
  let b: Node;
  /** A's second and third stored admins (the bootstrap ADMIN_TOKEN is its first). */
  let admin2: Api;
  let admin3: Api;
  let admin2Id: string;
  let aOfficer: Api;
  let aAuthorityId: string;
  let bFingerprint: string;
  let peerId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coop-federation-'));
    a = await startNode(dir, 'a', 'VNM');
    b = await startNode(dir, 'b', 'AUT');
    const second = await a.t.app.get(AuthoritiesService).createAdmin('Second admin of A');
    admin2Id = second.id;
    admin2 = apiFor(a.t, second.token);
    admin3 = apiFor(a.t, (await a.t.app.get(AuthoritiesService).createAdmin('Third admin of A')).token);

    aAuthorityId = await authority(a.admin, {
      code: 'VNM-MPS-CA',
      name: 'Ministry of Public Security',
      country: 'VNM',
      kind: 'central',
      languages: ['vi', 'en'],
    });
    const officer = await a.admin.post(`/v1/authorities/${aAuthorityId}/users`, {
      name: 'VNM officer',
      roles: ['officer'],
    });
    aOfficer = apiFor(a.t, officer.body.token as string);

    await authority(b.admin, {
      code: 'AUT-BMJ-CA',
      name: 'Federal Ministry of Justice',
      country: 'AUT',
      kind: 'central',
      languages: ['de', 'en'],
    });
    await authority(b.admin, {
      code: 'AUT-BK-24-7',
      name: 'Criminal Intelligence Service, 24/7 point of contact',
      country: 'AUT',
      kind: 'contact-24-7',
      languages: ['de', 'en'],
    });
    // Hosted on B but of another State: B's node document (a node of AUT) does not list it.
    await authority(b.admin, {
      code: 'GHA-OAG-CA',
      name: 'Office of the Attorney General',
      country: 'GHA',
      kind: 'central',
      languages: ['en'],
    });
  });

  afterAll(async () => {
    await a?.t.close();
    await b?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should create each node its signing key and its pre-committed next key, mode 0600, on first start', () => {
    for (const node of [a, b]) {
      for (const path of [node.keyPath, node.nextKeyPath]) {
        expect(statSync(path).mode & 0o777).toBe(0o600);
      }
      expect(publicJwkOf(readKeyFile(node.keyPath)!).kid).not.toBe(
        publicJwkOf(readKeyFile(node.nextKeyPath)!).kid,
      );
    }
  });

  it("should serve to anyone B's node document, signed by its current key, with only its own State's authorities", async () => {
    const anon = apiFor(b.t, null);
    const res = await anon.get('/.well-known/coop-node.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(await verifyNodeDocument(doc, b.origin)).toMatchObject({ ok: true });
    expect(doc).toMatchObject({
      v: 1,
      origin: b.origin,
      country: 'AUT',
      endpoints: {
        inbox: `${b.origin}/federation/v1/inbox`,
        keyLog: `${b.origin}/federation/v1/key-log`,
        cases: `${b.origin}/federation/v1/cases/{caseId}/events`,
        blobs: `${b.origin}/federation/v1/blobs/sha256/{hex}`,
      },
    });
    // Each with its id on B: a remote authority has the same id on every node (requests name it by it).
    expect(doc.authorities).toEqual([
      {
        id: expect.any(String),
        code: 'AUT-BK-24-7',
        name: 'Criminal Intelligence Service, 24/7 point of contact',
        kind: 'contact-24-7',
        languages: ['de', 'en'],
      },
      {
        id: expect.any(String),
        code: 'AUT-BMJ-CA',
        name: 'Federal Ministry of Justice',
        kind: 'central',
        languages: ['de', 'en'],
      },
    ]);
    const current = publicJwkOf(readKeyFile(b.keyPath)!);
    expect(doc.keys).toEqual([current]);
    expect(doc.nextKeyDigest).toBe(keyCommitment(publicJwkOf(readKeyFile(b.nextKeyPath)!).kid));

    const log = await anon.get('/federation/v1/key-log');
    expect(log.status).toBe(200);
    expect(log.body.events).toHaveLength(1);
    expect(log.body.events[0]).toMatchObject({ seq: 0, type: 'inception', key: current });
    const verified = await verifyKeyLog(log.body.events, b.origin);
    expect(verified).toMatchObject({ ok: true, state: { seq: 0, fingerprint: doc.keyLog.fingerprint } });
    bFingerprint = doc.keyLog.fingerprint as string;
  });

  it('should keep the federation routes to admins, and refuse anonymous calls', async () => {
    expect((await aOfficer.get('/v1/federation/peers')).status).toBe(403);
    expect((await aOfficer.post('/v1/federation/peers', { origin: b.origin })).status).toBe(403);
    expect((await apiFor(a.t, null).get('/v1/federation/peers')).status).toBe(401);
    expect((await a.admin.get('/v1/federation/peers')).body).toEqual([]);
  });

  it('should add B on A as PENDING_CONFIRMATION, showing its fingerprint, and trust nothing of it yet', async () => {
    const res = await a.admin.post('/v1/federation/peers', { origin: `${b.origin}/` });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      origin: b.origin,
      country: 'AUT',
      status: 'PENDING_CONFIRMATION',
      fingerprint: formatFingerprint(bFingerprint),
      keyLogSeq: 0,
      addedBy: { id: BOOTSTRAP_ADMIN_ID, name: 'bootstrap admin' },
      confirmedBy: null,
      confirmedAt: null,
      delivery: {
        queueDepth: 0,
        lastSuccessAt: null,
        lastFailureAt: null,
        failures: 0,
        breakerState: 'closed',
      },
    });
    expect(res.body.fingerprint).toMatch(GROUPED);
    expect(res.body.authorities.map((x: { code: string }) => x.code)).toEqual(['AUT-BK-24-7', 'AUT-BMJ-CA']);
    peerId = res.body.id as string;
    // Trust on first use is refused: B's authorities are not in A's directory before confirmation.
    const directory = await aOfficer.get('/v1/authorities');
    expect(directory.body.map((x: { code: string }) => x.code)).toEqual(['VNM-MPS-CA']);
    expect(directory.body[0]).toMatchObject({ remote: false, node: null });
  });

  it('should not let the admin who added B confirm it, even with the right fingerprint', async () => {
    const res = await a.admin.post(`/v1/federation/peers/${peerId}/confirm`, {
      fingerprint: formatFingerprint(bFingerprint),
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FOUR_EYES_REQUIRED');
    expect(errorBodyProblems(res)).toEqual([]);
    const [peer] = (await a.admin.get('/v1/federation/peers')).body;
    expect(peer).toMatchObject({ status: 'PENDING_CONFIRMATION', confirmedBy: null });
  });

  it('should refuse a wrong or malformed fingerprint from a second admin, naming the field, changing nothing', async () => {
    const events = async () =>
      (await a.t.db.query('SELECT count(*)::int AS n FROM federation_peer_events')).rows[0].n;
    const before = await events();
    const wrong = `${bFingerprint.slice(0, 63)}${bFingerprint.endsWith('0') ? '1' : '0'}`;
    const res = await admin2.post(`/v1/federation/peers/${peerId}/confirm`, {
      fingerprint: formatFingerprint(wrong),
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'FINGERPRINT_MISMATCH', details: [{ field: 'fingerprint' }] });
    const short = await admin2.post(`/v1/federation/peers/${peerId}/confirm`, {
      fingerprint: bFingerprint.slice(0, 60),
    });
    expect(short.status).toBe(400);
    expect(short.body.details.map((d: { field: string }) => d.field)).toEqual(['fingerprint']);
    const unknown = await admin2.post(`/v1/federation/peers/${peerId}/confirm`, {
      fingerprint: bFingerprint,
      trust: true,
    });
    expect(unknown.status).toBe(400);
    expect(
      (
        await admin2.post(`/v1/federation/peers/${'1'.repeat(8)}-1111-4111-8111-111111111111/confirm`, {
          fingerprint: bFingerprint,
        })
      ).status,
    ).toBe(404);
    const [peer] = (await a.admin.get('/v1/federation/peers')).body;
    expect(peer.status).toBe('PENDING_CONFIRMATION');
    expect(await events()).toBe(before);
  });

  it('should pin B once a second admin types the right fingerprint, and list its authorities as remote', async () => {
    // Typed from a note verbale: lower case, no spaces.
    const res = await admin2.post(`/v1/federation/peers/${peerId}/confirm`, {
      fingerprint: bFingerprint.toLowerCase(),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'PINNED',
      addedBy: { id: BOOTSTRAP_ADMIN_ID },
      confirmedBy: { id: admin2Id, name: 'Second admin of A' },
    });
    expect(Date.parse(res.body.confirmedAt)).not.toBeNaN();
    const again = await admin3.post(`/v1/federation/peers/${peerId}/confirm`, { fingerprint: bFingerprint });
    expect(again).toMatchObject({ status: 409, body: { code: 'PEER_NOT_PENDING' } });

    const directory = (await aOfficer.get('/v1/authorities')).body as Record<string, unknown>[];
    const remote = directory.filter((x) => x.remote === true);
    expect(remote.map((x) => [x.code, x.country, x.kind, x.node])).toEqual([
      ['AUT-BK-24-7', 'AUT', 'contact-24-7', b.origin],
      ['AUT-BMJ-CA', 'AUT', 'central', b.origin],
    ]);
    const pinned = (await a.t.db.query('SELECT pinned_head FROM federation_peers WHERE id = $1', [peerId]))
      .rows[0].pinned_head as KeyState;
    expect(pinned).toMatchObject({ node: b.origin, seq: 0, fingerprint: bFingerprint });
  });

  it("should send an MLA request to a remote authority, draft a preservation to B's 24/7 point, and keep B's users B's", async () => {
    const directory = (await aOfficer.get('/v1/authorities')).body as { id: string; code: string }[];
    const bCentral = directory.find((x) => x.code === 'AUT-BMJ-CA')!.id;
    const bContact = directory.find((x) => x.code === 'AUT-BK-24-7')!.id;
    const draft = await aOfficer.post('/v1/requests', mlaBody(bCentral));
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({
      status: 'DRAFT',
      requestedAuthority: { code: 'AUT-BMJ-CA', country: 'AUT' },
    });
    // MLA crosses nodes (test/e2e/federation-mla.e2e-spec.ts): the request is sent as an envelope and stays
    // SUBMITTED until B's receipt (B has not pinned A here: the envelope waits, retried).
    const submit = await aOfficer.act(draft.body.id as string, 'submit', {}, { 'If-Match': '"1"' });
    expect(submit.status).toBe(200);
    expect(submit.body).toMatchObject({ status: 'SUBMITTED' });
    const sent = await a.t.db.query(
      `SELECT type, status FROM federation_envelopes WHERE request_id = $1 AND direction = 'out'`,
      [draft.body.id],
    );
    expect(sent.rows).toEqual([{ type: 'mla.submit', status: 'pending' }]);
    // Any channel may address a remote authority: a preservation to B's 24/7 point is a draft here (sent
    // across nodes in test/e2e/federation-preservation.e2e-spec.ts).
    const preservation = await aOfficer.post('/v1/requests', preservationBody(bContact));
    expect(preservation.status).toBe(201);
    expect(preservation.body).toMatchObject({
      status: 'DRAFT',
      urgency: 'urgent',
      requestedAuthority: { code: 'AUT-BK-24-7' },
    });
    // B's users are B's business: A cannot create any for a remote authority.
    const user = await a.admin.post(`/v1/authorities/${bCentral}/users`, {
      name: 'Impostor',
      roles: ['officer'],
    });
    expect(user).toMatchObject({ status: 409, body: { code: 'REMOTE_AUTHORITY' } });
  });

  it('should list the peer with who added and confirmed it and its delivery health', async () => {
    const res = await a.admin.get('/v1/federation/peers');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({
      id: peerId,
      status: 'PINNED',
      fingerprint: formatFingerprint(bFingerprint),
      addedBy: { id: BOOTSTRAP_ADMIN_ID },
      confirmedBy: { id: admin2Id },
      suspendedBy: null,
      // The MLA envelope of the test above waits: B has not pinned A, so its inbox refuses it (retried).
      delivery: { queueDepth: 1, lastSuccessAt: null, lastStreamSeqSent: 1, lastStreamSeqReceived: 0 },
    });
    expect(res.body[0].delivery.failures).toEqual(expect.any(Number));
    const dup = await admin3.post('/v1/federation/peers', { origin: b.origin });
    expect(dup).toMatchObject({ status: 409, body: { code: 'PEER_EXISTS' } });
  });

  it('should suspend B, unlisting its authorities but deleting nothing, and resume it', async () => {
    const authorities = async () =>
      (await a.t.db.query('SELECT count(*)::int AS n FROM authorities')).rows[0].n;
    const count = await authorities();
    const suspended = await admin3.post(`/v1/federation/peers/${peerId}/suspend`, {
      reason: 'Key compromise reported',
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'SUSPENDED', suspendedBy: { name: 'Third admin of A' } });
    expect((await aOfficer.get('/v1/authorities')).body.map((x: { code: string }) => x.code)).toEqual([
      'VNM-MPS-CA',
    ]);
    expect(await authorities()).toBe(count);
    // The drafts addressed to it still name their party.
    const drafts = await aOfficer.get('/v1/requests?box=outgoing');
    expect(drafts.body.items.length).toBeGreaterThanOrEqual(2);
    expect((await admin3.post(`/v1/federation/peers/${peerId}/suspend`, {})).body.code).toBe(
      'PEER_ALREADY_SUSPENDED',
    );
    const resumed = await a.admin.post(`/v1/federation/peers/${peerId}/resume`);
    expect(resumed).toMatchObject({
      status: 200,
      body: { status: 'PINNED', suspendedBy: null, confirmedBy: { id: admin2Id } },
    });
    expect((await aOfficer.get('/v1/authorities')).body).toHaveLength(3);
    expect((await a.admin.post(`/v1/federation/peers/${peerId}/resume`)).body.code).toBe(
      'PEER_NOT_SUSPENDED',
    );
  });

  it('should keep every peer change in a hash-chained trail', async () => {
    const { rows } = await a.t.db.query(
      `SELECT peer_id AS "peerId", seq, action, from_status AS "fromStatus", to_status AS "toStatus",
              actor_user_id AS "actorUserId", actor_name AS "actorName", details, occurred_at AS "occurredAt",
              prev_hash AS "prevHash", hash
         FROM federation_peer_events WHERE peer_id = $1 ORDER BY seq`,
      [peerId],
    );
    expect(rows.map((r) => [r.action, r.fromStatus, r.toStatus, r.actorUserId])).toEqual([
      ['add', null, 'PENDING_CONFIRMATION', BOOTSTRAP_ADMIN_ID],
      ['confirm', 'PENDING_CONFIRMATION', 'PINNED', admin2Id],
      ['suspend', 'PINNED', 'SUSPENDED', expect.any(String)],
      ['resume', 'SUSPENDED', 'PINNED', BOOTSTRAP_ADMIN_ID],
    ]);
    let prev: string | null = null;
    for (const r of rows) {
      expect(r.prevHash).toBe(prev);
      const { hash, ...fields } = r;
      expect(peerEventHash(fields)).toBe(hash);
      prev = hash;
    }
    expect(rows[1].details).toMatchObject({ fingerprint: formatFingerprint(bFingerprint), keyLogSeq: 0 });
    // Append-only for the application's role.
    await expect(
      a.t.db.query('SET ROLE coop_app; UPDATE federation_peer_events SET actor_name = $$x$$'),
    ).rejects.toThrow();
    await a.t.db.query('RESET ROLE');
  });

  it('should refuse a node document whose signature does not match, storing nothing', async () => {
    const fake = await fakeNode();
    try {
      const forged = await forgeIdentity(fake.origin);
      // One field changed after signing (untouched, the same document is accepted at the end).
      const tampered = {
        ...forged.document,
        authorities: [{ ...forged.document.authorities[0], name: 'Someone else' }],
      };
      fake.serve(tampered, forged.log);
      const res = await a.admin.post('/v1/federation/peers', { origin: fake.origin });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'PEER_DOCUMENT_INVALID', details: [{ field: 'origin' }] });
      expect(res.body.details[0].messages.join(' ')).toMatch(/signature does not verify/);

      // Signed correctly by a key that its key log does not establish (a log of another inception).
      const other = await forgeIdentity(fake.origin);
      fake.serve(forged.document, other.log);
      const mismatch = await a.admin.post('/v1/federation/peers', { origin: fake.origin });
      expect(mismatch).toMatchObject({ status: 400, body: { code: 'PEER_DOCUMENT_INVALID' } });

      // A document that speaks for another origin than the one it is served from.
      fake.serve((await forgeIdentity('http://127.0.0.1:1')).document, forged.log);
      expect((await a.admin.post('/v1/federation/peers', { origin: fake.origin })).body.code).toBe(
        'PEER_DOCUMENT_INVALID',
      );

      fake.serve(forged.document, forged.log);
      const accepted = await a.admin.post('/v1/federation/peers', { origin: fake.origin });
      expect(accepted).toMatchObject({
        status: 201,
        body: { status: 'PENDING_CONFIRMATION', fingerprint: formatFingerprint(forged.state.fingerprint) },
      });
      const { rows } = await a.t.db.query('SELECT origin FROM federation_peers ORDER BY added_at');
      expect(rows.map((r) => r.origin)).toEqual([b.origin, fake.origin]);
      // Added again while pending, by another admin: fetched anew, and that admin may no longer confirm it.
      const refetched = await admin2.post('/v1/federation/peers', { origin: fake.origin });
      expect(refetched).toMatchObject({
        status: 201,
        body: { id: accepted.body.id, addedBy: { id: admin2Id } },
      });
      const typed = { fingerprint: forged.state.fingerprint };
      const byAdder = await admin2.post(`/v1/federation/peers/${accepted.body.id}/confirm`, typed);
      expect(byAdder.body.code).toBe('FOUR_EYES_REQUIRED');
      const byOther = await a.admin.post(`/v1/federation/peers/${accepted.body.id}/confirm`, typed);
      expect(byOther).toMatchObject({
        status: 200,
        body: { status: 'PINNED', confirmedBy: { id: BOOTSTRAP_ADMIN_ID } },
      });
      const trail = await a.t.db.query(
        'SELECT action FROM federation_peer_events WHERE peer_id = $1 ORDER BY seq',
        [accepted.body.id],
      );
      expect(trail.rows.map((r) => r.action)).toEqual(['add', 'refetch', 'confirm']);
    } finally {
      await fake.close();
    }
  });

  it('should refuse an unreachable peer, a malformed origin and its own origin', async () => {
    const closed = await freePort();
    const unreachable = await a.admin.post('/v1/federation/peers', { origin: `http://127.0.0.1:${closed}` });
    expect(unreachable).toMatchObject({
      status: 400,
      body: { code: 'PEER_UNREACHABLE', details: [{ field: 'origin' }] },
    });
    for (const origin of ['ftp://127.0.0.1', 'http://127.0.0.1:1/path', 'not a url', a.origin]) {
      const res = await a.admin.post('/v1/federation/peers', { origin });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('origin');
    }
  });

  it('should rotate B through its key log (CLI): A accepts it as a continuation of the pinned head', async () => {
    const before = (await apiFor(b.t, null).get('/.well-known/coop-node.json')).body;
    const committedNext = publicJwkOf(readKeyFile(b.nextKeyPath)!);
    Object.assign(process.env, b.env, { DATABASE_URL: b.t.dbUrl });
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['rotate-federation-key'], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    expect({ code, err: code === 0 ? [] : err }).toEqual({ code: 0, err: [] });
    const printed = JSON.parse(out.join('\n'));
    expect(printed).toMatchObject({
      keyLogSeq: 1,
      previousKeyId: before.keys[0].kid,
      keyId: committedNext.kid,
    });
    // The committed next key is now the current one, a new next key waits; files still 0600.
    expect(publicJwkOf(readKeyFile(b.keyPath)!).kid).toBe(committedNext.kid);
    expect(statSync(b.nextKeyPath).mode & 0o777).toBe(0o600);

    const after = await apiFor(b.t, null).get('/.well-known/coop-node.json');
    expect(after.body.keys).toEqual([committedNext]);
    expect(after.body.keyLog).toMatchObject({ seq: 1, fingerprint: bFingerprint });
    expect(await verifyNodeDocument(after.body, b.origin)).toMatchObject({ ok: true });
    const log = (await apiFor(b.t, null).get('/federation/v1/key-log')).body;
    expect(log.events.map((e: { type: string }) => e.type)).toEqual(['inception', 'rotation']);
    const pinned = (await a.t.db.query('SELECT pinned_head FROM federation_peers WHERE id = $1', [peerId]))
      .rows[0].pinned_head as KeyState;
    const continued = await verifyKeyLogContinuation(pinned, log.events);
    expect(continued).toMatchObject({
      ok: true,
      state: { seq: 1, currentKey: committedNext, fingerprint: bFingerprint },
    });
    // A's own origin and document were never affected by B's start or rotation.
    const aDoc = (await apiFor(a.t, null).get('/.well-known/coop-node.json')).body;
    expect(aDoc).toMatchObject({ origin: a.origin, country: 'VNM', keyLog: { seq: 0 } });
    expect(aDoc.authorities.map((x: { code: string }) => x.code)).toEqual(['VNM-MPS-CA']);
  });
});
