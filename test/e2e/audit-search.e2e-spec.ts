import type { Api } from '../support/api';
import { mlaBody, type Parties, seedParties, waitFor } from '../support/parties';
import { fieldsOf, requestInStatus } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

interface Event {
  id: string;
  requestId: string;
  seq: number;
  action: string;
  toStatus: string;
  occurredAt: string;
  actor: { type: string; userId: string | null; authorityId: string | null };
}

describe("Auditor's view: search, reads log, statistics, periodic checkpoints", () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    // Periodic checkpoints every second in this file (nothing here tampers with the log).
    t = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '1000' } });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Creates and submits a request from `from` to `to`, and waits until `to` received it. */
  const sent = async (from: Api, toAuthorityId: string, to: Api, overrides = {}): Promise<string> => {
    const created = await from.post('/v1/requests', mlaBody(toAuthorityId, overrides));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await from.act(id, 'submit')).status).toBe(200);
    await waitFor('delivery', async () => (await to.get(`/v1/requests/${id}`)).body?.status === 'RECEIVED');
    return id;
  };
  /** Every page of a search, following nextCursor. */
  const allPages = async (api: Api, query: string, limit = 200): Promise<Event[]> => {
    const items: Event[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.get(
        `/v1/audit/events?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      items.push(...(res.body.items as Event[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return items;
  };

  describe('event search', () => {
    let toAut: string;
    let toGha: string;
    let fromAut: string;
    let vnmOfficerId: string;
    let ghaWindow: { from: string; to: string };

    beforeAll(async () => {
      toAut = await sent(p.vnm.officer, p.aut.authorityId, p.aut.officer);
      await p.aut.officer.act(toAut, 'acknowledge');
      await p.aut.officer.act(toAut, 'request-information', { questions: 'Which account?' });
      const before = new Date().toISOString();
      toGha = await sent(p.vnm.officer, p.gha.authorityId, p.gha.officer);
      await p.gha.officer.act(toGha, 'acknowledge');
      ghaWindow = { from: before, to: new Date(Date.now() + 1).toISOString() };
      fromAut = await sent(p.aut.officer, p.vnm.authorityId, p.vnm.officer);
      await p.vnm.officer.act(fromAut, 'acknowledge');
      const history = await p.vnm.auditor.get(`/v1/requests/${toAut}/history`);
      vnmOfficerId = history.body[0].actor.userId;
    });

    it('should filter by channel, status, action, actor, counterpart and time range, newest first', async () => {
      const all = await allPages(p.vnm.auditor, '');
      const ids = (events: Event[]) => events.map((e) => e.id);
      expect(new Set(all.map((e) => e.requestId))).toEqual(new Set([toAut, toGha, fromAut]));
      // Newest first.
      expect(all.map((e) => e.occurredAt)).toEqual([...all.map((e) => e.occurredAt)].sort().reverse());

      expect(ids(await allPages(p.vnm.auditor, '&channel=mla'))).toEqual(ids(all));
      expect(await allPages(p.vnm.auditor, '&channel=preservation')).toEqual([]);
      expect(ids(await allPages(p.vnm.auditor, '&status=UNDER_REVIEW'))).toEqual(
        ids(all.filter((e) => e.toStatus === 'UNDER_REVIEW')),
      );
      expect((await allPages(p.vnm.auditor, '&status=UNDER_REVIEW')).map((e) => e.requestId).sort()).toEqual(
        [toAut, toGha, fromAut].sort(),
      );
      expect((await allPages(p.vnm.auditor, '&action=request-information')).map((e) => e.requestId)).toEqual([
        toAut,
      ]);
      const byOfficer = await allPages(p.vnm.auditor, `&actorUserId=${vnmOfficerId}`);
      expect(byOfficer.map((e) => e.action).sort()).toEqual(
        ['acknowledge', 'create', 'create', 'submit', 'submit'].sort(),
      );
      const system = await allPages(p.vnm.auditor, '&actorType=system');
      expect(system.map((e) => e.action)).toEqual(['deliver', 'deliver', 'deliver']);
      expect((await allPages(p.vnm.auditor, '&actorType=user')).length).toBe(all.length - 3);
      expect(ids(await allPages(p.vnm.auditor, `&actorAuthorityId=${p.gha.authorityId}`))).toEqual(
        ids(all.filter((e) => e.actor.authorityId === p.gha.authorityId)),
      );
      expect(
        new Set(
          (await allPages(p.vnm.auditor, `&counterpartAuthorityId=${p.gha.authorityId}`)).map(
            (e) => e.requestId,
          ),
        ),
      ).toEqual(new Set([toGha]));
      expect(
        new Set(
          (await allPages(p.vnm.auditor, `&counterpartAuthorityId=${p.aut.authorityId}`)).map(
            (e) => e.requestId,
          ),
        ),
      ).toEqual(new Set([toAut, fromAut]));
      const window = await allPages(p.vnm.auditor, `&from=${ghaWindow.from}&to=${ghaWindow.to}`);
      expect(new Set(window.map((e) => e.requestId))).toEqual(new Set([toGha]));
      expect(
        await allPages(
          p.vnm.auditor,
          `&counterpartAuthorityId=${p.gha.authorityId}&action=request-information`,
        ),
      ).toEqual([]);
    });

    it('should page with a cursor through exactly the events of one big page', async () => {
      const whole = await allPages(p.vnm.auditor, `&counterpartAuthorityId=${p.aut.authorityId}`);
      const paged = await allPages(p.vnm.auditor, `&counterpartAuthorityId=${p.aut.authorityId}`, 2);
      expect(paged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
      expect(whole.length).toBeGreaterThan(4);
    });

    it('should keep each side to what it may see: the counterpart sees no drafting, a third State nothing', async () => {
      const aut = await allPages(p.aut.auditor, `&requestId=${toAut}`);
      expect(aut.map((e) => e.action)).not.toContain('create');
      expect(await allPages(p.gha.auditor, `&requestId=${toAut}`)).toEqual([]);
      expect(await allPages(p.gha.auditor, `&counterpartAuthorityId=${p.aut.authorityId}`)).toEqual([]);
    });

    it.each([
      ['status=under_review', 'status'],
      ['actorType=robot', 'actorType'],
      ['actorAuthorityId=VNM', 'actorAuthorityId'],
      ['counterpartAuthorityId=42', 'counterpartAuthorityId'],
      ['channel=MLA', 'channel'],
      ['from=yesterday', 'from'],
      ['to=2026-13-01', 'to'],
      ['cursor=%%%', 'cursor'],
      ['limit=0', 'limit'],
      ['status=A&status=B', 'status'],
    ])('should answer %s with 400 naming %s', async (query, field) => {
      const res = await p.vnm.auditor.get(`/v1/audit/events?${query}`);
      expect({ status: res.status, code: res.body.code, fields: fieldsOf(res) }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: [field],
      });
    });
  });

  describe('reads of request content are logged for auditors', () => {
    it("should log reads of a request, its history, an export and search pages, each visible to the reader's auditors", async () => {
      const id = await sent(p.vnm.officer, p.aut.authorityId, p.aut.officer);
      const since = new Date().toISOString();
      expect((await p.aut.approver.get(`/v1/requests/${id}`)).status).toBe(200);
      expect((await p.aut.officer.get(`/v1/requests/${id}/history`)).status).toBe(200);
      expect((await p.vnm.auditor.get(`/v1/audit/export?requestId=${id}`)).status).toBe(200);
      expect((await p.vnm.auditor.get(`/v1/audit/events?requestId=${id}`)).status).toBe(200);
      // Refused reads are not reads.
      expect((await p.gha.officer.get(`/v1/requests/${id}`)).status).toBe(404);

      const autLog = await p.aut.auditor.get(`/v1/audit/access-log?requestId=${id}&from=${since}`);
      expect(autLog.status).toBe(200);
      expect(autLog.body.items.map((a: { view: string; userName: string }) => [a.view, a.userName])).toEqual([
        ['history', 'AUT-BMJ-CA officer'],
        ['request', 'AUT-BMJ-CA approver'],
      ]);
      expect(autLog.body.items[0]).toEqual({
        id: expect.any(String),
        requestId: id,
        userId: expect.any(String),
        userName: 'AUT-BMJ-CA officer',
        view: 'history',
        itemId: null,
        accessedAt: expect.any(String),
        httpRequestId: expect.any(String),
      });
      const vnmLog = await p.vnm.auditor.get(`/v1/audit/access-log?requestId=${id}&from=${since}`);
      expect(vnmLog.body.items.map((a: { view: string }) => a.view)).toEqual(['events', 'export']);
      // Only the reader's own authority's auditors see a read.
      expect((await p.gha.auditor.get(`/v1/audit/access-log?requestId=${id}`)).body.items).toEqual([]);

      const exports = await p.vnm.auditor.get('/v1/audit/access-log?view=export');
      expect(exports.body.items.every((a: { view: string }) => a.view === 'export')).toBe(true);
      const approverId = autLog.body.items[1].userId as string;
      const byUser = await p.aut.auditor.get(`/v1/audit/access-log?userId=${approverId}`);
      expect(byUser.body.items.length).toBeGreaterThan(0);
      expect(byUser.body.items.every((a: { userId: string }) => a.userId === approverId)).toBe(true);
    });

    it('should page the reads with a cursor and refuse bad filters with 400, auditors only', async () => {
      const page1 = await p.aut.auditor.get('/v1/audit/access-log?limit=1');
      const page2 = await p.aut.auditor.get(`/v1/audit/access-log?limit=1&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
      for (const [query, field] of [
        ['view=peek', 'view'],
        ['userId=me', 'userId'],
        ['requestId=1', 'requestId'],
        ['from=later', 'from'],
        ['cursor=abc', 'cursor'],
      ]) {
        const res = await p.aut.auditor.get(`/v1/audit/access-log?${query}`);
        expect({ query, status: res.status, fields: fieldsOf(res) }).toEqual({
          query,
          status: 400,
          fields: [field],
        });
      }
      expect((await p.aut.officer.get('/v1/audit/access-log')).status).toBe(403);
      expect((await p.admin.get('/v1/audit/access-log')).status).toBe(403);
    });
  });

  describe('statistics', () => {
    type Row = Record<string, any>;
    const rowOf = (rows: Row[], direction: string, counterpartId: string | null): Row | undefined =>
      rows.find(
        (r) =>
          r.direction === direction && r.channel === 'mla' && (r.counterpart?.id ?? null) === counterpartId,
      );

    beforeAll(async () => {
      await requestInStatus(p, 'EXECUTED');
      await requestInStatus(p, 'REFUSED');
      // A deadline that passes while the request is still in hand, and one that does not.
      const soon = await p.vnm.officer.post(
        '/v1/requests',
        mlaBody(p.aut.authorityId, {
          suggestedDeadline: new Date(Date.now() + 1500).toISOString(),
          deadlineReason: 'Trial date',
        }),
      );
      await p.vnm.officer.act(soon.body.id, 'submit');
      const later = await p.vnm.officer.post(
        '/v1/requests',
        mlaBody(p.aut.authorityId, {
          suggestedDeadline: new Date(Date.now() + 3600_000).toISOString(),
          deadlineReason: 'Trial date',
        }),
      );
      await p.vnm.officer.act(later.body.id, 'submit');
      await new Promise((r) => setTimeout(r, 1600));
    });

    it('should count by status and time each milestone per channel and counterpart, on both sides', async () => {
      const res = await p.vnm.auditor.get('/v1/audit/stats');
      expect(res.status).toBe(200);
      const { rows: db } = await t.db.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM cooperation_requests
          WHERE requesting_authority_id = $1 AND requested_authority_id = $2 GROUP BY status`,
        [p.vnm.authorityId, p.aut.authorityId],
      );
      const toAut = rowOf(res.body.rows, 'outgoing', p.aut.authorityId) as Row;
      expect(toAut.counterpart).toEqual({
        id: p.aut.authorityId,
        code: 'AUT-BMJ-CA',
        name: 'AUT-BMJ-CA central authority',
      });
      expect(toAut.byStatus).toEqual(Object.fromEntries(db.map((r) => [r.status, r.n])));
      expect(toAut.requests).toBe(db.reduce((n, r) => n + r.n, 0));
      expect(toAut.byStatus).toMatchObject({ EXECUTED: 1, REFUSED: 1 });

      const { rows: delivered } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM cooperation_requests
          WHERE requesting_authority_id = $1 AND requested_authority_id = $2 AND delivered_at IS NOT NULL`,
        [p.vnm.authorityId, p.aut.authorityId],
      );
      expect(toAut.submissionToReceipt.n).toBe(delivered[0].n);
      // Decided: the executed one (accepted) and the refused one; executed: one.
      expect(toAut.submissionToDecision.n).toBe(2);
      expect(toAut.submissionToExecution.n).toBe(1);
      for (const d of [toAut.submissionToReceipt, toAut.submissionToDecision, toAut.submissionToExecution]) {
        expect(d.medianSeconds).toBeGreaterThan(0);
        expect(d.p90Seconds).toBeGreaterThanOrEqual(d.medianSeconds);
      }
      expect(toAut.submissionToExecution.medianSeconds).toBeGreaterThan(
        toAut.submissionToReceipt.medianSeconds,
      );
      expect({ withDeadline: toAut.withDeadline, passedDeadline: toAut.passedDeadline }).toEqual({
        withDeadline: 2,
        passedDeadline: 1,
      });

      // The channel row sums every counterpart; the incoming side is counted apart.
      const outgoing = rowOf(res.body.rows, 'outgoing', null) as Row;
      const perCounterpart = res.body.rows.filter((r: Row) => r.direction === 'outgoing' && r.counterpart);
      expect(outgoing.requests).toBe(perCounterpart.reduce((n: number, r: Row) => n + r.requests, 0));
      expect(rowOf(res.body.rows, 'incoming', p.aut.authorityId)?.requests).toBeGreaterThan(0);

      // The counterpart sees the same requests from the other side.
      const theirs = await p.aut.auditor.get(`/v1/audit/stats?counterpartAuthorityId=${p.vnm.authorityId}`);
      const fromVnm = rowOf(theirs.body.rows, 'incoming', p.vnm.authorityId) as Row;
      expect(fromVnm.byStatus.EXECUTED).toBe(1);
      expect(fromVnm.submissionToExecution.n).toBe(1);
      expect(
        theirs.body.rows.every((r: Row) => !r.counterpart || r.counterpart.id === p.vnm.authorityId),
      ).toBe(true);
    });

    it('should give the same figures as CSV, by format=csv or Accept: text/csv', async () => {
      const json = (await p.vnm.auditor.get('/v1/audit/stats')).body.rows as Row[];
      const byQuery = await p.vnm.auditor.get('/v1/audit/stats?format=csv');
      const byAccept = await p.vnm.auditor.get('/v1/audit/stats', { Accept: 'text/csv' });
      for (const res of [byQuery, byAccept]) {
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      }
      const csv = await fetchText(t, p.vnm.auditor, '/v1/audit/stats?format=csv');
      expect(await fetchText(t, p.vnm.auditor, '/v1/audit/stats', { Accept: 'text/csv' })).toBe(csv);
      const [header, ...lines] = csv.trimEnd().split('\r\n');
      const columns = header.split(',');
      expect(columns.slice(0, 5)).toEqual([
        'direction',
        'channel',
        'counterpart_id',
        'counterpart_code',
        'requests',
      ]);
      expect(lines).toHaveLength(json.length);
      const toAut = lines
        .map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])))
        .find((r) => r.direction === 'outgoing' && r.counterpart_id === p.aut.authorityId) as Record<
        string,
        string
      >;
      const jsonRow = rowOf(json, 'outgoing', p.aut.authorityId) as Row;
      expect(toAut).toMatchObject({
        counterpart_code: 'AUT-BMJ-CA',
        requests: String(jsonRow.requests),
        status_EXECUTED: '1',
        submission_to_execution_n: '1',
        with_deadline: '2',
        passed_deadline: '1',
      });
    });

    it('should filter by channel, counterpart and creation time, and refuse bad filters with 400', async () => {
      expect((await p.vnm.auditor.get('/v1/audit/stats?channel=preservation')).body.rows).toEqual([]);
      const future = new Date(Date.now() + 60_000).toISOString();
      expect((await p.vnm.auditor.get(`/v1/audit/stats?from=${future}`)).body.rows).toEqual([]);
      const gha = await p.vnm.auditor.get(`/v1/audit/stats?counterpartAuthorityId=${p.gha.authorityId}`);
      expect(gha.body.rows.every((r: Row) => !r.counterpart || r.counterpart.id === p.gha.authorityId)).toBe(
        true,
      );
      for (const [query, field] of [
        ['format=xml', 'format'],
        ['channel=M', 'channel'],
        ['counterpartAuthorityId=x', 'counterpartAuthorityId'],
        ['to=soon', 'to'],
      ]) {
        const res = await p.vnm.auditor.get(`/v1/audit/stats?${query}`);
        expect({ query, status: res.status, fields: fieldsOf(res) }).toEqual({
          query,
          status: 400,
          fields: [field],
        });
      }
      expect((await p.vnm.approver.get('/v1/audit/stats')).status).toBe(403);
    });
  });

  describe('periodic checkpoints', () => {
    it('should take a signed checkpoint by itself over new events (AUDIT_CHECKPOINT_INTERVAL_MS)', async () => {
      const id = await sent(p.vnm.officer, p.aut.authorityId, p.aut.officer);
      const { rows } = await t.db.query(
        'SELECT max(id)::text AS last FROM audit_events WHERE request_id = $1',
        [id],
      );
      const covering = await waitFor(
        'a periodic checkpoint',
        async () => {
          const res = await p.vnm.auditor.get('/v1/audit/checkpoints?limit=1');
          const latest = res.body.items[0];
          return latest && BigInt(latest.lastEventId) >= BigInt(rows[0].last) ? latest : undefined;
        },
        5000,
      );
      expect(covering.treeSize).toBeGreaterThan(0);
      expect((await p.vnm.auditor.get('/v1/audit/verify')).body).toMatchObject({ valid: true, problems: 0 });
    });
  });
});

/** The raw body of a text response (the test client keeps only JSON bodies). */
async function fetchText(
  t: TestApp,
  api: Api,
  path: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await fetch(`${t.baseUrl}${path}`, {
    headers: { ...headers, Authorization: `Bearer ${api.token}` },
  });
  return res.text();
}
