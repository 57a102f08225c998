import { connect } from 'node:net';
import request from 'supertest';
import { apiFor } from '../support/api';
import { mlaBody, type Parties, seedParties } from '../support/parties';
import { MATRIX_ROUTES, PUBLIC_DOCS_ROUTES, registeredRoutes } from '../support/routes';
import { dbSnapshot, errorBodyProblems } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

/** The attack surface: every route declared and in the matrix, security headers, body size limit. */
describe('Hostile input: routes, headers and body size', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should give every registered route an access rule and a place in the access matrix', () => {
    const registered = registeredRoutes(t.app);
    const problems: string[] = [];
    for (const r of registered) {
      if (r.handler) {
        const rule = r.rule;
        if (!rule || (!('public' in rule) && rule.roles.length === 0)) {
          problems.push(`${r.route} (${r.handler}) declares no access rule (@Public() or @Roles(...))`);
        }
        if (!(MATRIX_ROUTES as readonly string[]).includes(r.route)) {
          problems.push(`${r.route} (${r.handler}) is missing from MATRIX_ROUTES and the access matrix`);
        }
      } else if (!PUBLIC_DOCS_ROUTES.test(r.route)) {
        problems.push(`${r.route} is served outside the controllers, hence outside the access guard`);
      }
    }
    for (const route of MATRIX_ROUTES) {
      if (!registered.some((r) => r.route === route)) {
        problems.push(`${route} is in MATRIX_ROUTES but the app does not serve it`);
      }
    }
    expect(problems).toEqual([]);
    // Sanity: the enumeration does see the controllers and their rules.
    expect(registered.find((r) => r.route === 'GET /health')?.rule).toEqual({ public: true });
    expect(registered.find((r) => r.route === 'POST /v1/authorities')?.rule).toEqual({ roles: ['admin'] });
  });

  const API_HEADERS = {
    'content-security-policy': /default-src 'none'.*frame-ancestors 'none'/,
    'x-content-type-options': /^nosniff$/,
    'x-frame-options': /^DENY$/,
    'strict-transport-security': /max-age=\d+/,
    'referrer-policy': /^no-referrer$/,
    'cross-origin-opener-policy': /^same-origin$/,
    'cross-origin-resource-policy': /^same-origin$/,
  };

  it('should send security headers on answers and errors alike, and no X-Powered-By', async () => {
    const anon = apiFor(t, null);
    const responses = {
      health: await anon.get('/health'),
      list: await p.vnm.officer.get('/v1/requests'),
      created: await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId)),
      unauthenticated: await anon.get('/v1/requests'),
      invalid: await p.vnm.officer.post('/v1/requests', { channel: 'mla' }),
      unknownRoute: await anon.get('/v1/nothing-here'),
      malformedJson: await p.vnm.officer.send('POST', '/v1/requests', '{"channel":', {
        'Content-Type': 'application/json',
      }),
    };
    const problems: string[] = [];
    for (const [name, res] of Object.entries(responses)) {
      for (const [header, pattern] of Object.entries(API_HEADERS)) {
        if (!pattern.test(String(res.headers[header] ?? ''))) {
          problems.push(`${name} (${res.status}): ${header} = ${String(res.headers[header])}`);
        }
      }
      if (res.headers['x-powered-by'] !== undefined) {
        problems.push(`${name}: X-Powered-By sent`);
      }
    }
    expect(problems).toEqual([]);
    expect(responses.created.status).toBe(201);
    expect(responses.unknownRoute.status).toBe(404);
    expect(responses.malformedJson.status).toBe(400);
  });

  it('should keep the API docs working under their own policy: scripts and styles from this origin only', async () => {
    const page = await request(t.baseUrl).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    // Under script-src 'self', an inline script would not run: every script must come from a file.
    const html = page.text;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
    const assets = [...html.matchAll(/(?:src|href)=["']([^"']+\.(?:js|css))["']/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      const url = new URL(asset, `${t.baseUrl}/docs`);
      expect(url.origin).toBe(t.baseUrl);
      const res = await request(t.baseUrl).get(url.pathname);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
    }
    const init = await request(t.baseUrl).get('/docs/swagger-ui-init.js');
    expect(init.text).toContain('/v1/requests');
    expect((await request(t.baseUrl).get('/docs-json')).body.openapi).toMatch(/^3\./);
  });

  it('should refuse a body over 1 MB with 413 and the standard error body, and store nothing', async () => {
    const before = await dbSnapshot(t);
    const big = mlaBody(p.aut.authorityId, { factsSummary: 'x'.repeat(1024 * 1024) });
    const res = await p.vnm.officer.post('/v1/requests', big);
    expect(res.status).toBe(413);
    expect(errorBodyProblems(res)).toEqual([]);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', requestId: res.headers['x-request-id'] });
    const action = await p.vnm.officer.act('00000000-0000-4000-8000-000000000000', 'withdraw', {
      reasons: 'y'.repeat(1024 * 1024 + 1),
    });
    expect(action.status).toBe(413);
    // Just under the limit, the body is read and judged on its merits (here: a field too long).
    const under = await p.vnm.officer.post(
      '/v1/requests',
      mlaBody(p.aut.authorityId, { subject: 'z'.repeat(900_000) }),
    );
    expect(under.status).toBe(400);
    expect(under.body.code).toBe('VALIDATION_FAILED');
    expect(await dbSnapshot(t)).toEqual(before);
  });

  /** Writes raw bytes to the server and returns what it answers (until it closes or `until` matches). */
  function raw(text: string, until: RegExp): Promise<string> {
    const { port } = new URL(t.baseUrl);
    return new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
      let received = '';
      const done = (): void => {
        socket.destroy();
        resolve(received);
      };
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (until.test(received)) {
          done();
        }
      });
      socket.on('end', done);
      socket.on('error', reject);
      socket.setTimeout(5000, () => reject(new Error(`no answer; so far: ${received}`)));
    });
  }

  it('should refuse a body declared too large from its Content-Length, before reading it', async () => {
    const head = await raw(
      [
        'POST /v1/requests HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Bearer ${p.vnm.officer.token as string}`,
        'Content-Type: application/json',
        `Content-Length: ${5 * 1024 * 1024}`,
        '',
        '{"channel":',
      ].join('\r\n'),
      /\r\n\r\n/,
    );
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('should answer what the HTTP parser refuses (huge headers, a garbled request) with a JSON error body', async () => {
    const huge = await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Junk: ${'j'.repeat(20000)}\r\n\r\n`, /\}$/);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toMatchObject({
      statusCode: 431,
      code: 'HEADERS_TOO_LARGE',
      message: expect.any(String),
      error: 'Request Header Fields Too Large',
    });
    const garbled = await raw('BLAH /\x01 HTTP/9\r\n\r\n', /\}$/);
    expect(garbled).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbled.slice(garbled.indexOf('\r\n\r\n') + 4))).toMatchObject({
      statusCode: 400,
      code: 'BAD_REQUEST',
    });
  });
});
