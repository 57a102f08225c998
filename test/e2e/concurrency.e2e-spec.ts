import { Client } from 'pg';
import { deliveredRequest, mlaBody, type Parties, seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

describe('Versions, preconditions and concurrent actions', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const underReview = async (): Promise<string> => {
    const id = await deliveredRequest(p);
    await p.aut.officer.act(id, 'acknowledge');
    return id;
  };

  it('should expose the version as ETag and honour If-Match', async () => {
    const id = await underReview();
    const read = await p.aut.approver.get(`/v1/requests/${id}`);
    expect(read.headers.etag).toBe(`"${read.body.version}"`);
    const stale = `"${read.body.version - 1}"`;
    const rejected = await p.aut.approver.act(id, 'accept', {}, { 'If-Match': stale });
    expect(rejected.status).toBe(412);
    expect(rejected.body).toMatchObject({
      code: 'VERSION_MISMATCH',
      details: { currentVersion: read.body.version },
    });
    expect((await p.aut.approver.get(`/v1/requests/${id}`)).body.status).toBe('UNDER_REVIEW');

    const accepted = await p.aut.approver.act(id, 'accept', {}, { 'If-Match': read.headers.etag });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.etag).toBe(`"${read.body.version + 1}"`);
  });

  it('should answer 412 to a weak tag, even of the current version, on actions and edits (RFC 9110)', async () => {
    const id = await underReview();
    const read = await p.aut.approver.get(`/v1/requests/${id}`);
    const weak = `W/${read.headers.etag}`;
    const rejected = await p.aut.approver.act(id, 'accept', {}, { 'If-Match': weak });
    expect(rejected.status).toBe(412);
    expect(rejected.body).toMatchObject({
      code: 'VERSION_MISMATCH',
      details: { currentVersion: read.body.version },
    });
    expect((await p.aut.approver.get(`/v1/requests/${id}`)).body).toMatchObject({
      status: 'UNDER_REVIEW',
      version: read.body.version,
    });
    const draft = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    const edit = await p.vnm.officer.patch(
      `/v1/requests/${draft.body.id}`,
      { subject: 'x' },
      { 'If-Match': 'W/"1"' },
    );
    expect(edit.status).toBe(412);
    expect((await p.vnm.officer.get(`/v1/requests/${draft.body.id}`)).body.subject).toBe(draft.body.subject);
  });

  it('should answer 409 for an action not allowed from the current status, naming it', async () => {
    const id = await underReview();
    const res = await p.aut.officer.act(id, 'start-execution');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { status: 'UNDER_REVIEW', allowedFrom: ['ACCEPTED'] },
    });
  });

  it('should let exactly one of two conflicting actions on the same version win', async () => {
    for (let round = 0; round < 8; round++) {
      const id = await underReview();
      const { body } = await p.aut.approver.get(`/v1/requests/${id}`);
      const ifMatch = { 'If-Match': `"${body.version}"` };
      const results = await Promise.all([
        p.aut.approver.act(id, 'accept', {}, ifMatch),
        p.aut.approver.act(
          id,
          'open-consultation',
          { intendedOutcome: 'refuse', reasons: 'Sovereignty' },
          ifMatch,
        ),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 412]);
      const events = await t.db.query('SELECT action FROM audit_events WHERE request_id = $1 ORDER BY seq', [
        id,
      ]);
      const decisions = events.rows.filter(
        (e: { action: string }) => e.action === 'accept' || e.action === 'open-consultation',
      );
      expect(decisions).toHaveLength(1);
    }
  });

  it('should serialise conflicting actions without If-Match: one applies, the other gets 409', async () => {
    for (let round = 0; round < 8; round++) {
      const id = await underReview();
      const results = await Promise.all([
        p.aut.approver.act(id, 'accept'),
        p.aut.approver.act(id, 'postpone', {
          reasons: 'Own proceedings',
          until: new Date(Date.now() + 3600000).toISOString(),
        }),
        p.aut.officer.act(id, 'request-information', { questions: 'Which account?' }),
      ]);
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(2);
      const versions = await t.db.query('SELECT version FROM cooperation_requests WHERE id = $1', [id]);
      const events = await t.db.query('SELECT count(*) FROM audit_events WHERE request_id = $1', [id]);
      expect(Number(events.rows[0].count)).toBe(versions.rows[0].version);
    }
  });

  it('should let only one of two concurrent draft edits based on the same version win', async () => {
    const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    const id = created.body.id as string;
    const results = await Promise.all([
      p.vnm.officer.patch(`/v1/requests/${id}`, { subject: 'First edit' }, { 'If-Match': '"1"' }),
      p.vnm.officer.patch(`/v1/requests/${id}`, { subject: 'Second edit' }, { 'If-Match': '"1"' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = results.find((r) => r.status === 200);
    expect((await p.vnm.officer.get(`/v1/requests/${id}`)).body.subject).toBe(winner?.body.subject);
  });

  it('should issue distinct, gap-free references to requests created in parallel', async () => {
    const created = await Promise.all(
      Array.from({ length: 12 }, () => p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId))),
    );
    expect(created.every((r) => r.status === 201)).toBe(true);
    const numbers = created
      .map((r) => Number((r.body.reference as string).split('-')[2]))
      .sort((a, b) => a - b);
    for (let i = 1; i < numbers.length; i++) {
      expect(numbers[i]).toBe(numbers[i - 1] + 1);
    }
  });

  // Concurrent changes of one request, made to queue behind a lock held by the test: all but one lose the
  // optimistic write and wait for the row lock; each must chain to the event committed just before it,
  // not to the one it first read.
  const queueOnOneRequest = async (): Promise<void> => {
    const id = await underReview();
    const holder = new Client({ connectionString: t.dbUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM cooperation_requests WHERE id = $1 FOR UPDATE', [id]);
      const pending = Array.from({ length: 8 }, (_, i) =>
        p.vnm.officer.act(id, 'query-status', { question: `Where do things stand? (${i})` }),
      );
      await waitForLockWaiters(holder, 8);
      await holder.query('ROLLBACK');
      const results = await Promise.all(pending);
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
      const versions = results.map((r) => r.body.version as number).sort((a, b) => a - b);
      expect(new Set(versions).size).toBe(8);
      const verified = await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`);
      expect(verified.body).toMatchObject({ valid: true, events: versions[7] });
    } finally {
      await holder.end();
    }
  };

  it('should apply every one of many concurrent side events once, in one unbroken chain', queueOnOneRequest);

  it('should do the same when webhooks make every change take the row lock', async () => {
    const hook = await p.aut.officer.post('/v1/webhooks', { url: 'http://127.0.0.1:9/unreachable' });
    expect(hook.status).toBe(201);
    await queueOnOneRequest();
  });

  it('should keep every audit chain intact after all of the above', async () => {
    const ids = await t.db.query<{ id: string }>('SELECT id FROM cooperation_requests');
    expect(ids.rows.length).toBeGreaterThan(20);
    for (const { id } of ids.rows) {
      const res = await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`);
      expect(res.body).toMatchObject({ valid: true });
    }
  });
});

/** Waits until `n` sessions of this database wait for a lock (behind the holder or behind each other). */
async function waitForLockWaiters(holder: Client, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await holder.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].n >= n) {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`fewer than ${n} sessions queued behind the test's lock`);
}
