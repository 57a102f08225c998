import supertest from 'supertest';
import { createServer, type Server } from 'node:http';
import { Api, type ApiResponse } from '../support/api';
import { extraditionBody } from '../support/extradition';
import { MLA_USER_ACTIONS, mlaBody, type Parties, seedParties } from '../support/parties';
import {
  dbRequest,
  dbSnapshot,
  errorBodyProblems,
  randomId,
  requestInStatus,
  unknownToken,
} from '../support/state';
import { MATRIX_ROUTES, routeOf } from '../support/routes';
import { startTestApp, type TestApp } from '../support/test-app';

type PartyKey = 'vnm' | 'aut' | 'gha';
type Role = 'officer' | 'approver' | 'auditor';
const ROLES: Role[] = ['officer', 'approver', 'auditor'];
const PARTIES: PartyKey[] = ['vnm', 'aut', 'gha'];

/** Someone calling the API: anonymous or broken credentials, the operator admin, or a party's user. */
interface Caller {
  key: string;
  api: Api;
  headers?: Record<string, string>;
  admin?: boolean;
  party?: PartyKey;
  role?: Role;
}

/** Expected status per caller: admin, then officer/approver/auditor of VNM (requesting), AUT (requested), GHA. */
interface Row {
  admin: number;
  vnm: [number, number, number];
  aut: [number, number, number];
  gha: [number, number, number];
  /** Anonymous, malformed, unknown and revoked credentials. */
  anonymous?: number;
}

function expected(row: Row, c: Caller): number {
  if (c.party && c.role) {
    return row[c.party][ROLES.indexOf(c.role)];
  }
  return c.admin ? row.admin : (row.anonymous ?? 401);
}

const all = (status: number): [number, number, number] => [status, status, status];

/** VNM's four-eyes policy in the matrix. */
const FOUR_EYES_RULES = [
  { channel: 'extradition', action: 'submit-formal-request', confirmerRole: 'approver' },
];

interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: () => string;
  /** The same route with an id that does not exist: a non-party's 404 must be identical. */
  missingPath?: () => string;
  body?: (c: Caller) => unknown;
  /** A 2xx on this route legitimately changes the database. */
  mutating?: boolean;
  row: Row;
}

const comparable = (res: ApiResponse): unknown => ({
  status: res.status,
  statusCode: res.body?.statusCode,
  error: res.body?.error,
  message: res.body?.message,
  code: res.body?.code,
  details: res.body?.details,
});

/** Calls a route as a caller; returns the problems found (wrong status, bad error body, DB changed). */
async function check(t: TestApp, route: RouteCase, c: Caller): Promise<string[]> {
  const problems: string[] = [];
  const want = expected(route.row, c);
  const before = await dbSnapshot(t);
  const res = await c.api.send(route.method, route.path(), route.body ? route.body(c) : undefined, c.headers);
  const label = `${route.method} ${route.name} as ${c.key}`;
  if (res.status !== want) {
    problems.push(`${label}: got ${res.status} ${JSON.stringify(res.body?.code ?? '')}, expected ${want}`);
  }
  if (res.status >= 400) {
    problems.push(...errorBodyProblems(res).map((p) => `${label}: ${p}`));
    const expectedCode = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }[res.status];
    if (expectedCode && res.body?.code !== expectedCode) {
      problems.push(`${label}: code ${res.body?.code} instead of ${expectedCode}`);
    }
  }
  if (res.status >= 400 || !route.mutating) {
    const after = await dbSnapshot(t);
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      problems.push(`${label}: the database changed (${JSON.stringify(before)} -> ${JSON.stringify(after)})`);
    }
  }
  if (res.status === 404 && route.missingPath) {
    const missing = await c.api.send(
      route.method,
      route.missingPath(),
      route.body ? route.body(c) : undefined,
      c.headers,
    );
    if (JSON.stringify(comparable(missing)) !== JSON.stringify(comparable(res))) {
      problems.push(
        `${label}: 404 differs from a missing id: ${JSON.stringify(comparable(res))} vs ${JSON.stringify(comparable(missing))}`,
      );
    }
  }
  return problems;
}

describe('Access control: every route, every caller', () => {
  let t: TestApp;
  let p: Parties;
  let callers: Caller[];
  /** VNM -> AUT, delivered (RECEIVED). */
  let received: string;
  /** VNM -> AUT, another delivered one that AUT's officer acknowledges in the matrix. */
  let toAcknowledge: string;
  /** VNM -> AUT, still a DRAFT: AUT must not see it. */
  let draft: string;
  /** A GHA user whose tokens the admin issues and revokes in the matrix. */
  let tokenTarget: string;
  let authoritySeq = 0;
  /** VNM -> AUT, delivered, with a document VNM attached. */
  let withDocument: string;
  let attachmentId: string;
  /** VNM -> AUT, delivered, with a document AUT sent, its condition accepted, a consent granted. */
  let conditioned: string;
  let autDocument: string;
  let conditionId: string;
  let consentId: string;
  /** VNM -> AUT, delivered, without documents: the parties attach conditions to it in the matrix. */
  let toCondition: string;
  /** VNM -> AUT, delivered, with two documents AUT sent: VNM reviews one and deletes the other in the matrix. */
  let retained: string;
  let toReview: string;
  let toDelete: string;
  /** A webhook of VNM's, and a local receiver that accepts every delivery at once. */
  let vnmWebhook: string;
  let sink: Server;
  let sinkUrl: string;
  /** VNM extradition drafts under VNM's four-eyes policy: one to prepare in the matrix, one prepared. */
  let toPrepare: string;
  let prepared: string;
  /** A preparation on `prepared`, withdrawn: confirming or withdrawing it again is refused (409). */
  let closedPreparation: string;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
    sink = createServer((req, res) => {
      req.resume();
      res.end('ok');
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sinkUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}/hooks`;
    const hook = await p.vnm.officer.post('/v1/webhooks', { url: sinkUrl });
    expect(hook.status).toBe(201);
    vnmWebhook = hook.body.id as string;
    received = await requestInStatus(p, 'RECEIVED');
    withDocument = await requestInStatus(p, 'RECEIVED');
    const doc = await supertest(t.baseUrl)
      .post(`/v1/requests/${withDocument}/attachments`)
      .set('Authorization', `Bearer ${p.vnm.officer.token}`)
      .field('kind', 'evidence')
      .attach('file', Buffer.from('matrix document'), { filename: 'doc.txt', contentType: 'text/plain' });
    expect(doc.status).toBe(201);
    attachmentId = doc.body.id as string;
    toAcknowledge = await requestInStatus(p, 'RECEIVED');
    draft = await requestInStatus(p, 'DRAFT');
    toCondition = await requestInStatus(p, 'RECEIVED');
    retained = await requestInStatus(p, 'RECEIVED');
    const retainedDocs: string[] = [];
    for (const name of ['review.txt', 'delete.txt']) {
      const up = await supertest(t.baseUrl)
        .post(`/v1/requests/${retained}/attachments`)
        .set('Authorization', `Bearer ${p.aut.officer.token}`)
        .field('kind', 'evidence')
        .attach('file', Buffer.from(`matrix ${name}`), { filename: name, contentType: 'text/plain' });
      expect(up.status).toBe(201);
      retainedDocs.push(up.body.id as string);
    }
    [toReview, toDelete] = retainedDocs;
    conditioned = await requestInStatus(p, 'RECEIVED');
    const autDoc = await supertest(t.baseUrl)
      .post(`/v1/requests/${conditioned}/attachments`)
      .set('Authorization', `Bearer ${p.aut.officer.token}`)
      .field('kind', 'evidence')
      .attach('file', Buffer.from('matrix results'), { filename: 'r.txt', contentType: 'text/plain' });
    expect(autDoc.status).toBe(201);
    autDocument = autDoc.body.id as string;
    const condition = await p.aut.officer.post(`/v1/requests/${conditioned}/conditions`, {
      type: 'USE_LIMIT',
      text: 'Only for the named proceedings',
    });
    conditionId = condition.body.id as string;
    expect(
      (await p.vnm.officer.post(`/v1/requests/${conditioned}/conditions/${conditionId}/accept`)).status,
    ).toBe(200);
    const consent = await p.vnm.officer.post(`/v1/requests/${conditioned}/consents`, {
      kind: 'onward-transfer',
      recipient: 'INTERPOL',
      purpose: 'Matrix',
      items: [autDocument],
    });
    consentId = consent.body.id as string;
    expect(
      (await p.aut.approver.post(`/v1/requests/${conditioned}/consents/${consentId}/grant`, {})).status,
    ).toBe(200);

    // Four eyes: VNM's policy names the formal extradition request (no MLA action, which the matrix takes).
    const policy = await p.admin.send('PUT', '/v1/states/VNM/four-eyes', { rules: FOUR_EYES_RULES });
    expect(policy.status).toBe(200);
    toPrepare = (await p.vnm.officer.post('/v1/requests', extraditionBody(p.aut.authorityId))).body
      .id as string;
    prepared = (await p.vnm.officer.post('/v1/requests', extraditionBody(p.aut.authorityId))).body
      .id as string;
    const preparation = await p.vnm.officer.post(`/v1/requests/${prepared}/preparations`, {
      action: 'submit-formal-request',
    });
    expect(preparation.status).toBe(201);
    closedPreparation = preparation.body.id as string;
    expect((await p.vnm.officer.post(`/v1/preparations/${closedPreparation}/withdraw`, {})).status).toBe(200);

    // A VNM user holding every role whose token is revoked: revocation is the only reason to refuse it.
    const revokedUser = await p.admin.post(`/v1/authorities/${p.vnm.authorityId}/users`, {
      name: 'VNM former officer',
      roles: ['officer', 'approver', 'auditor'],
    });
    const revoked = new Api(t.baseUrl, revokedUser.body.token as string);
    expect((await revoked.get(`/v1/requests/${received}`)).status).toBe(200);
    const revocation = await p.admin.send('DELETE', `/v1/users/${revokedUser.body.id}/tokens`);
    expect(revocation.body).toEqual({ revoked: 1 });

    const target = await p.admin.post(`/v1/authorities/${p.gha.authorityId}/users`, {
      name: 'GHA token target',
      roles: ['officer'],
    });
    tokenTarget = target.body.id as string;

    const anon = new Api(t.baseUrl, null);
    const realToken = p.vnm.officer.token as string;
    callers = [
      { key: 'no token', api: anon },
      { key: 'Basic scheme', api: anon, headers: { Authorization: 'Basic dXNlcjpwYXNzd29yZA==' } },
      { key: 'Bearer without a token', api: anon, headers: { Authorization: 'Bearer' } },
      {
        key: 'a real token under another scheme',
        api: anon,
        headers: { Authorization: `Token ${realToken}` },
      },
      {
        key: 'a real token with trailing junk',
        api: anon,
        headers: { Authorization: `Bearer ${realToken} x` },
      },
      { key: 'a too short token', api: anon, headers: { Authorization: 'Bearer abc' } },
      { key: 'an unknown token', api: new Api(t.baseUrl, unknownToken()) },
      { key: 'a revoked token', api: revoked },
      { key: 'admin', api: p.admin, admin: true },
      ...PARTIES.flatMap((party) =>
        ROLES.map((role) => ({ key: `${party}.${role}`, api: p[party][role], party, role })),
      ),
    ];
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => sink.close(resolve));
  });

  const routes: RouteCase[] = [
    {
      name: '/v1/authorities',
      method: 'POST',
      path: () => '/v1/authorities',
      body: () => ({
        code: `TST-${++authoritySeq}-CA`,
        name: 'Test authority',
        country: 'FRA',
        kind: 'central',
        languages: ['fr'],
      }),
      mutating: true,
      row: { admin: 201, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/authorities',
      method: 'GET',
      path: () => '/v1/authorities',
      row: { admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/v1/authorities/:id/users',
      method: 'POST',
      path: () => `/v1/authorities/${p.gha.authorityId}/users`,
      body: () => ({ name: 'New GHA auditor', roles: ['auditor'] }),
      mutating: true,
      row: { admin: 201, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/authorities/:id/users',
      method: 'GET',
      path: () => `/v1/authorities/${p.gha.authorityId}/users`,
      missingPath: () => `/v1/authorities/${randomId()}/users`,
      row: { admin: 200, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/users/:id/tokens',
      method: 'POST',
      path: () => `/v1/users/${tokenTarget}/tokens`,
      mutating: true,
      row: { admin: 201, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/users/:id/tokens',
      method: 'DELETE',
      path: () => `/v1/users/${tokenTarget}/tokens`,
      mutating: true,
      row: { admin: 200, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/requests',
      method: 'POST',
      path: () => '/v1/requests',
      // Each officer drafts to another State: VNM -> AUT, AUT -> GHA, GHA -> VNM.
      body: (c) => {
        const to = { vnm: p.aut, aut: p.gha, gha: p.vnm }[c.party ?? 'vnm'];
        return mlaBody(to.authorityId);
      },
      mutating: true,
      row: { admin: 403, vnm: [201, 403, 403], aut: [201, 403, 403], gha: [201, 403, 403] },
    },
    {
      name: '/v1/requests?box=outgoing',
      method: 'GET',
      path: () => '/v1/requests?box=outgoing',
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/v1/requests?box=incoming',
      method: 'GET',
      path: () => '/v1/requests?box=incoming',
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/v1/requests/:id (delivered)',
      method: 'GET',
      path: () => `/v1/requests/${received}`,
      missingPath: () => `/v1/requests/${randomId()}`,
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(404) },
    },
    {
      name: '/v1/requests/:id (draft)',
      method: 'GET',
      path: () => `/v1/requests/${draft}`,
      missingPath: () => `/v1/requests/${randomId()}`,
      row: { admin: 403, vnm: all(200), aut: all(404), gha: all(404) },
    },
    {
      name: '/v1/requests/:id (draft)',
      method: 'PATCH',
      path: () => `/v1/requests/${draft}`,
      missingPath: () => `/v1/requests/${randomId()}`,
      body: () => ({ subject: 'Ransomware attack on a hospital network (amended)' }),
      mutating: true,
      row: { admin: 403, vnm: [200, 403, 403], aut: [404, 403, 403], gha: [404, 403, 403] },
    },
    {
      name: '/v1/requests/:id (delivered)',
      method: 'PATCH',
      path: () => `/v1/requests/${received}`,
      missingPath: () => `/v1/requests/${randomId()}`,
      body: () => ({ subject: 'Changed after submission' }),
      mutating: true,
      row: { admin: 403, vnm: [409, 403, 403], aut: [403, 403, 403], gha: [404, 403, 403] },
    },
    {
      name: '/v1/requests/:id/actions/acknowledge (delivered)',
      method: 'POST',
      path: () => `/v1/requests/${toAcknowledge}/actions/acknowledge`,
      missingPath: () => `/v1/requests/${randomId()}/actions/acknowledge`,
      body: () => ({}),
      mutating: true,
      row: { admin: 403, vnm: all(403), aut: [200, 403, 403], gha: [404, 404, 403] },
    },
    {
      name: '/v1/requests/:id/history (delivered)',
      method: 'GET',
      path: () => `/v1/requests/${received}/history`,
      missingPath: () => `/v1/requests/${randomId()}/history`,
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(404) },
    },
    {
      name: '/v1/requests/:id/history (draft)',
      method: 'GET',
      path: () => `/v1/requests/${draft}/history`,
      missingPath: () => `/v1/requests/${randomId()}/history`,
      row: { admin: 403, vnm: all(200), aut: all(404), gha: all(404) },
    },
    {
      name: '/v1/audit/events',
      method: 'GET',
      path: () => '/v1/audit/events',
      row: { admin: 403, vnm: [403, 403, 200], aut: [403, 403, 200], gha: [403, 403, 200] },
    },
    {
      name: '/v1/audit/verify (delivered)',
      method: 'GET',
      path: () => `/v1/audit/verify?requestId=${received}`,
      missingPath: () => `/v1/audit/verify?requestId=${randomId()}`,
      row: { admin: 403, vnm: [403, 403, 200], aut: [403, 403, 200], gha: [403, 403, 404] },
    },
    {
      name: '/v1/audit/verify (draft)',
      method: 'GET',
      path: () => `/v1/audit/verify?requestId=${draft}`,
      missingPath: () => `/v1/audit/verify?requestId=${randomId()}`,
      row: { admin: 403, vnm: [403, 403, 200], aut: [403, 403, 404], gha: [403, 403, 404] },
    },
    {
      name: '/v1/audit/verify (the whole log)',
      method: 'GET',
      path: () => '/v1/audit/verify',
      row: { admin: 200, vnm: [403, 403, 200], aut: [403, 403, 200], gha: [403, 403, 200] },
    },
    {
      name: '/v1/audit/checkpoints',
      method: 'GET',
      path: () => '/v1/audit/checkpoints',
      row: { admin: 200, vnm: [403, 403, 200], aut: [403, 403, 200], gha: [403, 403, 200] },
    },
    {
      // Writes only to audit_checkpoints, outside the snapshot: nothing of the cases changes.
      name: '/v1/audit/checkpoints',
      method: 'POST',
      path: () => '/v1/audit/checkpoints',
      row: { admin: 200, vnm: [403, 403, 200], aut: [403, 403, 200], gha: [403, 403, 200] },
    },
    {
      // One checkpoint with its cosignatures (none: not a node); no checkpoint has this seq.
      name: '/v1/audit/checkpoints/:seq',
      method: 'GET',
      path: () => '/v1/audit/checkpoints/999999',
      row: { admin: 404, vnm: [403, 403, 404], aut: [403, 403, 404], gha: [403, 403, 404] },
    },
    {
      name: '/v1/audit/export (delivered)',
      method: 'GET',
      path: () => `/v1/audit/export?requestId=${received}`,
      missingPath: () => `/v1/audit/export?requestId=${randomId()}`,
      row: { admin: 403, vnm: [403, 403, 200], aut: [403, 403, 200], gha: [403, 403, 404] },
    },
    {
      name: '/v1/audit/export (draft)',
      method: 'GET',
      path: () => `/v1/audit/export?requestId=${draft}`,
      missingPath: () => `/v1/audit/export?requestId=${randomId()}`,
      row: { admin: 403, vnm: [403, 403, 200], aut: [403, 403, 404], gha: [403, 403, 404] },
    },
    {
      name: '/v1/audit/access-log',
      method: 'GET',
      path: () => '/v1/audit/access-log',
      row: { admin: 403, vnm: [403, 403, 200], aut: [403, 403, 200], gha: [403, 403, 200] },
    },
    {
      name: '/v1/audit/retention',
      method: 'GET',
      path: () => '/v1/audit/retention?due=review',
      row: { admin: 403, vnm: [403, 403, 200], aut: [403, 403, 200], gha: [403, 403, 200] },
    },
    {
      name: '/v1/audit/stats',
      method: 'GET',
      path: () => '/v1/audit/stats',
      row: { admin: 403, vnm: [403, 403, 200], aut: [403, 403, 200], gha: [403, 403, 200] },
    },
    {
      name: '/v1/workflows',
      method: 'GET',
      path: () => '/v1/workflows',
      row: { admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    // Federation (test/e2e/federation-peers.e2e-spec.ts runs two real nodes). This app has no NODE_ORIGIN:
    // it is not a node, so the public documents are 404 to everyone, and the admin routes are 404 to admins
    // (after the role check) before anything is fetched.
    {
      name: '/.well-known/coop-node.json (not a node)',
      method: 'GET',
      path: () => '/.well-known/coop-node.json',
      row: { anonymous: 404, admin: 404, vnm: all(404), aut: all(404), gha: all(404) },
    },
    {
      name: '/federation/v1/key-log (not a node)',
      method: 'GET',
      path: () => '/federation/v1/key-log',
      row: { anonymous: 404, admin: 404, vnm: all(404), aut: all(404), gha: all(404) },
    },
    {
      name: '/federation/v1/declarations (not a node)',
      method: 'GET',
      path: () => '/federation/v1/declarations',
      row: { anonymous: 404, admin: 404, vnm: all(404), aut: all(404), gha: all(404) },
    },
    {
      name: '/federation/v1/inbox (not a node)',
      method: 'POST',
      path: () => '/federation/v1/inbox',
      body: () => ({}),
      row: { anonymous: 404, admin: 404, vnm: all(404), aut: all(404), gha: all(404) },
    },
    {
      name: '/federation/v1/cases/:caseId/events (not a node)',
      method: 'GET',
      path: () => `/federation/v1/cases/${randomId()}/events?after=0`,
      row: { anonymous: 404, admin: 404, vnm: all(404), aut: all(404), gha: all(404) },
    },
    {
      name: '/federation/v1/blobs/sha256/:hex (not a node)',
      method: 'GET',
      path: () => `/federation/v1/blobs/sha256/${'0'.repeat(64)}`,
      row: { anonymous: 404, admin: 404, vnm: all(404), aut: all(404), gha: all(404) },
    },
    {
      name: '/v1/federation/peers (not a node)',
      method: 'GET',
      path: () => '/v1/federation/peers',
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/peers (not a node)',
      method: 'POST',
      path: () => '/v1/federation/peers',
      body: () => ({ origin: 'https://coop.moj.example' }),
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/peers/:id/confirm (not a node)',
      method: 'POST',
      path: () => `/v1/federation/peers/${randomId()}/confirm`,
      body: () => ({ fingerprint: 'ab'.repeat(32) }),
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/peers/:id/suspend (not a node)',
      method: 'POST',
      path: () => `/v1/federation/peers/${randomId()}/suspend`,
      body: () => ({}),
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/peers/:id/resume (not a node)',
      method: 'POST',
      path: () => `/v1/federation/peers/${randomId()}/resume`,
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/peers/:id/declarations/import (not a node)',
      method: 'POST',
      path: () => `/v1/federation/peers/${randomId()}/declarations/import`,
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/peers/:id/resend (not a node)',
      method: 'POST',
      path: () => `/v1/federation/peers/${randomId()}/resend`,
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/envelopes/:id/resend (not a node)',
      method: 'POST',
      path: () => `/v1/federation/envelopes/${randomId()}/resend`,
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/alerts (not a node)',
      method: 'GET',
      path: () => '/v1/federation/alerts',
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/alerts/:id/resolve (not a node)',
      method: 'POST',
      path: () => `/v1/federation/alerts/${randomId()}/resolve`,
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/quarantine (not a node)',
      method: 'GET',
      path: () => '/v1/federation/quarantine',
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/federation/quarantine/:requestId/lift (not a node)',
      method: 'POST',
      path: () => `/v1/federation/quarantine/${randomId()}/lift`,
      body: () => ({ reason: 'compared' }),
      row: { admin: 404, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/federation/v1/checkpoints/cosign (not a node)',
      method: 'POST',
      path: () => '/federation/v1/checkpoints/cosign',
      body: () => ({}),
      row: { anonymous: 404, admin: 404, vnm: all(404), aut: all(404), gha: all(404) },
    },
    {
      name: '/v1/federation/checkpoints/cosign (not a node)',
      method: 'POST',
      path: () => '/v1/federation/checkpoints/cosign',
      row: { admin: 404, vnm: [403, 403, 404], aut: [403, 403, 404], gha: [403, 403, 404] },
    },
    {
      name: '/v1/federation/cosignatures (not a node)',
      method: 'GET',
      path: () => '/v1/federation/cosignatures',
      row: { admin: 404, vnm: [403, 403, 404], aut: [403, 403, 404], gha: [403, 403, 404] },
    },
    {
      // Sign-in is public: the body's token is the credential (a bearer header does not sign anyone in).
      name: '/v1/session (unknown token in the body)',
      method: 'POST',
      path: () => '/v1/session',
      body: () => ({ token: `ccr_${'x'.repeat(43)}` }),
      row: { anonymous: 401, admin: 401, vnm: all(401), aut: all(401), gha: all(401) },
    },
    {
      // Without the session cookie there is no session, whatever the bearer token.
      name: '/v1/session (no cookie)',
      method: 'GET',
      path: () => '/v1/session',
      row: { anonymous: 401, admin: 401, vnm: all(401), aut: all(401), gha: all(401) },
    },
    {
      // Signing out without a session ends nothing and is not an error.
      name: '/v1/session (no cookie)',
      method: 'DELETE',
      path: () => '/v1/session',
      row: { anonymous: 204, admin: 204, vnm: all(204), aut: all(204), gha: all(204) },
    },
    {
      name: '/health',
      method: 'GET',
      path: () => '/health',
      row: { anonymous: 200, admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/health/live',
      method: 'GET',
      path: () => '/health/live',
      row: { anonymous: 200, admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/health/ready',
      method: 'GET',
      path: () => '/health/ready',
      row: { anonymous: 200, admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      // Public to the guard, checked by its controller: METRICS_TOKEN or an admin's token.
      name: '/metrics',
      method: 'GET',
      path: () => '/metrics',
      row: { anonymous: 401, admin: 200, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/docs-json',
      method: 'GET',
      path: () => '/docs-json',
      row: { anonymous: 200, admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/docs',
      method: 'GET',
      path: () => '/docs',
      row: { anonymous: 200, admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/docs-yaml',
      method: 'GET',
      path: () => '/docs-yaml',
      row: { anonymous: 200, admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/v1/requests/:id/timers (delivered)',
      method: 'GET',
      path: () => `/v1/requests/${received}/timers`,
      missingPath: () => `/v1/requests/${randomId()}/timers`,
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(404) },
    },
    {
      // Every envelope of the request with its receipts (none here: both parties are on this node).
      name: '/v1/requests/:id/receipts (delivered)',
      method: 'GET',
      path: () => `/v1/requests/${received}/receipts`,
      missingPath: () => `/v1/requests/${randomId()}/receipts`,
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(404) },
    },
    {
      name: '/v1/requests/:id/receipts (draft)',
      method: 'GET',
      path: () => `/v1/requests/${draft}/receipts`,
      missingPath: () => `/v1/requests/${randomId()}/receipts`,
      row: { admin: 403, vnm: all(200), aut: all(404), gha: all(404) },
    },
    {
      name: '/v1/requests/:id/timers (draft)',
      method: 'GET',
      path: () => `/v1/requests/${draft}/timers`,
      missingPath: () => `/v1/requests/${randomId()}/timers`,
      row: { admin: 403, vnm: all(200), aut: all(404), gha: all(404) },
    },
    {
      // JSON, not multipart: parties' officers and approvers get 400; a third State 404 before any reading.
      name: '/v1/requests/:id/attachments (delivered)',
      method: 'POST',
      path: () => `/v1/requests/${withDocument}/attachments`,
      missingPath: () => `/v1/requests/${randomId()}/attachments`,
      body: () => ({ kind: 'evidence' }),
      row: { admin: 403, vnm: [400, 400, 403], aut: [400, 400, 403], gha: [404, 404, 403] },
    },
    {
      name: '/v1/requests/:id/attachments (delivered)',
      method: 'GET',
      path: () => `/v1/requests/${withDocument}/attachments`,
      missingPath: () => `/v1/requests/${randomId()}/attachments`,
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(404) },
    },
    {
      name: '/v1/requests/:id/attachments (draft)',
      method: 'GET',
      path: () => `/v1/requests/${draft}/attachments`,
      missingPath: () => `/v1/requests/${randomId()}/attachments`,
      row: { admin: 403, vnm: all(200), aut: all(404), gha: all(404) },
    },
    {
      name: '/v1/requests/:id/attachments/:attachmentId (delivered)',
      method: 'GET',
      path: () => `/v1/requests/${withDocument}/attachments/${attachmentId}`,
      missingPath: () => `/v1/requests/${randomId()}/attachments/${randomId()}`,
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(404) },
    },
    {
      // The receiving side reviews what it received; the sender its own copy: 403.
      name: '/v1/requests/:id/attachments/:attachmentId/review',
      method: 'POST',
      path: () => `/v1/requests/${retained}/attachments/${toReview}/review`,
      missingPath: () => `/v1/requests/${randomId()}/attachments/${randomId()}/review`,
      body: () => ({ decision: 'keep', keepUntil: '2099-12-31' }),
      mutating: true,
      row: { admin: 403, vnm: [200, 200, 403], aut: [403, 403, 403], gha: [404, 404, 403] },
    },
    {
      // Deletion: the receiving side's approver only (once; the sender never).
      name: '/v1/requests/:id/attachments/:attachmentId/delete',
      method: 'POST',
      path: () => `/v1/requests/${retained}/attachments/${toDelete}/delete`,
      missingPath: () => `/v1/requests/${randomId()}/attachments/${randomId()}/delete`,
      body: () => ({ reason: 'Matrix deletion' }),
      mutating: true,
      row: { admin: 403, vnm: [403, 200, 403], aut: [403, 403, 403], gha: [403, 404, 403] },
    },
    {
      name: '/v1/requests/:id/conditions',
      method: 'GET',
      path: () => `/v1/requests/${conditioned}/conditions`,
      missingPath: () => `/v1/requests/${randomId()}/conditions`,
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(404) },
    },
    {
      // Either party attaches conditions to its own material (none named: all of it).
      name: '/v1/requests/:id/conditions',
      method: 'POST',
      path: () => `/v1/requests/${toCondition}/conditions`,
      missingPath: () => `/v1/requests/${randomId()}/conditions`,
      body: () => ({ type: 'CONFIDENTIALITY', text: 'Matrix condition' }),
      mutating: true,
      row: { admin: 403, vnm: [201, 201, 403], aut: [201, 201, 403], gha: [404, 404, 403] },
    },
    {
      // Accepted already by VNM: the sender may never accept (403), the receiver a second time neither (409).
      name: '/v1/requests/:id/conditions/:conditionId/accept',
      method: 'POST',
      path: () => `/v1/requests/${conditioned}/conditions/${conditionId}/accept`,
      missingPath: () => `/v1/requests/${randomId()}/conditions/${randomId()}/accept`,
      row: { admin: 403, vnm: [409, 409, 403], aut: [403, 403, 403], gha: [404, 404, 403] },
    },
    {
      name: '/v1/requests/:id/consents',
      method: 'GET',
      path: () => `/v1/requests/${conditioned}/consents`,
      missingPath: () => `/v1/requests/${randomId()}/consents`,
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(404) },
    },
    {
      // The receiver asks about AUT's document; AUT asking about its own gets 400.
      name: '/v1/requests/:id/consents',
      method: 'POST',
      path: () => `/v1/requests/${conditioned}/consents`,
      missingPath: () => `/v1/requests/${randomId()}/consents`,
      body: () => ({
        kind: 'other-proceedings',
        recipient: 'Case 1',
        purpose: 'Matrix',
        items: [autDocument],
      }),
      mutating: true,
      row: { admin: 403, vnm: [201, 201, 403], aut: [400, 400, 403], gha: [404, 404, 403] },
    },
    ...(['grant', 'refuse'] as const).map((answer): RouteCase => ({
      // Granted already: the sender's approver gets 409, anyone else 403 (role, or not the sender).
      name: `/v1/requests/:id/consents/:consentId/${answer}`,
      method: 'POST',
      path: () => `/v1/requests/${conditioned}/consents/${consentId}/${answer}`,
      missingPath: () => `/v1/requests/${randomId()}/consents/${randomId()}/${answer}`,
      body: () => (answer === 'refuse' ? { reasons: 'Matrix' } : {}),
      row: { admin: 403, vnm: [403, 403, 403], aut: [403, 409, 403], gha: [403, 404, 403] },
    })),
    {
      // Covered by the granted consent, conditions accepted: the receiver records it; AUT's own document 400.
      name: '/v1/requests/:id/uses',
      method: 'POST',
      path: () => `/v1/requests/${conditioned}/uses`,
      missingPath: () => `/v1/requests/${randomId()}/uses`,
      body: () => ({ kind: 'onward-transfer', recipient: 'INTERPOL', items: [autDocument] }),
      mutating: true,
      row: { admin: 403, vnm: [201, 201, 403], aut: [400, 400, 403], gha: [404, 404, 403] },
    },
    {
      name: '/v1/requests/:id/use-report',
      method: 'GET',
      path: () => `/v1/requests/${conditioned}/use-report`,
      missingPath: () => `/v1/requests/${randomId()}/use-report`,
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(404) },
    },
    {
      name: '/v1/states/:country/settings',
      method: 'GET',
      path: () => '/v1/states/AUT/settings',
      row: { admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/v1/states/:country/settings',
      method: 'PUT',
      path: () => '/v1/states/AUT/settings',
      body: () => ({ preservationDays: 90, interceptionOffences: [7, 8] }),
      mutating: true,
      row: { admin: 200, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/states/:country/four-eyes',
      method: 'GET',
      path: () => '/v1/states/VNM/four-eyes',
      row: { admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/v1/states/:country/four-eyes',
      method: 'PUT',
      path: () => '/v1/states/VNM/four-eyes',
      body: () => ({ rules: FOUR_EYES_RULES }),
      mutating: true,
      row: { admin: 200, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/states/:country/declarations',
      method: 'GET',
      path: () => '/v1/states/AUT/declarations',
      row: { admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/v1/states/:country/declarations',
      method: 'PUT',
      path: () => '/v1/states/AUT/declarations',
      body: () => ({ preservationDays: 90, interceptionOffences: [7, 8] }),
      mutating: true,
      row: { admin: 200, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      // The officer prepares it (an event on the draft); the approver may not submit it; others see no draft.
      name: '/v1/requests/:id/preparations (draft under four eyes)',
      method: 'POST',
      path: () => `/v1/requests/${toPrepare}/preparations`,
      missingPath: () => `/v1/requests/${randomId()}/preparations`,
      body: () => ({ action: 'submit-formal-request' }),
      mutating: true,
      row: { admin: 403, vnm: [201, 403, 403], aut: [404, 404, 403], gha: [404, 404, 403] },
    },
    {
      name: '/v1/requests/:id/preparations (draft under four eyes)',
      method: 'GET',
      path: () => `/v1/requests/${prepared}/preparations`,
      missingPath: () => `/v1/requests/${randomId()}/preparations`,
      row: { admin: 403, vnm: all(200), aut: all(404), gha: all(404) },
    },
    {
      name: '/v1/preparations',
      method: 'GET',
      path: () => '/v1/preparations?status=pending',
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      // Withdrawn: its authority's officers and approvers are told so (409); nobody else sees it.
      name: '/v1/preparations/:pid/confirm (withdrawn)',
      method: 'POST',
      path: () => `/v1/preparations/${closedPreparation}/confirm`,
      missingPath: () => `/v1/preparations/${randomId()}/confirm`,
      row: { admin: 403, vnm: [409, 409, 403], aut: [404, 404, 403], gha: [404, 404, 403] },
    },
    {
      name: '/v1/preparations/:pid/withdraw (withdrawn)',
      method: 'POST',
      path: () => `/v1/preparations/${closedPreparation}/withdraw`,
      missingPath: () => `/v1/preparations/${randomId()}/withdraw`,
      body: () => ({}),
      row: { admin: 403, vnm: [409, 409, 403], aut: [404, 404, 403], gha: [404, 404, 403] },
    },
    {
      name: '/v1/states/:country/declarations/versions',
      method: 'GET',
      path: () => '/v1/states/AUT/declarations/versions',
      row: { admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/v1/states/:country/declarations/versions/:version',
      method: 'GET',
      path: () => '/v1/states/AUT/declarations/versions/1',
      row: { admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/v1/declarations/export',
      method: 'GET',
      path: () => '/v1/declarations/export',
      row: { admin: 200, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: '/v1/declarations/import',
      method: 'POST',
      path: () => '/v1/declarations/import',
      body: () => ({
        format: 'uncc-state-declarations',
        formatVersion: 1,
        states: [{ country: 'ZZZ', declarations: { languages: ['en'] } }],
      }),
      mutating: true,
      row: { admin: 200, vnm: all(403), aut: all(403), gha: all(403) },
    },
    {
      name: '/v1/webhooks',
      method: 'POST',
      path: () => '/v1/webhooks',
      body: () => ({ url: sinkUrl, description: 'Matrix receiver' }),
      mutating: true,
      row: { admin: 403, vnm: [201, 201, 403], aut: [201, 201, 403], gha: [201, 201, 403] },
    },
    {
      name: '/v1/webhooks',
      method: 'GET',
      path: () => '/v1/webhooks',
      row: { admin: 403, vnm: all(200), aut: all(200), gha: all(200) },
    },
    {
      name: "/v1/webhooks/:id/deliveries (VNM's)",
      method: 'GET',
      path: () => `/v1/webhooks/${vnmWebhook}/deliveries`,
      missingPath: () => `/v1/webhooks/${randomId()}/deliveries`,
      row: { admin: 403, vnm: all(200), aut: all(404), gha: all(404) },
    },
    {
      name: "/v1/webhooks/:id (VNM's)",
      method: 'DELETE',
      path: () => `/v1/webhooks/${vnmWebhook}`,
      missingPath: () => `/v1/webhooks/${randomId()}`,
      mutating: true,
      row: { admin: 403, vnm: [200, 200, 403], aut: [404, 404, 403], gha: [404, 404, 403] },
    },
  ];

  it('should exercise every route of the shared route list (test/support/routes.ts)', () => {
    const covered = new Set<string | undefined>(routes.map((r) => routeOf(r.method, r.path())));
    expect(MATRIX_ROUTES.filter((route) => !covered.has(route))).toEqual([]);
  });

  for (const route of routes) {
    it(`should answer ${route.method} ${route.name} with the expected status for every caller`, async () => {
      const problems: string[] = [];
      for (const c of callers) {
        problems.push(...(await check(t, route, c)));
      }
      expect(problems).toEqual([]);
    });
  }

  it('should have left the draft a draft and acknowledged only through the AUT officer', async () => {
    expect(await dbRequest(t, draft)).toEqual({ version: 2, status: 'DRAFT' });
    expect(await dbRequest(t, toAcknowledge)).toEqual({ version: 4, status: 'UNDER_REVIEW' });
    expect(await dbRequest(t, received)).toEqual({ version: 3, status: 'RECEIVED' });
  });

  it('should list nothing of a request to a third State, nor a draft to its counterpart', async () => {
    const ids = (res: ApiResponse): string[] => res.body.items.map((i: { id: string }) => i.id);
    for (const role of ROLES) {
      for (const box of ['outgoing', 'incoming']) {
        const gha = await p.gha[role].get(`/v1/requests?box=${box}&limit=100`);
        expect(gha.status).toBe(200);
        expect(ids(gha)).not.toContain(received);
        expect(ids(gha)).not.toContain(draft);
      }
      const autIn = await p.aut[role].get('/v1/requests?box=incoming&limit=100');
      expect(ids(autIn)).toContain(received);
      expect(ids(autIn)).not.toContain(draft);
      const autOut = await p.aut[role].get('/v1/requests?box=outgoing&limit=100');
      expect(ids(autOut)).not.toContain(received);
    }
  });

  it("should keep a third State's and the counterpart's audit search to what they may see", async () => {
    const events = async (api: Api, query: string): Promise<{ requestId: string; action: string }[]> => {
      const res = await api.get(`/v1/audit/events?limit=200${query}`);
      expect(res.status).toBe(200);
      return res.body.items;
    };
    expect(await events(p.gha.auditor, `&requestId=${received}`)).toEqual([]);
    expect((await events(p.gha.auditor, '')).map((e) => e.requestId)).not.toContain(received);
    expect(await events(p.aut.auditor, `&requestId=${draft}`)).toEqual([]);
    const autOnReceived = await events(p.aut.auditor, `&requestId=${received}`);
    expect(autOnReceived.map((e) => e.action).sort()).toEqual(['deliver', 'submit']);
    expect((await events(p.vnm.auditor, `&requestId=${draft}`)).map((e) => e.action).sort()).toEqual([
      'create',
      'edit',
    ]);
  });

  it("should not show the counterpart the requester's drafting in a delivered request's history", async () => {
    const theirs = await p.aut.auditor.get(`/v1/requests/${received}/history`);
    expect(theirs.body.map((e: { action: string }) => e.action)).toEqual(['submit', 'deliver']);
    const ours = await p.vnm.auditor.get(`/v1/requests/${received}/history`);
    expect(ours.body.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'deliver']);
  });

  it('should refuse every action to auditors and admins with 403, leaving the version unchanged', async () => {
    const problems: string[] = [];
    const readOnly: [string, Api][] = [
      ['admin', p.admin],
      ['vnm.auditor', p.vnm.auditor],
      ['aut.auditor', p.aut.auditor],
      ['gha.auditor', p.gha.auditor],
    ];
    for (const id of [draft, received]) {
      for (const action of MLA_USER_ACTIONS) {
        for (const [who, api] of readOnly) {
          const before = await dbSnapshot(t);
          const res = await api.act(id, action, action === 'withdraw' ? { reasons: 'x' } : {});
          const after = await dbSnapshot(t);
          if (res.status !== 403 || JSON.stringify(after) !== JSON.stringify(before)) {
            problems.push(`${who} ${action} on ${id === draft ? 'draft' : 'delivered'}: ${res.status}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  interface ActionCase {
    action: string;
    from: string;
    to: string;
    side: 'requesting' | 'requested';
    role: Role;
    payload: () => object;
  }
  const inAnHour = (): string => new Date(Date.now() + 3600_000).toISOString();
  const results = (final: boolean) => () => ({
    final,
    summary: 'Subscriber data',
    items: [{ name: 'r.pdf', sha256: 'c'.repeat(64) }],
  });
  const none = () => ({});
  const actionCases: ActionCase[] = [
    { action: 'submit', from: 'DRAFT', to: 'SUBMITTED', side: 'requesting', role: 'officer', payload: none },
    {
      action: 'acknowledge',
      from: 'RECEIVED',
      to: 'UNDER_REVIEW',
      side: 'requested',
      role: 'officer',
      payload: none,
    },
    {
      action: 'request-information',
      from: 'UNDER_REVIEW',
      to: 'INFO_REQUESTED',
      side: 'requested',
      role: 'officer',
      payload: () => ({ questions: 'Which time window?' }),
    },
    {
      action: 'provide-information',
      from: 'INFO_REQUESTED',
      to: 'UNDER_REVIEW',
      side: 'requesting',
      role: 'officer',
      payload: () => ({ answers: '14-16 March 2026' }),
    },
    {
      action: 'open-consultation',
      from: 'UNDER_REVIEW',
      to: 'CONSULTATION',
      side: 'requested',
      role: 'approver',
      payload: () => ({ intendedOutcome: 'postpone', reasons: 'Own investigation' }),
    },
    ...['UNDER_REVIEW', 'CONSULTATION'].flatMap((from): ActionCase[] => [
      {
        action: 'propose-conditions',
        from,
        to: 'CONDITIONS_PROPOSED',
        side: 'requested',
        role: 'approver',
        payload: () => ({ conditions: [{ type: 'CONFIDENTIALITY', text: 'Keep confidential' }] }),
      },
      { action: 'accept', from, to: 'ACCEPTED', side: 'requested', role: 'approver', payload: none },
      {
        action: 'postpone',
        from,
        to: 'POSTPONED',
        side: 'requested',
        role: 'approver',
        payload: () => ({ reasons: 'Own proceedings', until: inAnHour() }),
      },
    ]),
    {
      action: 'accept-conditions',
      from: 'CONDITIONS_PROPOSED',
      to: 'ACCEPTED',
      side: 'requesting',
      role: 'approver',
      payload: none,
    },
    {
      action: 'resume',
      from: 'POSTPONED',
      to: 'UNDER_REVIEW',
      side: 'requested',
      role: 'approver',
      payload: none,
    },
    {
      action: 'refuse',
      from: 'CONSULTATION',
      to: 'REFUSED',
      side: 'requested',
      role: 'approver',
      payload: () => ({ grounds: ['DOMESTIC_PROHIBITION'], reasons: 'Prohibited by our law' }),
    },
    {
      action: 'start-execution',
      from: 'ACCEPTED',
      to: 'IN_EXECUTION',
      side: 'requested',
      role: 'officer',
      payload: none,
    },
    {
      action: 'transmit-results',
      from: 'IN_EXECUTION',
      to: 'PARTIALLY_EXECUTED',
      side: 'requested',
      role: 'approver',
      payload: results(false),
    },
    {
      action: 'transmit-results',
      from: 'PARTIALLY_EXECUTED',
      to: 'EXECUTED',
      side: 'requested',
      role: 'approver',
      payload: results(true),
    },
    ...['EXECUTED', 'REFUSED'].map((from): ActionCase => ({
      action: 'confirm-receipt',
      from,
      to: 'CLOSED',
      side: 'requesting',
      role: 'officer',
      payload: none,
    })),
    ...[
      'RECEIVED',
      'UNDER_REVIEW',
      'INFO_REQUESTED',
      'CONSULTATION',
      'CONDITIONS_PROPOSED',
      'ACCEPTED',
      'POSTPONED',
      'IN_EXECUTION',
      'PARTIALLY_EXECUTED',
    ].map((from): ActionCase => ({
      action: 'withdraw',
      from,
      to: 'WITHDRAWN',
      side: 'requesting',
      role: 'officer',
      payload: () => ({ reasons: 'No longer needed' }),
    })),
  ];

  for (const ac of actionCases) {
    it(`should let only the ${ac.side} ${ac.role} ${ac.action} from ${ac.from}`, async () => {
      const id = await requestInStatus(p, ac.from);
      const allowedParty: PartyKey = ac.side === 'requesting' ? 'vnm' : 'aut';
      const delivered = ac.from !== 'DRAFT';
      const problems: string[] = [];
      for (const c of callers.filter((x) => x.admin || x.party)) {
        if (c.party === allowedParty && c.role === ac.role) {
          continue;
        }
        const partyVisible = c.party === 'vnm' || (c.party === 'aut' && delivered);
        // The role gate (officer/approver) comes first and reveals nothing; then visibility; then side/role.
        const want = c.admin || c.role === 'auditor' ? 403 : partyVisible ? 403 : 404;
        const before = await dbSnapshot(t);
        const res = await c.api.act(id, ac.action, ac.payload());
        const after = await dbSnapshot(t);
        if (res.status !== want) {
          problems.push(`${c.key}: got ${res.status} ${JSON.stringify(res.body?.code)}, expected ${want}`);
        }
        problems.push(...errorBodyProblems(res).map((x) => `${c.key}: ${x}`));
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          problems.push(`${c.key}: the database changed`);
        }
        if (partyVisible) {
          const view = await c.api.get(`/v1/requests/${id}`);
          if (view.body?.availableActions?.includes(ac.action)) {
            problems.push(`${c.key}: ${ac.action} listed in availableActions`);
          }
        }
      }
      expect(problems).toEqual([]);

      const allowed = p[allowedParty][ac.role];
      const view = await allowed.get(`/v1/requests/${id}`);
      expect(view.body.status).toBe(ac.from);
      expect(view.body.availableActions).toContain(ac.action);
      const before = await dbSnapshot(t);
      const res = await allowed.act(id, ac.action, ac.payload(), { 'If-Match': view.headers.etag });
      expect({ status: res.status, to: res.body.status }).toEqual({ status: 200, to: ac.to });
      expect(res.body.version).toBe(view.body.version + 1);
      const after = await dbSnapshot(t);
      expect(after.audit_events).toBe(before.audit_events + 1);
    });
  }
});

describe('Access control before delivery (no workers: a submitted request stays SUBMITTED)', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function submitted(): Promise<string> {
    const id = await requestInStatus(p, 'DRAFT');
    const res = await p.vnm.officer.act(id, 'submit');
    expect(res.body.status).toBe('SUBMITTED');
    const { rows } = await t.db.query('SELECT delivered_at FROM cooperation_requests WHERE id = $1', [id]);
    expect(rows[0].delivered_at).toBeNull();
    return id;
  }

  it('should show the counterpart nothing of a submitted, undelivered request: same 404 as a missing id', async () => {
    const id = await submitted();
    const missing = randomId();
    const problems: string[] = [];
    const probes: [string, (api: Api, rid: string) => Promise<ApiResponse>, Role[]][] = [
      ['GET', (api, rid) => api.get(`/v1/requests/${rid}`), ROLES],
      ['history', (api, rid) => api.get(`/v1/requests/${rid}/history`), ROLES],
      ['verify', (api, rid) => api.get(`/v1/audit/verify?requestId=${rid}`), ['auditor']],
      ['PATCH', (api, rid) => api.patch(`/v1/requests/${rid}`, { subject: 'x' }), ['officer']],
      ...['acknowledge', 'accept', 'withdraw'].map(
        (action): [string, (api: Api, rid: string) => Promise<ApiResponse>, Role[]] => [
          action,
          (api, rid) => api.act(rid, action, action === 'withdraw' ? { reasons: 'x' } : {}),
          ['officer', 'approver'],
        ],
      ),
    ];
    for (const party of ['aut', 'gha'] as const) {
      for (const [name, probe, roles] of probes) {
        for (const role of roles) {
          const before = await dbSnapshot(t);
          const res = await probe(p[party][role], id);
          const after = await dbSnapshot(t);
          const other = await probe(p[party][role], missing);
          if (res.status !== 404 || JSON.stringify(comparable(res)) !== JSON.stringify(comparable(other))) {
            problems.push(`${party}.${role} ${name}: ${JSON.stringify(comparable(res))}`);
          }
          if (JSON.stringify(after) !== JSON.stringify(before)) {
            problems.push(`${party}.${role} ${name}: the database changed`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    for (const role of ROLES) {
      const inbox = await p.aut[role].get('/v1/requests?box=incoming');
      expect(inbox.body.items).toEqual([]);
    }
    const events = await p.aut.auditor.get(`/v1/audit/events?requestId=${id}`);
    expect(events.body.items).toEqual([]);
    expect((await p.vnm.approver.get(`/v1/requests/${id}`)).body.status).toBe('SUBMITTED');
  });

  it('should let only the requesting officer withdraw a submitted request', async () => {
    const id = await submitted();
    const problems: string[] = [];
    const wrong: [string, Api, number][] = [
      ['admin', p.admin, 403],
      ['vnm.approver', p.vnm.approver, 403],
      ['vnm.auditor', p.vnm.auditor, 403],
      ['aut.officer', p.aut.officer, 404],
      ['aut.approver', p.aut.approver, 404],
      ['aut.auditor', p.aut.auditor, 403],
      ['gha.officer', p.gha.officer, 404],
      ['gha.approver', p.gha.approver, 404],
      ['gha.auditor', p.gha.auditor, 403],
    ];
    for (const [who, api, want] of wrong) {
      const before = await dbSnapshot(t);
      const res = await api.act(id, 'withdraw', { reasons: 'x' });
      const after = await dbSnapshot(t);
      if (res.status !== want || JSON.stringify(after) !== JSON.stringify(before)) {
        problems.push(`${who}: ${res.status}, expected ${want}`);
      }
    }
    expect(problems).toEqual([]);
    const res = await p.vnm.officer.act(id, 'withdraw', { reasons: 'Identified domestically' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('WITHDRAWN');
  });
});
