import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import type { ApiResponse } from '../support/api';
import { mlaBody, type Parties, seedParties } from '../support/parties';
import { MATRIX_ROUTES } from '../support/routes';
import { dbSnapshot, errorBodyProblems, randomId, requestInStatus, unknownToken } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Property-based hostile input: thousands of random and malformed bodies, ids, headers and action names
 * sent to every route by every kind of caller. Whatever comes in: never a 5xx, every 4xx body names the
 * problem (code and message; a 400 VALIDATION_FAILED lists the offending fields), and a refused call leaves
 * the database as it was. Afterwards no token and no personal data may appear in the logs.
 */

/** Personal data planted in bodies and query strings; none of it may reach a log line. */
const CANARIES = ['Nguyen Van Canarybird', 'canarybird@example.vn', 'Operation Canarybird'];

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Raw HTTP, so that malformed JSON, odd content types and odd paths reach the server as they are. */
function send(baseUrl: string, call: Call): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const payload = call.body === undefined ? undefined : Buffer.from(call.body, 'utf8');
    const req = httpRequest(
      new URL(call.path, baseUrl),
      {
        method: call.method,
        headers: { ...call.headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: errorBodyProblems will say so
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers as Record<string, string> });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Printable ASCII: what an HTTP client can put in a header at all. */
const headerText = (maxLength = 80): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '../..',
    '%',
    '%00',
    '%E0%A4%A',
    '%zz',
    "' OR 1=1 --",
    '<script>',
    '\u202e',
    'null',
  ),
  headerText(2000),
);

/** Ids: real ones, unknown UUIDs, near-UUIDs and junk, sometimes percent-encoded, sometimes raw. */
function idArb(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
    { weight: 1, arbitrary: fc.uuid().map((u) => `{${u}}`) },
    { weight: 1, arbitrary: fc.uuid().map((u) => u.slice(0, 35)) },
    { weight: 1, arbitrary: fc.uuid().map((u) => u.replace(/-/g, '')) },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1e9', '00000000-0000-0000-0000-000000000000') },
    { weight: 3, arbitrary: anyText.map((s) => encodeURIComponent(s) || 'x') },
    { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '%', '%G1', '..%2F..%2Fetc', '%00', '%2F') },
  );
}

const jsonValue = fc.jsonValue({ maxDepth: 4 });

/** A complete, valid request body with one thing broken (or planted). */
function mutatedBody(counterpart: string): fc.Arbitrary<unknown> {
  const base = mlaBody(counterpart, {
    subject: CANARIES[2],
    personsConcerned: [{ name: CANARIES[0], role: 'suspect' }],
    details: { assistanceTypes: ['subscriber-info'], items: [{ type: 'email-account', value: CANARIES[1] }] },
  });
  const keys = Object.keys(base);
  return fc.oneof(
    fc
      .record({ key: fc.constantFrom(...keys), value: jsonValue })
      .map(({ key, value }) => ({ ...base, [key]: value })),
    fc.constantFrom(...keys).map((key) => {
      const copy: Record<string, unknown> = { ...base };
      delete copy[key];
      return copy;
    }),
    fc
      .record({ key: fc.string({ maxLength: 20 }), value: jsonValue })
      .map(({ key, value }) => ({ ...base, [key]: value })),
    jsonValue.map((v) => ({ ...base, offences: [{ provision: v, description: v }] })),
    jsonValue.map((v) => ({ ...base, details: { assistanceTypes: [v], items: [{ type: v, value: v }] } })),
    fc.constant({
      ...base,
      personsConcerned: [{ name: CANARIES[0], role: 'suspect', dateOfBirth: '1990-02-30' }],
    }),
  );
}

/** Raw bodies: JSON values, malformed text, prototype pollution attempts, deep nesting, planted data. */
function bodyArb(counterpart: string): fc.Arbitrary<string | undefined> {
  const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
  return fc.oneof(
    { weight: 3, arbitrary: jsonValue.map((v) => JSON.stringify(v)) },
    { weight: 3, arbitrary: mutatedBody(counterpart).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '{',
        '[1,',
        '{"a":}',
        '"unterminated',
        'nul',
        '\uFEFF{}',
        '{"a":1,"a":2}',
        '1e999',
        '{"x":"\\u0000"}',
        '{"__proto__":{"roles":["admin"]}}',
        '{"constructor":{"prototype":{"isAdmin":true}}}',
        `{"details":${deep(3000)}}`,
        deep(20000),
        `{"reasons":"${'r'.repeat(100000)}"}`,
        JSON.stringify({ q: CANARIES[0], reasons: CANARIES[1] }),
      ),
    },
    { weight: 1, arbitrary: anyText },
  );
}

describe('Hostile input: random and malformed calls to every route', () => {
  let t: TestApp;
  let p: Parties;
  let tokens: string[];
  let knownIds: string[];
  let actions: string[];
  const garbageToken = `ccr_${'Canarybird'.repeat(4)}`;
  let calls = 0;

  beforeAll(async () => {
    // No workers: nothing changes the database behind the test's back. Limits that never bite.
    t = await startTestApp({
      workers: false,
      env: { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_TOKEN: '1000000000' },
    });
    p = await seedParties(t);
    const draft = await requestInStatus(p, 'DRAFT');
    const submitted = await requestInStatus(p, 'DRAFT');
    expect((await p.vnm.officer.act(submitted, 'submit')).status).toBe(200);
    const spare = await p.admin.post(`/v1/authorities/${p.gha.authorityId}/users`, {
      name: 'Spare',
      roles: ['officer'],
    });
    const hook = await p.vnm.officer.post('/v1/webhooks', { url: 'http://127.0.0.1:9/hooks' });
    knownIds = [draft, submitted, spare.body.id, hook.body.id, p.aut.authorityId, randomId()];
    const workflows = await p.vnm.officer.get('/v1/workflows');
    actions = [
      ...new Set<string>(
        (workflows.body as { actions: { action: string }[] }[]).flatMap((w) =>
          w.actions.map((a) => a.action),
        ),
      ),
    ];
    expect(actions).toContain('submit');
    tokens = [
      p.admin,
      p.vnm.officer,
      p.vnm.approver,
      p.vnm.auditor,
      p.aut.officer,
      p.aut.approver,
      p.gha.officer,
    ].map((api) => api.token as string);
  });
  afterAll(async () => {
    await t.close();
  });

  const authorization = (): fc.Arbitrary<Record<string, string>> =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...tokens).map((tk) => ({ authorization: `Bearer ${tk}` })) },
      { weight: 1, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          { authorization: `Bearer ${garbageToken}` },
          { authorization: `Bearer ${unknownToken()}` },
          { authorization: 'Bearer' },
          { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
        ),
      },
      { weight: 1, arbitrary: headerText(300).map((h) => ({ authorization: h })) },
    );

  /** The route's path with every parameter replaced, and sometimes a random query string. */
  const pathArb = (template: string): fc.Arbitrary<string> =>
    fc
      .record({
        id: idArb(knownIds),
        action: fc.oneof(
          fc.constantFrom(...actions),
          anyText.map((s) => encodeURIComponent(s) || 'x'),
        ),
        country: fc.oneof(
          fc.constantFrom('AUT', 'VNM', 'aut', 'XXXX'),
          anyText.map((s) => encodeURIComponent(s) || 'x'),
        ),
        query: fc.option(
          fc
            .array(
              fc.tuple(
                fc.constantFrom('box', 'status', 'channel', 'cursor', 'limit', 'requestId', 'q', 'from'),
                anyText,
              ),
              {
                maxLength: 4,
              },
            )
            .map((pairs) =>
              [...pairs, ['q', CANARIES[0]]]
                .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
                .join('&'),
            ),
          { nil: undefined },
        ),
      })
      .map(
        ({ id, action, country, query }) =>
          template.replace(':id', id).replace(':action', action).replace(':country', country) +
          (query ? `?${query}` : ''),
      );

  /** The headers a hostile client may send besides Authorization. */
  const extraHeaders = fc.record(
    {
      'content-type': fc.oneof(
        fc.constant('application/json'),
        fc.constantFrom(
          'application/json; charset=utf-16',
          'application/json; charset=latin1',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
        ),
        headerText(60),
      ),
      'if-match': fc.oneof(
        fc.constantFrom('"1"', '"2"', 'W/"1"', '*', '""', '"-1"', '"1e3"', '"1", "2"'),
        headerText(60),
      ),
      'x-request-id': headerText(100),
      'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'),
      accept: headerText(40),
    },
    { requiredKeys: ['content-type'] },
  );

  const routeArb = fc.constantFrom(...MATRIX_ROUTES.filter((r) => !r.includes('/docs')));

  const callArb = (): fc.Arbitrary<Call> =>
    routeArb.chain((route) => {
      const [method, template] = route.split(' ');
      return fc
        .record({
          path: pathArb(template),
          auth: authorization(),
          headers: extraHeaders,
          body: bodyArb(p.aut.authorityId),
        })
        .map(({ path, auth, headers, body }) => ({ method, path, headers: { ...headers, ...auth }, body }));
    });

  /** One hostile call and everything it must satisfy; throws with the call and the answer otherwise. */
  async function check(call: Call): Promise<void> {
    const before = await dbSnapshot(t);
    const res = await send(t.baseUrl, call);
    calls++;
    const problems: string[] = [];
    if (res.status < 200 || res.status >= 500) {
      problems.push(`status ${res.status}`);
    }
    if (res.status >= 400) {
      problems.push(...errorBodyProblems(res));
      const body = res.body as { code?: string; details?: unknown };
      if (res.status === 400 && body?.code === 'VALIDATION_FAILED') {
        const details = body.details;
        if (
          !Array.isArray(details) ||
          details.length === 0 ||
          !details.every(
            (d: { field?: unknown; messages?: unknown }) =>
              typeof d.field === 'string' &&
              d.field !== '' &&
              Array.isArray(d.messages) &&
              d.messages.length > 0 &&
              d.messages.every((m) => typeof m === 'string' && m !== ''),
          )
        ) {
          problems.push(`VALIDATION_FAILED without field details: ${JSON.stringify(details)}`);
        }
      }
      const after = await dbSnapshot(t);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        problems.push('the database changed on a refused call');
      }
    }
    if (problems.length > 0) {
      const shown = {
        ...call,
        body: call.body && call.body.length > 300 ? `${call.body.slice(0, 300)}…` : call.body,
      };
      throw new Error(
        `${problems.join('; ')}\ncall: ${JSON.stringify(shown)}\nanswer: ${res.status} ${JSON.stringify(res.body)?.slice(0, 500)}`,
      );
    }
  }

  it('should answer every random call to every route without a 5xx, naming the problem, changing nothing when refusing', async () => {
    await fc.assert(fc.asyncProperty(callArb(), check), { numRuns: 2000 });
  }, 300_000);

  it('should refuse random action names and payloads on real requests, by every party, cleanly', async () => {
    const actionCall = fc
      .record({
        id: fc.constantFrom(...knownIds.slice(0, 2)),
        action: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...actions) },
          { weight: 1, arbitrary: anyText },
        ),
        token: fc.constantFrom(...tokens),
        body: bodyArb(p.aut.authorityId),
        ifMatch: fc.option(fc.constantFrom('"1"', '"2"', '"3"', '"99"', 'junk'), { nil: undefined }),
      })
      .map(({ id, action, token, body, ifMatch }): Call => ({
        method: 'POST',
        path: `/v1/requests/${id}/actions/${encodeURIComponent(action) || 'x'}`,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(ifMatch ? { 'if-match': ifMatch } : {}),
        },
        body,
      }));
    await fc.assert(fc.asyncProperty(actionCall, check), { numRuns: 1000 });
  }, 300_000);

  it('should validate random request drafts field by field and store none of the invalid ones', async () => {
    const draftCall = fc
      .record({ body: mutatedBody(p.aut.authorityId), patch: fc.boolean(), id: fc.constantFrom(knownIds[0]) })
      .map(({ body, patch, id }): Call => ({
        method: patch ? 'PATCH' : 'POST',
        path: patch ? `/v1/requests/${id}` : '/v1/requests',
        headers: {
          authorization: `Bearer ${p.vnm.officer.token as string}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }));
    await fc.assert(fc.asyncProperty(draftCall, check), { numRuns: 1000 });
  }, 300_000);

  it('should never write a token, nor personal data sent in bodies and queries, to the logs', () => {
    const all = t.logs.join('\n');
    expect(calls).toBeGreaterThanOrEqual(4000);
    expect(t.logs.length).toBeGreaterThanOrEqual(calls);
    for (const token of [...tokens, garbageToken]) {
      expect(all).not.toContain(token);
    }
    for (const canary of [...CANARIES, 'Canarybird']) {
      expect(all).not.toContain(canary);
    }
    for (const line of t.logs) {
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  });
});
