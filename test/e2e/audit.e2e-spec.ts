import { tamper } from '../support/audit-tamper';
import { deliveredRequest, type Parties, seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

describe('Audit: tamper-evident history, verification and search', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A request with a few events: create, submit, deliver, acknowledge, request-information. */
  const requestWithHistory = async (): Promise<string> => {
    const id = await deliveredRequest(p);
    await p.aut.officer.act(id, 'acknowledge');
    await p.aut.officer.act(id, 'request-information', { questions: 'Which account?' });
    return id;
  };
  const verify = async (id: string) => (await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`)).body;

  it('should verify an untouched chain', async () => {
    const id = await requestWithHistory();
    expect(await verify(id)).toEqual({ requestId: id, valid: true, events: 5 });
  });

  it('should detect an edited payload, an edited status, a deleted event, a truncated tail and a reordering', async () => {
    const cases: [string, (id: string) => Promise<unknown>, number][] = [
      [
        'edited payload',
        (id) =>
          tamper(
            t,
            `UPDATE audit_events SET payload = '{"questions":"forged"}' WHERE request_id = $1 AND seq = 5`,
            [id],
          ),
        5,
      ],
      [
        'edited status',
        (id) =>
          tamper(t, `UPDATE audit_events SET to_status = 'ACCEPTED' WHERE request_id = $1 AND seq = 4`, [id]),
        4,
      ],
      [
        'deleted middle event',
        (id) => tamper(t, 'DELETE FROM audit_events WHERE request_id = $1 AND seq = 3', [id]),
        4,
      ],
      [
        'truncated tail',
        (id) => tamper(t, 'DELETE FROM audit_events WHERE request_id = $1 AND seq = 5', [id]),
        5,
      ],
      [
        'reordered events',
        async (id) => {
          await tamper(t, 'UPDATE audit_events SET seq = -seq WHERE request_id = $1 AND seq IN (2, 3)', [id]);
          await tamper(t, 'UPDATE audit_events SET seq = 3 WHERE request_id = $1 AND seq = -2', [id]);
          await tamper(t, 'UPDATE audit_events SET seq = 2 WHERE request_id = $1 AND seq = -3', [id]);
        },
        2,
      ],
    ];
    for (const [name, tamper, brokenSeq] of cases) {
      const id = await requestWithHistory();
      await tamper(id);
      const result = await verify(id);
      expect({ name, valid: result.valid, seq: result.brokenAt?.seq }).toEqual({
        name,
        valid: false,
        seq: brokenSeq,
      });
    }
  });

  it('should search the events of the auditor’s own requests with filters and cursor pagination', async () => {
    const ids = [await requestWithHistory(), await requestWithHistory()];
    const page1 = await p.vnm.auditor.get('/v1/audit/events?action=acknowledge&limit=1');
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.items[0]).toMatchObject({
      action: 'acknowledge',
      actor: { type: 'user', authorityId: p.aut.authorityId },
    });
    const page2 = await p.vnm.auditor.get(
      `/v1/audit/events?action=acknowledge&limit=1&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);

    const one = await p.vnm.auditor.get(`/v1/audit/events?requestId=${ids[0]}&limit=200`);
    expect(one.body.items.map((e: { seq: number }) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(one.body.nextCursor).toBeNull();

    const future = await p.vnm.auditor.get(
      `/v1/audit/events?from=${new Date(Date.now() + 60000).toISOString()}`,
    );
    expect(future.body.items).toEqual([]);

    // A third State's auditor sees none of it.
    const other = await p.gha.auditor.get(`/v1/audit/events?requestId=${ids[0]}`);
    expect(other.body.items).toEqual([]);
  });
});
