import { contactPoint, type ContactPoint, preservationBody } from '../support/contact-points';
import { mlaBody, type Parties, seedParties, waitFor } from '../support/parties';
import { PrivateRedis } from '../support/private-redis';
import { startTestApp, type TestApp } from '../support/test-app';

const SECOND = 1 / 86400;

/** Every legal clock is a row in Postgres: a FLUSHALL delays it by at most a sweep, never loses or doubles it. */
describe('Legal clocks survive a flushed Redis', () => {
  const redis = new PrivateRedis();
  let t: TestApp;
  let p: Parties;
  let autPoc: ContactPoint;

  beforeAll(async () => {
    await redis.start();
    t = await startTestApp({
      redisUrl: redis.url,
      env: {
        PRESERVATION_MIN_DAYS: '0',
        PRESERVATION_DAYS: String(4 * SECOND),
        PRESERVATION_REMINDER_DAYS: String(2 * SECOND),
        STATUS_ENQUIRY_REMINDER_DAYS: String(3 * SECOND),
        DEADLINE_REMINDER_DAYS: String(2 * SECOND),
      },
    });
    p = await seedParties(t);
    autPoc = await contactPoint(p, 'AUT-BK-247', 'AUT');
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  const status = async (id: string): Promise<string> =>
    (await t.db.query<{ status: string }>('SELECT status FROM cooperation_requests WHERE id = $1', [id]))
      .rows[0].status;
  const count = async (id: string, action: string): Promise<number> =>
    Number(
      (
        await t.db.query('SELECT count(*) FROM audit_events WHERE request_id = $1 AND action = $2', [
          id,
          action,
        ])
      ).rows[0].count,
    );

  it('should fire every pending timer exactly once after a FLUSHALL', async () => {
    const preservations: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await p.vnm.officer.post('/v1/requests', preservationBody(autPoc.authorityId));
      const id = created.body.id as string;
      await p.vnm.officer.act(id, 'send');
      await waitFor('delivery', async () => (await status(id)) === 'RECEIVED');
      await autPoc.officer.act(id, 'start-preservation', {});
      await autPoc.officer.act(id, 'confirm-preservation', { custodianConfirmation: 'Preserved' });
      preservations.push(id);
    }
    // An MLA request with a suggested deadline in 5 s (reminders at 3 s and 5 s) and an unanswered enquiry.
    const mla = await p.vnm.officer.post(
      '/v1/requests',
      mlaBody(p.aut.authorityId, {
        suggestedDeadline: new Date(Date.now() + 5000).toISOString(),
        deadlineReason: 'Logs are deleted soon',
      }),
    );
    const mlaId = mla.body.id as string;
    await p.vnm.officer.act(mlaId, 'submit');
    await waitFor('MLA delivery', async () => (await status(mlaId)) === 'RECEIVED');
    await p.vnm.officer.act(mlaId, 'query-status', { question: 'Any progress?' });

    const pending = await t.db.query(
      `SELECT count(*) FROM outbox WHERE kind = 'timer' AND processed_at IS NULL`,
    );
    expect(Number(pending.rows[0].count)).toBe(3 * 2 + 2 + 1);
    await waitFor(
      'delayed jobs in Redis',
      async () => (await redis.keyCount(`${t.queuePrefix}:*:delayed`)) > 0,
    );
    await redis.flushAll();
    expect(await redis.keyCount(`${t.queuePrefix}:*`)).toBe(0);

    for (const id of preservations) {
      await waitFor('expiry after the flush', async () => (await status(id)) === 'EXPIRED', 15000);
    }
    await waitFor(
      'MLA reminders',
      async () =>
        (await count(mlaId, 'remind-deadline')) === 2 && (await count(mlaId, 'remind-enquiry')) === 1,
      15000,
    );
    // Time for any duplicate to show up.
    await new Promise((r) => setTimeout(r, 1500));
    for (const id of preservations) {
      expect({
        id,
        reminders: await count(id, 'remind-expiry'),
        expiries: await count(id, 'expire'),
      }).toEqual({
        id,
        reminders: 1,
        expiries: 1,
      });
    }
    expect(await count(mlaId, 'remind-deadline')).toBe(2);
    expect(await count(mlaId, 'remind-enquiry')).toBe(1);
    const undone = await t.db.query(`SELECT count(*) FROM outbox WHERE processed_at IS NULL`);
    expect(Number(undone.rows[0].count)).toBe(0);
    const reminders = (await p.vnm.officer.get(`/v1/requests/${mlaId}`)).body.caseData.reminders as {
      detail: string;
    }[];
    // Each once; clocks all due when the sweep re-enqueues them after the flush run in no set order.
    expect(reminders.map((r) => r.detail).sort()).toEqual(
      [
        'the suggested deadline is near',
        'a status enquiry is still unanswered',
        'the suggested deadline has passed',
      ].sort(),
    );
  });

  it('should not remind of an enquiry that was answered in time', async () => {
    const mla = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    const id = mla.body.id as string;
    await p.vnm.officer.act(id, 'submit');
    await waitFor('delivery', async () => (await status(id)) === 'RECEIVED');
    await p.vnm.officer.act(id, 'query-status', { question: 'Any progress?' });
    await p.aut.officer.act(id, 'answer-status', { answer: 'Under review next week' });
    await waitFor('the reminder to be settled', async () => {
      const r = await t.db.query(
        `SELECT outcome FROM outbox WHERE request_id = $1 AND job_name = 'EnquiryRemind'`,
        [id],
      );
      return r.rows[0]?.outcome ? true : undefined;
    });
    expect(await count(id, 'remind-enquiry')).toBe(0);
    const timers = (await p.vnm.officer.get(`/v1/requests/${id}/timers`)).body as {
      label: string;
      status: string;
    }[];
    expect(timers).toEqual([expect.objectContaining({ label: 'Unanswered status enquiry', status: 'void' })]);
  });
});
