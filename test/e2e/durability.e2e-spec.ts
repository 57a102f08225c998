import type { INestApplicationContext } from '@nestjs/common';
import { WorkflowService } from '@/workflows';
import { mlaBody, type Parties, seedParties, waitFor } from '../support/parties';
import { PrivateRedis } from '../support/private-redis';
import { dbEventCount, dbRequest } from '../support/state';
import { startTestApp, startWorker, type TestApp } from '../support/test-app';

/** Postgres is the truth: a flushed Redis, a late worker or a duplicate job loses nothing and doubles nothing. */
describe('Durability of deliveries and timers', () => {
  const redis = new PrivateRedis();
  let t: TestApp;
  let p: Parties;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    await redis.start();
    // The API process alone: jobs are queued in Redis, but nobody runs them until a worker starts.
    t = await startTestApp({ redisUrl: redis.url, workers: false });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
    await redis.stop();
  });

  const statusOf = async (id: string): Promise<string | undefined> => (await dbRequest(t, id))?.status;
  const eventCount = (id: string, action: string): Promise<number> => dbEventCount(t, id, action);

  it('should deliver a request submitted before a FLUSHALL, and a postponement timer, exactly once each', async () => {
    const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    const id = created.body.id as string;
    expect((await p.vnm.officer.act(id, 'submit')).status).toBe(200);
    await waitFor('the delivery job in Redis', async () => (await redis.keyCount(`${t.queuePrefix}:*`)) > 0);

    // A second request, delivered by the same sweep and later postponed with a timer.
    const second = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    const secondId = second.body.id as string;
    await p.vnm.officer.act(secondId, 'submit');

    await redis.flushAll();
    expect(await redis.keyCount(`${t.queuePrefix}:*`)).toBe(0);
    expect(await statusOf(id)).toBe('SUBMITTED');

    // A worker process starts: its sweep finds the undone outbox rows and re-enqueues them.
    worker = await startWorker(t);
    await waitFor(
      'delivery after the flush',
      async () => (await statusOf(id)) === 'RECEIVED' && (await statusOf(secondId)) === 'RECEIVED',
    );
    expect(await eventCount(id, 'deliver')).toBe(1);

    // Postpone the second one, flush Redis while its timer is pending: it still fires, once.
    await p.aut.officer.act(secondId, 'acknowledge');
    const until = new Date(Date.now() + 1500).toISOString();
    expect(
      (await p.aut.approver.act(secondId, 'postpone', { reasons: 'Own investigation', until })).status,
    ).toBe(200);
    await waitFor('the timer in Redis', async () => (await redis.keyCount(`${t.queuePrefix}:*:delayed`)) > 0);
    await redis.flushAll();
    await waitFor('the timer to fire', async () => (await statusOf(secondId)) === 'UNDER_REVIEW', 10000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(until));
    // Give any duplicate a chance to show up, then check there is none.
    await new Promise((r) => setTimeout(r, 1200));
    expect(await eventCount(secondId, 'resume')).toBe(1);
    const undone = await t.db.query('SELECT count(*) FROM outbox WHERE processed_at IS NULL');
    expect(Number(undone.rows[0].count)).toBe(0);
  });

  it('should treat a duplicate run of the same job as already done', async () => {
    worker ??= await startWorker(t);
    const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    const id = created.body.id as string;
    await p.vnm.officer.act(id, 'submit');
    await waitFor('delivery', async () => (await statusOf(id)) === 'RECEIVED');
    const row = (
      await t.db.query<{ id: string }>(
        `SELECT id FROM outbox WHERE request_id = $1 AND job_name = 'RequestDeliver'`,
        [id],
      )
    ).rows[0];
    const engine = worker.get(WorkflowService);
    await expect(engine.runScheduled(row.id)).resolves.toBe('already-done');
    await expect(Promise.all([engine.runScheduled(row.id), engine.runScheduled(row.id)])).resolves.toEqual([
      'already-done',
      'already-done',
    ]);
    expect(await eventCount(id, 'deliver')).toBe(1);
  });

  it('should void a delivery whose request was withdrawn before it ran', async () => {
    await worker?.close();
    worker = undefined;
    const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    const id = created.body.id as string;
    await p.vnm.officer.act(id, 'submit');
    // No worker runs now, so the withdrawal certainly comes first.
    expect((await p.vnm.officer.act(id, 'withdraw', { reasons: 'Sent by mistake' })).body.status).toBe(
      'WITHDRAWN',
    );
    worker = await startWorker(t);
    const outcome = await waitFor('the delivery job to be consumed', async () => {
      const r = await t.db.query<{ outcome: string | null }>(
        `SELECT outcome FROM outbox WHERE request_id = $1 AND job_name = 'RequestDeliver'`,
        [id],
      );
      return r.rows[0]?.outcome ?? undefined;
    });
    expect(outcome).toBe('skipped');
    expect(await statusOf(id)).toBe('WITHDRAWN');
    expect(await eventCount(id, 'deliver')).toBe(0);
    // The counterpart never saw it.
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).status).toBe(404);
  });

  it('should accept transitions while Redis is down and deliver once it is back', async () => {
    worker ??= await startWorker(t);
    await redis.stop();
    const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    const id = created.body.id as string;
    const submitted = await p.vnm.officer.act(id, 'submit');
    expect(submitted.status).toBe(200);
    const asked = Date.now();
    const health = await p.admin.get('/health');
    expect(health.status).toBe(503);
    // Within about a second, naming what is down and why; PostgreSQL still up; the process still live.
    expect(Date.now() - asked).toBeLessThan(1500);
    expect(health.body).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^redis is down: /),
      error: { redis: { status: 'down', backend: 'redis' } },
      info: { postgres: { status: 'up' } },
    });
    expect((await p.admin.get('/health/ready')).status).toBe(503);
    expect((await p.admin.get('/health/live')).status).toBe(200);
    await redis.start();
    await waitFor('delivery after Redis came back', async () => (await statusOf(id)) === 'RECEIVED', 20000);
    expect(await eventCount(id, 'deliver')).toBe(1);
    expect((await p.admin.get('/health')).status).toBe(200);
  });
});
