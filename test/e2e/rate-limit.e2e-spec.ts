import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { Api, type ApiResponse } from '../support/api';
import { mlaBody } from '../support/parties';
import { dbSnapshot, errorBodyProblems, unknownToken } from '../support/state';
import { PrivateRedis } from '../support/private-redis';
import { startSecondApi, startTestApp, type TestApp } from '../support/test-app';

/** Users made through the service, so that setting up spends none of the HTTP budget under test. */
async function officers(
  t: TestApp,
  count: number,
): Promise<{ authorityId: string; counterpartId: string; tokens: string[] }> {
  const service = t.app.get(AuthoritiesService);
  const own = await service.register({
    code: 'VNM-MPS-CA',
    name: 'VNM',
    country: 'VNM',
    kind: 'central',
    languages: ['en'],
  });
  const other = await service.register({
    code: 'AUT-BMJ-CA',
    name: 'AUT',
    country: 'AUT',
    kind: 'central',
    languages: ['en'],
  });
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push((await service.createUser(own.id, `VNM officer ${i}`, ['officer'])).token);
  }
  return { authorityId: own.id, counterpartId: other.id, tokens };
}

function expectRateLimited(res: ApiResponse, scope: 'token' | 'address' | 'session'): void {
  expect(res.status).toBe(429);
  expect(errorBodyProblems(res)).toEqual([]);
  expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'RATE_LIMITED' });
  expect(res.body.message).toContain(`from this ${scope}`);
  expect(res.body.requestId).toEqual(res.headers['x-request-id']);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
}

describe('Rate limiting per token and per address', () => {
  let t: TestApp;
  let tokens: string[];
  let counterpartId: string;

  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_WINDOW_MS: '60000', RATE_LIMIT_PER_TOKEN: '5', RATE_LIMIT_PER_IP: '20' },
    });
    ({ tokens, counterpartId } = await officers(t, 3));
  });
  afterAll(async () => {
    await t.close();
  });

  it('should answer 429 with the standard error body and Retry-After once a token spent its budget', async () => {
    const api = new Api(t.baseUrl, tokens[0]);
    for (let i = 0; i < 5; i++) {
      expect((await api.get('/v1/authorities')).status).toBe(200);
    }
    const refused = await api.get('/v1/authorities');
    expectRateLimited(refused, 'token');
    // 5 per minute, counted in windows of a minute from the first request: back when the window ends.
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another user's token from the same address is not affected.
    expect((await new Api(t.baseUrl, tokens[1]).get('/v1/authorities')).status).toBe(200);
  });

  it('should refuse an over-limit request before reading its body or touching the database', async () => {
    const api = new Api(t.baseUrl, tokens[0]);
    const before = await dbSnapshot(t);
    const create = await api.post('/v1/requests', mlaBody(counterpartId));
    expectRateLimited(create, 'token');
    const huge = await api.post('/v1/requests', { blob: 'x'.repeat(2 * 1024 * 1024) });
    expectRateLimited(huge, 'token');
    expect(await dbSnapshot(t)).toEqual(before);
  });

  it('should limit an address whatever it sends: no token, unknown tokens, valid ones, public routes', async () => {
    const anonymous = new Api(t.baseUrl, null);
    const statuses: number[] = [];
    let refused: ApiResponse | undefined;
    for (let i = 0; i < 30 && !refused; i++) {
      const res = await (i % 2 === 0 ? anonymous : new Api(t.baseUrl, unknownToken())).get('/v1/authorities');
      statuses.push(res.status);
      if (res.status === 429) {
        refused = res;
      }
    }
    // Guessing tokens ends in 429, not in an endless series of 401.
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(5);
    expect(refused).toBeDefined();
    expectRateLimited(refused as ApiResponse, 'address');
    expectRateLimited(await new Api(t.baseUrl, tokens[2]).get('/v1/authorities'), 'address');
    expectRateLimited(await anonymous.get('/health'), 'address');
  });

  it('should log refused requests with their request id and never the token', () => {
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === 'request' && l.status === 429).length).toBeGreaterThan(3);
    const all = t.logs.join('\n');
    for (const token of tokens) {
      expect(all).not.toContain(token);
    }
  });
});

describe('Rate limiting: the budget comes back', () => {
  let t: TestApp;
  let tokens: string[];

  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_WINDOW_MS: '1000', RATE_LIMIT_PER_TOKEN: '2', RATE_LIMIT_PER_IP: '1000' },
    });
    ({ tokens } = await officers(t, 1));
  });
  afterAll(async () => {
    await t.close();
  });

  it('should let a token in again after Retry-After', async () => {
    const api = new Api(t.baseUrl, tokens[0]);
    expect((await api.get('/v1/workflows')).status).toBe(200);
    expect((await api.get('/v1/workflows')).status).toBe(200);
    const refused = await api.get('/v1/workflows');
    expectRateLimited(refused, 'token');
    expect(refused.headers['retry-after']).toBe('1');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await api.get('/v1/workflows')).status).toBe(200);
  });
});

describe('Rate limiting behind a reverse proxy', () => {
  // A window of its own, long enough that four requests on a loaded machine fall in it (the suites before
  // set a 1 s window in the environment).
  const WINDOW = { RATE_LIMIT_WINDOW_MS: '60000' };
  const spoofing = (t: TestApp, address: string): Promise<ApiResponse> =>
    new Api(t.baseUrl, null).get('/v1/authorities', { 'X-Forwarded-For': address });

  it('should ignore X-Forwarded-For by default: a client cannot dodge its limit by inventing addresses', async () => {
    const t = await startTestApp({ env: { ...WINDOW, RATE_LIMIT_PER_IP: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await spoofing(t, `203.0.113.${i + 1}`)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await t.close();
    }
  });

  it('should count each client apart behind a proxy named in TRUST_PROXY', async () => {
    const t = await startTestApp({ env: { ...WINDOW, RATE_LIMIT_PER_IP: '3', TRUST_PROXY: 'loopback' } });
    try {
      for (let i = 0; i < 3; i++) {
        expect((await spoofing(t, '203.0.113.7')).status).toBe(401);
      }
      expectRateLimited(await spoofing(t, '203.0.113.7'), 'address');
      // Another client behind the same proxy still has its own budget.
      expect((await spoofing(t, '198.51.100.9')).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('Rate limiting per console session', () => {
  let t: TestApp;
  let tokens: string[];

  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_WINDOW_MS: '60000', RATE_LIMIT_PER_TOKEN: '3', RATE_LIMIT_PER_IP: '100' },
    });
    ({ tokens } = await officers(t, 2));
  });
  afterAll(async () => {
    await t.close();
  });

  /** Signs in with `token` (one request of the address's budget, none of the token's) and returns the cookie. */
  async function signIn(token: string): Promise<string> {
    const res = await fetch(`${t.baseUrl}/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(res.status).toBe(201);
    const cookie = /coop_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    expect(cookie).toBeDefined();
    return `coop_session=${cookie}`;
  }

  async function withCookie(cookie: string): Promise<ApiResponse> {
    const res = await fetch(`${t.baseUrl}/v1/session`, { headers: { Cookie: cookie } });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    return { status: res.status, body: await res.json(), headers };
  }

  it('should give each session a budget of its own, apart from other sessions and from the address', async () => {
    const first = await signIn(tokens[0]);
    const second = await signIn(tokens[1]);
    for (let i = 0; i < 3; i++) {
      expect((await withCookie(first)).status).toBe(200);
    }
    expectRateLimited(await withCookie(first), 'session');
    // Another session, and the address, still have theirs.
    expect((await withCookie(second)).status).toBe(200);
    expect((await new Api(t.baseUrl, tokens[1]).get('/v1/workflows')).status).toBe(200);
  });
});

describe('Rate limits across the API processes of an install', () => {
  const LIMITS = { RATE_LIMIT_WINDOW_MS: '60000', RATE_LIMIT_PER_TOKEN: '4', RATE_LIMIT_PER_IP: '1000' };
  let t: TestApp;
  let second: Awaited<ReturnType<typeof startSecondApi>>;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ env: LIMITS });
    second = await startSecondApi(t, LIMITS);
    [token] = (await officers(t, 1)).tokens;
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('should give a token one budget behind a load balancer when the queues run on Redis, one per process otherwise', async () => {
    const one = new Api(t.baseUrl, token);
    const two = new Api(second.baseUrl, token);
    for (const api of [one, two, one, two]) {
      expect((await api.get('/v1/workflows')).status).toBe(200);
    }
    const fifth = await two.get('/v1/workflows');
    if (t.redisUrl) {
      // Shared in Redis under the install's prefix: the fifth request is over the budget on either process.
      expectRateLimited(fifth, 'token');
      expectRateLimited(await one.get('/v1/workflows'), 'token');
    } else {
      // Queues on PostgreSQL (one process by design): each process counts its own requests, four each.
      expect(fifth.status).toBe(200);
      expect((await two.get('/v1/workflows')).status).toBe(200);
      expectRateLimited(await two.get('/v1/workflows'), 'token');
    }
  });
});

describe('Rate limits while Redis is down', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    redis = await new PrivateRedis().start();
    t = await startTestApp({
      redisUrl: redis.url,
      env: { RATE_LIMIT_WINDOW_MS: '60000', RATE_LIMIT_PER_TOKEN: '3', RATE_LIMIT_PER_IP: '1000' },
    });
    [token] = (await officers(t, 1)).tokens;
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('should keep counting in the process (neither refusing everything nor letting everything in)', async () => {
    const api = new Api(t.baseUrl, token);
    expect((await api.get('/v1/workflows')).status).toBe(200);
    expect(await redis.keyCount(`${t.queuePrefix}:rate:*`)).toBeGreaterThan(0);
    await redis.stop();
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push((await api.get('/v1/workflows')).status);
    }
    // The insurance limiter starts its own count when Redis fails: three allowed, the fourth refused.
    expect(answers).toEqual([200, 200, 200, 429]);
    // Back (same port) before the app closes, as in production: its queues' connections reconnect.
    await redis.start();
  });
});
