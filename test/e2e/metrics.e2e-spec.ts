import request from 'supertest';
import { deliveredRequest, type Parties, seedParties, waitFor } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

const METRICS_TOKEN = 'metrics-scraper-token-0123456789';

/** One sample's value (the first line of `name{...labels}` containing every given label), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !(line.startsWith(`${name}{`) || line.startsWith(`${name} `))) {
      continue;
    }
    if (wanted.every((w) => line.includes(w))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe('GET /metrics (Prometheus)', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN } });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const scrape = (token?: string) => {
    const req = request(t.baseUrl).get('/metrics');
    return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
  };

  it('should answer 401 without a token or with an unknown one, 403 to a token of another role', async () => {
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    expect((await scrape('not-the-metrics-token-at-all')).status).toBe(401);
    expect((await scrape(`ccr_${'x'.repeat(43)}`)).status).toBe(401);
    expect((await request(t.baseUrl).get('/metrics').set('Authorization', 'Basic abc')).status).toBe(401);
    const officer = await scrape(p.vnm.officer.token!);
    expect(officer.status).toBe(403);
    expect(officer.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect(officer.text).not.toContain('ccr_transitions_total');
  });

  it('should let METRICS_TOKEN read nothing else', async () => {
    const res = await request(t.baseUrl)
      .get('/v1/authorities')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(401);
  });

  it('should serve the exposition format with the admin token and with METRICS_TOKEN', async () => {
    for (const token of [t.adminToken, METRICS_TOKEN]) {
      const res = await scrape(token);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('# TYPE ccr_http_request_duration_seconds histogram');
      expect(res.text).toContain('# TYPE ccr_transitions_total counter');
      expect(res.text).toContain('# TYPE process_cpu_user_seconds_total counter');
      expect(res.text).toMatch(/^ccr_outbox_lag_seconds \d/m);
      expect(res.text).toMatch(/^ccr_clocks_due \d/m);
    }
  });

  it('should count transitions by channel and action, time HTTP by route pattern, and show queues', async () => {
    const id = await deliveredRequest(p);
    const res = await waitFor('the delivery job in the metrics', async () => {
      const r = await scrape(METRICS_TOKEN);
      return sample(r.text, 'ccr_job_duration_seconds_count', { queue: 'mla', outcome: 'completed' })
        ? r
        : undefined;
    });
    const text = res.text;
    expect(
      sample(text, 'ccr_transitions_total', { channel: 'mla', action: 'submit' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'ccr_transitions_total', { channel: 'mla', action: 'deliver' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'ccr_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/v1/requests/:id/actions/:action',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'ccr_http_request_duration_seconds_count', { method: 'GET', route: '/v1/requests/:id' }),
    ).toBeGreaterThanOrEqual(1);
    // Never a raw path: no id of a request, no token.
    expect(text).not.toContain(id);
    expect(text).not.toContain(METRICS_TOKEN);
    expect(sample(text, 'ccr_queue_jobs', { queue: 'mla', state: 'waiting' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'ccr_job_latency_seconds_count', { queue: 'mla' })).toBeGreaterThanOrEqual(1);
  });

  it('should label requests that matched no route as unmatched, not by their path', async () => {
    await request(t.baseUrl).get('/v1/no-such-route/12345');
    const text = (await scrape(METRICS_TOKEN)).text;
    expect(text).not.toContain('no-such-route');
    expect(
      sample(text, 'ccr_http_request_duration_seconds_count', { route: '(unmatched)', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
  });
});
