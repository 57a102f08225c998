import { request as httpRequest } from 'node:http';
import { mkdtempSync, renameSync, rmSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Api, apiFor, type ApiResponse } from '../support/api';
import { mlaBody, type Parties, seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET or HEAD over plain node:http: the bytes as sent (no client-side decompression). */
function raw(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // The path as written (a URL object would normalise %2e%2e away before it is sent).
    const { hostname, port } = new URL(baseUrl);
    const req = httpRequest({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The coop_session cookie set by a response, and its attributes. */
function sessionCookie(res: ApiResponse): { value: string; attributes: string[] } {
  const set = res.headers['set-cookie'] as unknown as string[] | undefined;
  const line = (set ?? []).find((c) => c.startsWith('coop_session='));
  if (!line) {
    throw new Error(`no coop_session cookie in ${JSON.stringify(res.headers)}`);
  }
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { value: pair.slice('coop_session='.length), attributes };
}

/** A browser-like client: the session cookie, and the CSRF token when asked to send it. */
class CookieClient {
  constructor(
    private readonly anon: Api,
    readonly cookie: string,
    readonly csrfToken: string,
  ) {}

  send(
    method: string,
    path: string,
    body?: unknown,
    csrf: string | null = this.csrfToken,
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { Cookie: `coop_session=${this.cookie}` };
    if (csrf !== null) {
      headers['X-CSRF-Token'] = csrf;
    }
    return this.anon.send(method, path, body, headers);
  }
}

describe('Console: sessions (cookie, CSRF, expiry, sign-out) and serving (cache, CSP, fallback, compression)', () => {
  let t: TestApp;
  let p: Parties;
  let anon: Api;
  let dir: string;
  const asset = `console.log(${JSON.stringify('the console '.repeat(400))});\n`;

  async function signIn(token: string): Promise<{ res: ApiResponse; client: CookieClient }> {
    const res = await anon.post('/v1/session', { token });
    expect(res.status).toBe(201);
    return { res, client: new CookieClient(anon, sessionCookie(res).value, res.body.csrfToken as string) };
  }

  async function countRequests(): Promise<number> {
    const { rows } = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM cooperation_requests');
    return Number(rows[0].n);
  }

  beforeAll(async () => {
    // A tiny stand-in for the built console, so that these tests do not depend on `npm run build:console`.
    dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html lang="en"><title>Console</title><script type="module" src="/console/assets/app-3f9a1c.js"></script></html>\n',
    );
    writeFileSync(join(dir, 'assets', 'app-3f9a1c.js'), asset);
    writeFileSync(join(dir, 'assets', 'noto-5d2e.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32, 1, 2, 3, 4]));
    // A precompressed sibling (as the build writes them): served as it is, not compressed again.
    writeFileSync(join(dir, 'assets', 'vendor-77aa.js'), 'export const vendor = 1;\n');
    writeFileSync(
      join(dir, 'assets', 'vendor-77aa.js.br'),
      brotliCompressSync(Buffer.from('export const vendor = "from the .br file";\n')),
    );
    t = await startTestApp({ workers: false, env: { CONSOLE_DIR: dir, CONSOLE_SESSION_IDLE_MIN: '30' } });
    p = await seedParties(t);
    anon = apiFor(t, null);
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('sessions', () => {
    it('should exchange a token for an HttpOnly, SameSite=Strict session cookie and store only hashes', async () => {
      const { res, client } = await signIn(p.vnm.officer.token as string);
      expect(res.body).toEqual({
        user: {
          id: expect.any(String),
          name: 'VNM-MPS-CA officer',
          roles: ['officer'],
          authorityId: p.vnm.authorityId,
          authority: {
            id: p.vnm.authorityId,
            code: 'VNM-MPS-CA',
            name: 'VNM-MPS-CA central authority',
            country: 'VNM',
            kind: 'central',
            languages: ['vi', 'en'],
          },
        },
        csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expiresAt: expect.any(String),
      });
      const minutes = (Date.parse(res.body.expiresAt as string) - Date.now()) / 60000;
      expect(minutes).toBeGreaterThan(29);
      expect(minutes).toBeLessThanOrEqual(30.1);
      const cookie = sessionCookie(res);
      expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // Plain http to 127.0.0.1: no Secure (the browser would never send it back).
      expect(cookie.attributes.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
      expect(res.headers['cache-control']).toBe('no-store');
      const { rows } = await t.db.query('SELECT * FROM console_sessions');
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(cookie.value);
      expect(stored).not.toContain(p.vnm.officer.token as string);
      expect(stored).not.toContain(client.csrfToken);
      expect(rows).toHaveLength(1);
      expect(rows[0].session_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('should mark the cookie Secure for any host but a loopback one over plain http', async () => {
      const res = await anon.post(
        '/v1/session',
        { token: p.vnm.officer.token },
        { Host: 'console.ministry.example' },
      );
      expect(res.status).toBe(201);
      expect(sessionCookie(res).attributes).toEqual(
        expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict']),
      );
    });

    it('should refuse a bad token with 401 naming the field, and a missing one with 400, creating nothing', async () => {
      const before = await t.db.query('SELECT count(*) AS n FROM console_sessions');
      for (const token of ['ccr_' + 'x'.repeat(43), 'short', 'with spaces in it, not a token']) {
        const res = await anon.post('/v1/session', { token });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({
          statusCode: 401,
          code: 'UNAUTHENTICATED',
          details: [{ field: 'token', messages: [expect.any(String)] }],
        });
        expect(res.body.message).toMatch(/^token: /);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      const missing = await anon.post('/v1/session', {});
      expect(missing.status).toBe(400);
      expect(missing.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'token' })]),
      );
      const extra = await anon.post('/v1/session', { token: p.vnm.officer.token, remember: true });
      expect(extra.status).toBe(400);
      expect(extra.body.details).toEqual([expect.objectContaining({ field: 'remember' })]);
      const after = await t.db.query('SELECT count(*) AS n FROM console_sessions');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('should read the session with the cookie (restarting the idle clock) and answer 401 without one', async () => {
      const { res, client } = await signIn(p.aut.approver.token as string);
      await t.db.query(`UPDATE console_sessions SET last_seen_at = now() - interval '10 minutes'`);
      const read = await client.send('GET', '/v1/session', undefined, null);
      expect(read.status).toBe(200);
      expect(read.body.user).toEqual(res.body.user);
      expect(read.body.csrfToken).toBe(client.csrfToken);
      expect(Date.parse(read.body.expiresAt as string)).toBeGreaterThan(Date.now() + 29 * 60000);
      expect((await anon.get('/v1/session')).status).toBe(401);
      const forged = await anon.get('/v1/session', { Cookie: 'coop_session=' + 'A'.repeat(43) });
      expect(forged.status).toBe(401);
      expect(forged.body.code).toBe('UNAUTHENTICATED');
    });

    it('should accept the cookie on /v1 routes as the same principal, with CSRF required on writes', async () => {
      const { client } = await signIn(p.vnm.officer.token as string);
      const viaCookie = await client.send('GET', '/v1/requests?box=outgoing', undefined, null);
      const viaBearer = await p.vnm.officer.get('/v1/requests?box=outgoing');
      expect(viaCookie.status).toBe(200);
      expect(viaCookie.body).toEqual(viaBearer.body);

      const before = await countRequests();
      for (const csrf of [null, 'wrong', client.csrfToken.slice(1), '']) {
        const refused = await client.send('POST', '/v1/requests', mlaBody(p.aut.authorityId), csrf);
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('CSRF_INVALID');
      }
      // Another session's CSRF token is not this one's.
      const other = await signIn(p.vnm.officer.token as string);
      const crossed = await client.send(
        'POST',
        '/v1/requests',
        mlaBody(p.aut.authorityId),
        other.client.csrfToken,
      );
      expect(crossed.status).toBe(403);
      expect(await countRequests()).toBe(before);

      const created = await client.send('POST', '/v1/requests', mlaBody(p.aut.authorityId));
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const history = await p.vnm.officer.get(`/v1/requests/${id}/history`);
      // The same principal: the history names the officer who holds the token behind the session.
      expect(history.body[0].actor).toMatchObject({
        type: 'user',
        authorityId: p.vnm.authorityId,
        name: 'VNM-MPS-CA officer',
      });
      const patched = await client.send(
        'PATCH',
        `/v1/requests/${id}`,
        { subject: 'Edited in the console' },
        null,
      );
      expect(patched.status).toBe(403);
      expect((await p.vnm.officer.get(`/v1/requests/${id}`)).body.subject).not.toBe('Edited in the console');
      expect(await countRequests()).toBe(before + 1);
    });

    it('should give a session the roles of its token: an auditor may not create a request', async () => {
      const { client } = await signIn(p.vnm.auditor.token as string);
      const res = await client.send('POST', '/v1/requests', mlaBody(p.aut.authorityId));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      // A third State's session sees a request it is not party to as one that does not exist.
      const { client: gha } = await signIn(p.gha.officer.token as string);
      const listed = await p.vnm.officer.get('/v1/requests?box=outgoing');
      const someId = listed.body.items[0].id as string;
      expect((await gha.send('GET', `/v1/requests/${someId}`)).status).toBe(404);
    });

    it('should leave Bearer requests unaffected by a cookie or a missing CSRF header', async () => {
      const before = await countRequests();
      const res = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId), {
        Cookie: 'coop_session=' + 'B'.repeat(43),
      });
      expect(res.status).toBe(201);
      expect(await countRequests()).toBe(before + 1);
      // A bad bearer token is not rescued by a good cookie.
      const { client } = await signIn(p.vnm.officer.token as string);
      const bad = await anon.get('/v1/requests?box=outgoing', {
        Authorization: 'Bearer ccr_' + 'z'.repeat(43),
        Cookie: `coop_session=${client.cookie}`,
      });
      expect(bad.status).toBe(401);
    });

    it('should end a session after CONSOLE_SESSION_IDLE_MIN without a request, and at its absolute end', async () => {
      const idle = await signIn(p.aut.officer.token as string);
      expect((await idle.client.send('GET', '/v1/requests?box=incoming')).status).toBe(200);
      await t.db.query(
        `UPDATE console_sessions SET last_seen_at = now() - interval '31 minutes' WHERE ended_at IS NULL`,
      );
      expect((await idle.client.send('GET', '/v1/session')).status).toBe(401);
      const api = await idle.client.send('GET', '/v1/requests?box=incoming');
      expect(api.status).toBe(401);
      expect(api.body.message).toMatch(/session/);

      const old = await signIn(p.aut.officer.token as string);
      await t.db.query(
        `UPDATE console_sessions SET expires_at = now() - interval '1 second' WHERE ended_at IS NULL`,
      );
      expect((await old.client.send('GET', '/v1/session')).status).toBe(401);
    });

    it('should sign out on the server: the cookie no longer works, even replayed', async () => {
      const { client } = await signIn(p.vnm.approver.token as string);
      const noCsrf = await client.send('DELETE', '/v1/session', undefined, null);
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body.code).toBe('CSRF_INVALID');
      expect((await client.send('GET', '/v1/session')).status).toBe(200);

      const out = await client.send('DELETE', '/v1/session');
      expect(out.status).toBe(204);
      const cleared = sessionCookie(out);
      expect(cleared.value).toBe('');
      expect(cleared.attributes).toEqual(
        expect.arrayContaining(['Max-Age=0', 'HttpOnly', 'SameSite=Strict', 'Path=/']),
      );
      expect((await client.send('GET', '/v1/session')).status).toBe(401);
      expect((await client.send('GET', '/v1/requests?box=outgoing')).status).toBe(401);
      const { rows } = await t.db.query(
        'SELECT count(*) AS n FROM console_sessions WHERE ended_at IS NOT NULL',
      );
      expect(Number(rows[0].n)).toBeGreaterThanOrEqual(1);
      // Signing out without a session is not an error.
      expect((await anon.send('DELETE', '/v1/session')).status).toBe(204);
    });

    it('should end the sessions of a revoked token, and open one for the bootstrap admin', async () => {
      const user = await p.admin.post(`/v1/authorities/${p.gha.authorityId}/users`, {
        name: 'GHA clerk',
        roles: ['officer'],
      });
      const { client } = await signIn(user.body.token as string);
      expect((await client.send('GET', '/v1/session')).status).toBe(200);
      expect((await p.admin.send('DELETE', `/v1/users/${user.body.id}/tokens`)).body).toEqual({ revoked: 1 });
      expect((await client.send('GET', '/v1/requests?box=outgoing')).status).toBe(401);

      const admin = await signIn(t.adminToken);
      expect(admin.res.body.user).toMatchObject({ roles: ['admin'], authorityId: null, authority: null });
      const created = await admin.client.send('POST', '/v1/authorities', {
        code: 'ESP-MJ-CA',
        name: 'Spain',
        country: 'ESP',
        kind: 'central',
        languages: ['es'],
      });
      expect(created.status).toBe(201);
    });

    it('should give every action of GET /v1/workflows a sentence-case title (the console names its buttons so)', async () => {
      const res = await p.vnm.officer.get('/v1/workflows');
      expect(res.status).toBe(200);
      const actions = (res.body as { actions: { action: string; title: string }[] }[]).flatMap(
        (w) => w.actions,
      );
      expect(actions.length).toBeGreaterThan(10);
      for (const a of actions) {
        expect(a.title).toMatch(/^[A-Z][^A-Z]*/);
        expect(a.title.trim()).toBe(a.title);
      }
      expect(actions.find((a) => a.action === 'request-information')?.title).toBe('Request information');
    });
  });

  describe('serving /console', () => {
    it('should redirect /console to /console/, keeping the query', async () => {
      const res = await raw(t.baseUrl, '/console?lang=ar');
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe('/console/?lang=ar');
    });

    it('should serve index.html (no-cache, its own CSP) for the root and every path without an extension', async () => {
      for (const path of [
        '/console/',
        '/console/new',
        '/console/requests/0b0f4d4e-8d0e-4c61-9b8e-2f1f0c7a1f10',
        '/console/audit?lang=fr',
      ]) {
        const res = await raw(t.baseUrl, path);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.body.toString()).toContain('<title>Console</title>');
      }
      const first = await raw(t.baseUrl, '/console/');
      const again = await raw(t.baseUrl, '/console/', { 'If-None-Match': first.headers.etag as string });
      expect(again.status).toBe(304);
    });

    it('should cache hashed assets for a year, and answer 404 for a missing file instead of the page', async () => {
      const res = await raw(t.baseUrl, '/console/assets/app-3f9a1c.js');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.body.toString()).toBe(asset);
      const head = await raw(t.baseUrl, '/console/assets/app-3f9a1c.js', {}, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(String(Buffer.byteLength(asset)));
      expect(head.body.length).toBe(0);
      for (const path of [
        '/console/assets/app-000000.js',
        '/console/favicon.ico',
        '/console/..%2f..%2fpackage.json',
        '/console/%2e%2e/package.json',
        '/console/assets/%2E%2E/%2e%2e/package.json',
        '/console/assets%2f..%2f..%2fpackage.json',
        '/console/.env',
      ]) {
        const missing = await raw(t.baseUrl, path);
        expect([path, missing.status]).toEqual([path, 404]);
        expect(missing.headers['content-type']).toBe('text/plain; charset=utf-8');
      }
      // Not a file server for writes: the API's JSON 404.
      const post = await anon.post('/console/', {});
      expect(post.status).toBe(404);
    });

    it('should compress text (br preferred, else gzip) and leave fonts and identity clients alone', async () => {
      const br = await raw(t.baseUrl, '/console/assets/app-3f9a1c.js', {
        'Accept-Encoding': 'gzip, deflate, br',
      });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/Accept-Encoding/);
      expect(br.body.length).toBeLessThan(Buffer.byteLength(asset) / 10);
      expect(brotliDecompressSync(br.body).toString()).toBe(asset);
      const gz = await raw(t.baseUrl, '/console/', { 'Accept-Encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).toString()).toContain('<title>Console</title>');
      const refused = await raw(t.baseUrl, '/console/assets/app-3f9a1c.js', {
        'Accept-Encoding': 'br;q=0, gzip;q=0',
      });
      expect(refused.headers['content-encoding']).toBeUndefined();
      expect(refused.body.toString()).toBe(asset);
      const font = await raw(t.baseUrl, '/console/assets/noto-5d2e.woff2', { 'Accept-Encoding': 'br, gzip' });
      expect(font.headers['content-type']).toBe('font/woff2');
      expect(font.headers['content-encoding']).toBeUndefined();
      expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const sibling = await raw(t.baseUrl, '/console/assets/vendor-77aa.js', { 'Accept-Encoding': 'br' });
      expect(brotliDecompressSync(sibling.body).toString()).toContain('from the .br file');
    });

    it('should keep the API its own helmet policy', async () => {
      const res = await raw(t.baseUrl, '/health');
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    });

    it('should answer 503 with a plain sentence while the console is not built, and serve it once it is', async () => {
      renameSync(join(dir, 'index.html'), join(dir, 'index.html.away'));
      try {
        for (const path of ['/console/', '/console/inbox', '/console/assets/app-3f9a1c.js']) {
          const res = await raw(t.baseUrl, path);
          expect(res.status).toBe(503);
          expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
          expect(res.body.toString()).toMatch(/npm run build:console/);
          expect(res.body.toString()).not.toContain(dir);
        }
      } finally {
        renameSync(join(dir, 'index.html.away'), join(dir, 'index.html'));
      }
      // A rebuild (new mtime) is served without a restart.
      writeFileSync(
        join(dir, 'index.html'),
        '<!doctype html><html lang="en"><title>Rebuilt</title></html>\n',
      );
      const later = new Date(Date.now() + 5000);
      utimesSync(join(dir, 'index.html'), later, later);
      const res = await raw(t.baseUrl, '/console/', { 'Accept-Encoding': 'br' });
      expect(res.status).toBe(200);
      expect(brotliDecompressSync(res.body).toString()).toContain('Rebuilt');
    });
  });
});
