import type { INestApplicationContext } from '@nestjs/common';
import { mlaBody, type Parties, seedParties, waitFor } from '../support/parties';
import { loseQueuedJobs, queuedJobCount } from '../support/queue-faults';
import { dbEventCount, dbRequest } from '../support/state';
import { startTestApp, startWorker, type TestApp } from '../support/test-app';

/**
 * PostgreSQL is the truth, whichever backend the queues run on (Redis, or BullMQ's PostgreSQL backend): a
 * lost queue loses no delivery and no legal clock, and doubles nothing. The Redis-only faults (a server
 * stopped, restarted, flushed whole) are in durability.e2e-spec.ts and clocks-durability.e2e-spec.ts.
 */
describe('Queue loss on the backend in use', () => {
  let t: TestApp;
  let p: Parties;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    // The API process alone: jobs are queued, but nobody runs them until a worker starts.
    t = await startTestApp({ workers: false });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  const statusOf = async (id: string): Promise<string | undefined> => (await dbRequest(t, id))?.status;
  const eventCount = (id: string, action: string): Promise<number> => dbEventCount(t, id, action);

  it('should deliver requests whose queued jobs were lost, and fire a lost timer, exactly once each', async () => {
    const first = (await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId))).body.id as string;
    const second = (await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId))).body.id as string;
    expect((await p.vnm.officer.act(first, 'submit')).status).toBe(200);
    expect((await p.vnm.officer.act(second, 'submit')).status).toBe(200);
    await waitFor('the delivery jobs in the queue', async () => (await queuedJobCount(t)) >= 2);

    await loseQueuedJobs(t);
    expect(await queuedJobCount(t)).toBe(0);
    expect(await statusOf(first)).toBe('SUBMITTED');

    // A worker process starts: its sweep finds the undone outbox rows and queues them again.
    worker = await startWorker(t);
    await waitFor(
      'delivery after the loss',
      async () => (await statusOf(first)) === 'RECEIVED' && (await statusOf(second)) === 'RECEIVED',
    );
    expect(await eventCount(first, 'deliver')).toBe(1);
    expect(await eventCount(second, 'deliver')).toBe(1);

    // A postponement's timer, lost while pending, still fires at its time, once.
    await p.aut.officer.act(second, 'acknowledge');
    const until = new Date(Date.now() + 1500).toISOString();
    expect(
      (await p.aut.approver.act(second, 'postpone', { reasons: 'Own investigation', until })).status,
    ).toBe(200);
    await waitFor('the timer in the queue', async () => (await queuedJobCount(t)) > 0);
    await loseQueuedJobs(t);
    await waitFor('the timer to fire', async () => (await statusOf(second)) === 'UNDER_REVIEW', 10000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(until));
    // Give a duplicate the chance to show up, then check there is none and nothing is left undone.
    await new Promise((r) => setTimeout(r, 1200));
    expect(await eventCount(second, 'resume')).toBe(1);
    const undone = await t.db.query('SELECT count(*) FROM outbox WHERE processed_at IS NULL');
    expect(Number(undone.rows[0].count)).toBe(0);
  });
});
