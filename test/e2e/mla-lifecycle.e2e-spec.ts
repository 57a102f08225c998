import { deliveredRequest, mlaBody, type Parties, seedParties, waitFor } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

describe('MLA lifecycle over HTTP, both sides', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should walk a request from draft to closure, with information, conditions, partial and final results', async () => {
    const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('DRAFT');
    expect(created.body.reference).toMatch(/^VNM-\d{4}-\d{6}$/);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body.availableActions).toEqual(['submit']);
    const id = created.body.id as string;

    // The counterpart cannot see a draft.
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).status).toBe(404);

    const submitted = await p.vnm.officer.act(id, 'submit');
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('SUBMITTED');

    const received = await waitFor('delivery', async () => {
      const r = await p.aut.officer.get(`/v1/requests/${id}`);
      return r.body?.status === 'RECEIVED' ? r : undefined;
    });
    expect(received.body.side).toBe('requested');
    expect(received.body.availableActions).toEqual(['acknowledge']);
    const inbox = await p.aut.officer.get('/v1/requests?box=incoming');
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(id);

    const steps: [typeof p.vnm.officer, string, object, string][] = [
      [p.aut.officer, 'acknowledge', {}, 'UNDER_REVIEW'],
      [p.aut.officer, 'request-information', { questions: 'Which time window?' }, 'INFO_REQUESTED'],
      [p.vnm.officer, 'provide-information', { answers: '14-16 March 2026 UTC' }, 'UNDER_REVIEW'],
      [
        p.aut.approver,
        'propose-conditions',
        { conditions: [{ type: 'USE_LIMIT', text: 'Only for this case' }] },
        'CONDITIONS_PROPOSED',
      ],
      [p.vnm.approver, 'accept-conditions', {}, 'ACCEPTED'],
      [p.aut.officer, 'start-execution', {}, 'IN_EXECUTION'],
      [
        p.aut.approver,
        'transmit-results',
        {
          final: false,
          summary: 'Subscriber data',
          items: [{ name: 'a.pdf', sha256: 'a'.repeat(64), size: 10 }],
        },
        'PARTIALLY_EXECUTED',
      ],
      [
        p.aut.approver,
        'transmit-results',
        { final: true, summary: 'Logs', items: [{ name: 'b.csv', sha256: 'b'.repeat(64) }] },
        'EXECUTED',
      ],
      [p.vnm.officer, 'confirm-receipt', {}, 'CLOSED'],
    ];
    for (const [client, action, payload, expected] of steps) {
      const res = await client.act(id, action, payload);
      expect({ action, status: res.status, to: res.body.status }).toEqual({
        action,
        status: 200,
        to: expected,
      });
    }

    const final = await p.vnm.officer.get(`/v1/requests/${id}`);
    expect(final.body.caseData.informationRequests[0]).toMatchObject({
      questions: 'Which time window?',
      answers: '14-16 March 2026 UTC',
    });
    expect(final.body.caseData.conditions.items).toEqual([{ type: 'USE_LIMIT', text: 'Only for this case' }]);
    expect(final.body.caseData.conditions.acceptedAt).toEqual(expect.any(String));
    expect(final.body.caseData.results).toHaveLength(2);
    expect(final.body.availableActions).toEqual([]);

    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'submit',
      'deliver',
      'acknowledge',
      'request-information',
      'provide-information',
      'propose-conditions',
      'accept-conditions',
      'start-execution',
      'transmit-results',
      'transmit-results',
      'confirm-receipt',
    ]);
    expect(history.body[2]).toMatchObject({
      fromStatus: 'SUBMITTED',
      toStatus: 'RECEIVED',
      actor: { type: 'system' },
    });
    expect(history.body[3].actor).toMatchObject({
      type: 'user',
      authorityId: p.aut.authorityId,
      name: 'AUT-BMJ-CA officer',
    });
    for (let i = 1; i < history.body.length; i++) {
      expect(history.body[i].prevHash).toBe(history.body[i - 1].hash);
    }
    const verify = await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`);
    expect(verify.body).toEqual({ requestId: id, valid: true, events: 12 });

    // The requested side's history starts at submission: the requester's drafting stays private.
    const theirs = await p.aut.auditor.get(`/v1/requests/${id}/history`);
    expect(theirs.body[0].action).toBe('submit');
  });

  it('should refuse only through consultation, with grounds and reasons, then close on confirmation', async () => {
    const id = await deliveredRequest(p);
    await p.aut.officer.act(id, 'acknowledge');
    const direct = await p.aut.approver.act(id, 'refuse', {
      grounds: ['ESSENTIAL_INTERESTS'],
      reasons: 'Sovereignty',
    });
    expect(direct.status).toBe(409);
    expect(direct.body.code).toBe('INVALID_TRANSITION');

    const consult = await p.aut.approver.act(id, 'open-consultation', {
      intendedOutcome: 'refuse',
      reasons: 'Likely harm to essential interests',
    });
    expect(consult.body.status).toBe('CONSULTATION');
    const refused = await p.aut.approver.act(id, 'refuse', {
      grounds: ['ESSENTIAL_INTERESTS', 'NO_DUAL_CRIMINALITY'],
      reasons: 'Sovereignty',
    });
    expect(refused.status).toBe(200);
    expect(refused.body.status).toBe('REFUSED');
    expect(refused.body.caseData.refusal).toMatchObject({
      grounds: ['ESSENTIAL_INTERESTS', 'NO_DUAL_CRIMINALITY'],
      reasons: 'Sovereignty',
    });
    const requester = await p.vnm.officer.get(`/v1/requests/${id}`);
    expect(requester.body.availableActions).toEqual(['confirm-receipt']);
    expect((await p.vnm.officer.act(id, 'confirm-receipt')).body.status).toBe('CLOSED');
  });

  it('should reject bank secrecy and purely fiscal refusal grounds with FORBIDDEN_REFUSAL_GROUND and change nothing', async () => {
    const id = await deliveredRequest(p);
    await p.aut.officer.act(id, 'acknowledge');
    await p.aut.approver.act(id, 'open-consultation', {
      intendedOutcome: 'refuse',
      reasons: 'Banking records',
    });
    const before = await p.aut.approver.get(`/v1/requests/${id}`);
    for (const ground of ['BANK_SECRECY', 'FISCAL_ONLY']) {
      const res = await p.aut.approver.act(id, 'refuse', {
        grounds: ['ESSENTIAL_INTERESTS', ground],
        reasons: 'x',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('FORBIDDEN_REFUSAL_GROUND');
      expect(res.body.details[0].field).toBe('grounds[1]');
    }
    const noReasons = await p.aut.approver.act(id, 'refuse', { grounds: ['ESSENTIAL_INTERESTS'] });
    expect(noReasons.status).toBe(400);
    expect(noReasons.body.details.map((d: { field: string }) => d.field)).toContain('reasons');
    const noGrounds = await p.aut.approver.act(id, 'refuse', { grounds: [], reasons: 'x' });
    expect(noGrounds.status).toBe(400);
    const after = await p.aut.approver.get(`/v1/requests/${id}`);
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.status).toBe('CONSULTATION');
  });

  it('should postpone until a date and resume by itself when the timer fires', async () => {
    const id = await deliveredRequest(p);
    await p.aut.officer.act(id, 'acknowledge');
    const past = await p.aut.approver.act(id, 'postpone', {
      reasons: 'Own investigation',
      until: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body.details[0].field).toBe('until');

    const until = new Date(Date.now() + 1500).toISOString();
    const postponed = await p.aut.approver.act(id, 'postpone', {
      reasons: 'Would interfere with our own investigation',
      until,
    });
    expect(postponed.body.status).toBe('POSTPONED');
    expect(postponed.body.caseData.postponement).toMatchObject({ until });

    const resumed = await waitFor('timer resume', async () => {
      const r = await p.aut.approver.get(`/v1/requests/${id}`);
      return r.body.status === 'UNDER_REVIEW' ? r : undefined;
    });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(until));
    expect(resumed.body.caseData.postponement.resumedBy).toBe('timer');
    const history = await p.aut.auditor.get(`/v1/requests/${id}/history`);
    expect(history.body.at(-1)).toMatchObject({ action: 'resume', actor: { type: 'system' } });
  });

  it('should let the approver resume early, after which the timer does nothing', async () => {
    const id = await deliveredRequest(p);
    await p.aut.officer.act(id, 'acknowledge');
    await p.aut.approver.act(id, 'postpone', {
      reasons: 'Own proceedings',
      until: new Date(Date.now() + 1200).toISOString(),
    });
    const resumed = await p.aut.approver.act(id, 'resume');
    expect(resumed.body.status).toBe('UNDER_REVIEW');
    expect(resumed.body.caseData.postponement.resumedBy).toBe('approver');
    await p.aut.approver.act(id, 'accept');
    const outbox = await waitFor('timer consumed', async () => {
      const rows = await t.db.query(
        `SELECT outcome FROM outbox WHERE request_id = $1 AND job_name = 'PostponementEnd'`,
        [id],
      );
      return rows.rows[0]?.outcome ? rows.rows[0] : undefined;
    });
    expect(outbox.outcome).toBe('skipped');
    expect((await p.aut.approver.get(`/v1/requests/${id}`)).body.status).toBe('ACCEPTED');
  });

  it('should let the requesting officer withdraw an open request with reasons, and not a closed one', async () => {
    const id = await deliveredRequest(p);
    const noReason = await p.vnm.officer.act(id, 'withdraw', {});
    expect(noReason.status).toBe(400);
    const withdrawn = await p.vnm.officer.act(id, 'withdraw', {
      reasons: 'The suspect was identified domestically',
    });
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    expect(withdrawn.body.caseData.withdrawal.reasons).toBe('The suspect was identified domestically');
    const again = await p.vnm.officer.act(id, 'withdraw', { reasons: 'again' });
    expect(again.status).toBe(409);
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).body.availableActions).toEqual([]);
  });

  it('should record status enquiries, their answers and delay notices without changing the status', async () => {
    const id = await deliveredRequest(p);
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).body.availableActions).toEqual(['acknowledge']);
    const noEnquiry = await p.aut.officer.act(id, 'answer-status', { answer: 'Nothing asked' });
    expect(noEnquiry.status).toBe(409);
    expect(noEnquiry.body.code).toBe('ACTION_NOT_AVAILABLE');

    const asked = await p.vnm.officer.act(id, 'query-status', { question: 'When will you decide?' });
    expect(asked.status).toBe(200);
    expect(asked.body.status).toBe('RECEIVED');
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).body.availableActions).toEqual([
      'acknowledge',
      'answer-status',
    ]);
    const answered = await p.aut.officer.act(id, 'answer-status', { answer: 'Within two weeks' });
    expect(answered.body.status).toBe('RECEIVED');
    expect(answered.body.caseData.statusEnquiries).toEqual([
      expect.objectContaining({ question: 'When will you decide?', answer: 'Within two weeks' }),
    ]);

    await p.aut.officer.act(id, 'acknowledge');
    const delay = await p.aut.approver.act(id, 'notify-delay', {
      reasons: 'The provider needs a court order first',
      expectedBy: '2030-01-15T00:00:00Z',
    });
    expect(delay.body.status).toBe('UNDER_REVIEW');
    expect(delay.body.caseData.delayNotices[0]).toMatchObject({ expectedBy: '2030-01-15T00:00:00.000Z' });
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    const side = history.body.filter((e: { action: string }) =>
      ['query-status', 'answer-status', 'notify-delay'].includes(e.action),
    );
    expect(side.map((e: { fromStatus: string; toStatus: string }) => [e.fromStatus, e.toStatus])).toEqual([
      ['RECEIVED', 'RECEIVED'],
      ['RECEIVED', 'RECEIVED'],
      ['UNDER_REVIEW', 'UNDER_REVIEW'],
    ]);
  });
});
