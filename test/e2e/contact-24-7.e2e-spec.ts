import fc from 'fast-check';
import { Api } from '../support/api';
import { escalatingMla, escalatingPreservation, ticketBody } from '../support/contact-tickets';
import { errorBodyProblems } from '../support/state';
import { type Parties, seedParties, waitFor } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

/** A State's 24/7 point of contact with a user of each role. */
interface Poc {
  authorityId: string;
  officer: Api;
  approver: Api;
  auditor: Api;
}

async function pointOfContact(p: Parties, code: string, country: string): Promise<Poc> {
  const created = await p.admin.post('/v1/authorities', {
    code,
    name: `${code} 24/7 point of contact`,
    country,
    kind: 'contact-24-7',
    languages: ['en'],
  });
  const id = created.body.id as string;
  const user = async (role: string): Promise<Api> => {
    const res = await p.admin.post(`/v1/authorities/${id}/users`, { name: `${code} ${role}`, roles: [role] });
    return new Api(p.admin.baseUrl, res.body.token as string);
  };
  return {
    authorityId: id,
    officer: await user('officer'),
    approver: await user('approver'),
    auditor: await user('auditor'),
  };
}

describe('24/7 network contact (art. 41) over HTTP', () => {
  let t: TestApp;
  let p: Parties;
  let vnm: Poc;
  let aut: Poc;
  let gha: Poc;

  beforeAll(async () => {
    // The acknowledgement reminder after 3 s, so that the test sees it fire.
    t = await startTestApp({ env: { CONTACT_ACKNOWLEDGE_MINUTES: String(3 / 60) } });
    p = await seedParties(t);
    vnm = await pointOfContact(p, 'VNM-A05-247', 'VNM');
    aut = await pointOfContact(p, 'AUT-BK-247', 'AUT');
    gha = await pointOfContact(p, 'GHA-CSA-247', 'GHA');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (id: string, api: Api = vnm.officer) => (await api.get(`/v1/requests/${id}`)).body;
  const status = async (id: string): Promise<string> =>
    (await t.db.query<{ status: string }>('SELECT status FROM cooperation_requests WHERE id = $1', [id]))
      .rows[0].status;

  /**
   * What a refused call must leave as it was: the ticket's status, its events and its jobs, and the number of
   * requests. Per ticket, and without the acknowledgement reminder (a clock of 3 s here, which may fire on
   * this or another ticket meanwhile: a system side event, not the call's doing).
   */
  const snapshot = async (id: string): Promise<unknown> =>
    (
      await t.db.query(
        `SELECT r.status,
                (SELECT count(*)::int FROM audit_events e
                  WHERE e.request_id = r.id AND e.action <> 'remind-acknowledgement') AS events,
                (SELECT count(*)::int FROM outbox o WHERE o.request_id = r.id) AS jobs,
                (SELECT count(*)::int FROM cooperation_requests) AS requests
           FROM cooperation_requests r WHERE r.id = $1`,
        [id],
      )
    ).rows[0];

  /** Opened by VNM's point of contact and delivered to AUT's. */
  const received = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const created = await vnm.officer.post('/v1/requests', ticketBody(aut.authorityId, overrides));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await vnm.officer.act(id, 'open')).status).toBe(200);
    await waitFor('delivery', async () => (await status(id)) === 'RECEIVED');
    return id;
  };

  /** Sends a follow-up request (preservation or MLA) and waits for its delivery. */
  const deliveredFollowUp = async (body: Record<string, unknown>, send: string): Promise<string> => {
    const created = await vnm.officer.post('/v1/requests', body);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await vnm.officer.act(id, send)).status).toBe(200);
    await waitFor('delivery', async () => (await status(id)) === 'RECEIVED');
    return id;
  };

  it('should be urgent by default, go to a 24/7 point of contact only, and demand what the contact needs', async () => {
    const incomplete = await vnm.officer.post(
      '/v1/requests',
      ticketBody(aut.authorityId, { assistanceSought: undefined, details: {} }),
    );
    expect(incomplete.status).toBe(201);
    expect(incomplete.body.urgency).toBe('urgent');
    const opened = await vnm.officer.act(incomplete.body.id, 'open');
    expect(opened.status).toBe(400);
    expect(opened.body.code).toBe('INCOMPLETE_REQUEST');
    expect(opened.body.details.map((d: { field: string }) => d.field)).toEqual([
      'assistanceSought',
      'details.assistanceTypes',
    ]);

    const emergency = await vnm.officer.post(
      '/v1/requests',
      ticketBody(aut.authorityId, { urgency: 'emergency' }),
    );
    const refused = await vnm.officer.act(emergency.body.id, 'open');
    expect(refused.body.details.map((d: { field: string }) => d.field)).toEqual(['details.emergencyRisk']);

    const toCentral = await vnm.officer.post('/v1/requests', ticketBody(p.aut.authorityId));
    expect(toCentral.status).toBe(400);
    expect(toCentral.body.details[0].field).toBe('requestedAuthorityId');

    const badType = await vnm.officer.post(
      '/v1/requests',
      ticketBody(aut.authorityId, { details: { assistanceTypes: ['hacking-back'] } }),
    );
    expect(badType.status).toBe(400);
    expect(badType.body.details[0].field).toBe('details.assistanceTypes[0]');
  });

  it('should walk a ticket from opening to an escalation to a preservation and an MLA request, linked both ways', async () => {
    const id = await received();
    // Urgent by nature: every job of the ticket runs in the urgent lane, ahead of routine MLA traffic.
    const lanes = await t.db.query<{ priority: number }>(
      'SELECT DISTINCT priority FROM outbox WHERE request_id = $1',
      [id],
    );
    expect(lanes.rows).toEqual([{ priority: 2 }]);
    const timers = (await vnm.officer.get(`/v1/requests/${id}/timers`)).body;
    expect(timers.map((x: { label: string; status: string }) => [x.label, x.status])).toEqual([
      ['24/7 ticket not yet acknowledged', 'pending'],
    ]);
    expect(timers[0].basis).toContain('art. 41');

    const view = await aut.officer.get(`/v1/requests/${id}`);
    expect(view.body.availableActions).toEqual(['acknowledge']);
    const acknowledged = await aut.officer.act(
      id,
      'acknowledge',
      { handledBy: 'Insp. Huber' },
      {
        'If-Match': view.headers.etag,
      },
    );
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.status).toBe('ACKNOWLEDGED');
    const ack = acknowledged.body.caseData.acknowledgement;
    const opened = Date.parse(acknowledged.body.submittedAt as string);
    expect(ack.minutesToAcknowledge).toBeCloseTo((Date.parse(ack.at as string) - opened) / 60000, 2);
    expect(ack.minutesToAcknowledge).toBeLessThan(1);
    expect((await vnm.officer.get(`/v1/requests/${id}/timers`)).body[0]).toMatchObject({
      status: 'void',
      reason: 'the ticket was acknowledged',
    });

    const routed = await aut.officer.act(id, 'route', {
      to: 'competent-authority',
      authority: 'BK C4 cybercrime',
    });
    expect(routed.body.status).toBe('ROUTED');
    const answered = await aut.approver.act(id, 'answer', {
      kind: 'provider-location',
      answer: 'The mailbox is hosted by Example Mail GmbH, Vienna; logs are kept 90 days.',
    });
    expect(answered.body.status).toBe('ANSWERED');
    expect(answered.body.caseData.answers).toHaveLength(1);
    expect((await vnm.officer.act(id, 'answer', { kind: 'legal-information', answer: 'x' })).status).toBe(
      403,
    );

    // Escalation: a preservation request naming the ticket, to AUT's point of contact.
    const preservation = await deliveredFollowUp(escalatingPreservation(aut.authorityId, id), 'send');
    await waitFor('escalation', async () => (await status(id)) === 'ESCALATED_TO_PRESERVATION');
    // Then an MLA request naming the ticket, to AUT's central authority.
    const mla = await deliveredFollowUp(escalatingMla(p.aut.authorityId, id), 'submit');
    await waitFor('escalation to MLA', async () => (await status(id)) === 'ESCALATED_TO_MLA');

    const ticket = await get(id);
    expect(ticket.caseData.escalations).toEqual([
      { requestId: preservation, channel: 'preservation', at: expect.any(String) },
      { requestId: mla, channel: 'mla', at: expect.any(String) },
    ]);
    expect(ticket.followUps.map((f: { id: string; channel: string }) => [f.id, f.channel])).toEqual([
      [preservation, 'preservation'],
      [mla, 'mla'],
    ]);
    expect((await get(preservation)).followsUpRequestId).toBe(id);
    expect((await get(mla)).followsUpRequestId).toBe(id);
    // The preservation is not held by an MLA request that follows the ticket, not the preservation.
    expect(await status(preservation)).toBe('RECEIVED');

    expect((await vnm.officer.act(id, 'close')).body.status).toBe('CLOSED');
    const history = (await vnm.auditor.get(`/v1/requests/${id}/history`)).body as { action: string }[];
    expect(history.map((e) => e.action)).toEqual([
      'create',
      'open',
      'deliver',
      'acknowledge',
      'route',
      'answer',
      'escalate-to-preservation',
      'escalate-to-mla',
      'close',
    ]);
    const verify = await vnm.auditor.get(`/v1/audit/verify?requestId=${id}`);
    expect(verify.body.valid).toBe(true);

    // Statistics: for this channel, submission to decision is the time to acknowledge.
    const stats = await vnm.auditor.get('/v1/audit/stats?channel=contact-24-7');
    const all = (stats.body.rows as Record<string, any>[]).find(
      (r) => r.direction === 'outgoing' && r.counterpart === null,
    );
    expect(all?.submissionToDecision.n).toBeGreaterThanOrEqual(1);
    expect(all?.submissionToDecision.medianSeconds).toBeLessThan(60);
  });

  it('should remind the point of contact of an unacknowledged ticket after the configured period', async () => {
    const id = await received();
    await waitFor(
      'the acknowledgement reminder',
      async () => ((await get(id)).caseData.reminders ?? []).length === 1,
      20000,
    );
    const ticket = await get(id, aut.officer);
    expect(ticket.status).toBe('RECEIVED');
    expect(ticket.caseData.reminders[0]).toMatchObject({ kind: 'contact-acknowledgement' });
    expect((await vnm.officer.get(`/v1/requests/${id}/timers`)).body[0].status).toBe('fired');
    const nobody = await aut.officer.act(id, 'acknowledge', {});
    expect({ status: nobody.status, field: nobody.body.details[0].field }).toEqual({
      status: 400,
      field: 'handledBy',
    });
    const late = await aut.officer.act(id, 'acknowledge', { handledBy: 'Insp. Huber' });
    expect(late.body.caseData.acknowledgement.minutesToAcknowledge).toBeGreaterThanOrEqual(3 / 60);
  });

  it('should hand over emergency data on an emergency ticket only, in the emergency lane', async () => {
    const urgent = await received();
    await aut.officer.act(urgent, 'acknowledge', { handledBy: 'Insp. Huber' });
    const refused = await aut.officer.act(urgent, 'answer', {
      kind: 'emergency-data',
      answer: 'Cell location',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].field).toBe('kind');
    expect(await status(urgent)).toBe('ACKNOWLEDGED');

    const emergency = await received({
      urgency: 'emergency',
      details: {
        assistanceTypes: ['emergency-data'],
        emergencyRisk: 'A hostage is held; the captor uses the mailbox',
      },
    });
    const lanes = await t.db.query<{ priority: number }>(
      'SELECT DISTINCT priority FROM outbox WHERE request_id = $1',
      [emergency],
    );
    expect(lanes.rows).toEqual([{ priority: 1 }]);
    await aut.officer.act(emergency, 'acknowledge', { handledBy: 'Insp. Huber' });
    const given = await aut.approver.act(emergency, 'answer', {
      kind: 'emergency-data',
      answer: 'Last login from a handset in cell 4711, Graz',
      items: [{ name: 'logins.csv', sha256: 'e'.repeat(64), size: 812 }],
    });
    expect(given.status).toBe(200);
    expect(given.body.caseData.answers[0].items).toEqual([
      { name: 'logins.csv', sha256: 'e'.repeat(64), size: 812 },
    ]);
  });

  it("should send a ticket's follow-up to the ticket's State only, and refuse a ticket to an unrelated party", async () => {
    const id = await received();
    const elsewhere = await vnm.officer.post('/v1/requests', escalatingPreservation(gha.authorityId, id));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.details).toEqual([
      {
        field: 'followsUpRequestId',
        messages: ['the 24/7 ticket was addressed to AUT; address this request to that State'],
      },
    ]);
    const mlaElsewhere = await vnm.officer.post('/v1/requests', escalatingMla(p.gha.authorityId, id));
    expect(mlaElsewhere.body.details[0].field).toBe('followsUpRequestId');
    const notParty = await gha.officer.post('/v1/requests', escalatingMla(p.aut.authorityId, id));
    expect(notParty.body.details[0].field).toBe('followsUpRequestId');
  });

  it('should answer hostile bodies to every action of the channel with a clean 4xx that changes nothing', async () => {
    const id = await received();
    expect((await aut.officer.act(id, 'acknowledge', { handledBy: 'Insp. Huber' })).status).toBe(200);
    const valid: Record<string, Record<string, unknown>> = {
      route: { to: 'central-authority', authority: 'BMJ' },
      answer: { kind: 'technical-advice', answer: 'x', items: [{ name: 'a', sha256: 'a'.repeat(64) }] },
      acknowledge: { handledBy: 'x' },
      withdraw: { reasons: 'x' },
      close: {},
    };
    const hostile = fc.oneof(
      fc.constant(null),
      fc.constant('x'.repeat(30000)),
      fc.constant({ __proto__: { polluted: true } }),
      fc.integer(),
      fc.string(),
      fc.jsonValue({ maxDepth: 3 }),
    );
    // A valid body of some action with one field replaced, dropped or added, sent as any action.
    const call = fc.record({
      action: fc.constantFrom(...Object.keys(valid), 'deliver', 'escalate-to-mla'),
      shape: fc.constantFrom(...Object.keys(valid)),
      key: fc.constantFrom(
        'to',
        'authority',
        'kind',
        'answer',
        'items',
        'handledBy',
        'reasons',
        'constructor',
        'x',
      ),
      value: hostile,
      drop: fc.boolean(),
    });
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(call, async ({ action, shape, key, value, drop }) => {
        const body: Record<string, unknown> = { ...valid[shape] };
        if (drop) {
          delete body[key];
        } else {
          body[key] = value;
        }
        const before = await snapshot(id);
        // The wrong side tries too: its refusal must not depend on the body.
        for (const api of [vnm.approver, aut.officer]) {
          const res = await api.act(id, action, body);
          if (res.status < 300) {
            return; // a body that happens to be valid: the action was taken (the ticket moved on).
          }
          const after = await snapshot(id);
          problems.push(
            ...errorBodyProblems(res).map((x) => `${action} ${JSON.stringify(body).slice(0, 80)}: ${x}`),
          );
          if (res.status === 400 && res.body.code === 'VALIDATION_FAILED' && !res.body.details?.length) {
            problems.push(`${action}: a 400 naming no field`);
          }
          if (JSON.stringify(after) !== JSON.stringify(before)) {
            problems.push(`${action}: the database changed on a refusal`);
          }
        }
      }),
      { numRuns: 150 },
    );
    expect(problems).toEqual([]);
  });

  describe('access: only the side and role of each row may act, everybody else changes nothing', () => {
    type Step = [action: string, payload: object];
    const paths: Record<string, Step[]> = {
      RECEIVED: [],
      ACKNOWLEDGED: [['acknowledge', { handledBy: 'Insp. Huber' }]],
      ROUTED: [
        ['acknowledge', { handledBy: 'Insp. Huber' }],
        ['route', { to: 'central-authority', authority: 'BMJ' }],
      ],
      ANSWERED: [
        ['acknowledge', { handledBy: 'Insp. Huber' }],
        ['answer', { kind: 'technical-advice', answer: 'Ask the provider for the IMAP logs' }],
      ],
    };
    const cases: { action: string; from: string; side: 'vnm' | 'aut'; roles: string[]; payload: object }[] = [
      {
        action: 'acknowledge',
        from: 'RECEIVED',
        side: 'aut',
        roles: ['officer', 'approver'],
        payload: { handledBy: 'Insp. Huber' },
      },
      ...['ACKNOWLEDGED', 'ROUTED'].map((from) => ({
        action: 'route',
        from,
        side: 'aut' as const,
        roles: ['officer', 'approver'],
        payload: { to: 'competent-authority', authority: 'BK C4' },
      })),
      ...['ACKNOWLEDGED', 'ROUTED', 'ANSWERED'].map((from) => ({
        action: 'answer',
        from,
        side: 'aut' as const,
        roles: ['officer', 'approver'],
        payload: { kind: 'legal-information', answer: 'A court order is needed for content' },
      })),
      { action: 'close', from: 'ANSWERED', side: 'vnm', roles: ['officer'], payload: {} },
      ...['RECEIVED', 'ACKNOWLEDGED', 'ROUTED'].map((from) => ({
        action: 'withdraw',
        from,
        side: 'vnm' as const,
        roles: ['officer'],
        payload: { reasons: 'Suspect identified' },
      })),
    ];

    for (const c of cases) {
      it(`should let only the ${c.side} ${c.roles.join(' or ')} ${c.action} from ${c.from}`, async () => {
        const id = await received();
        for (const [action, payload] of paths[c.from]) {
          expect((await aut.officer.act(id, action, payload)).status).toBe(200);
        }
        const callers: [string, Api, number][] = [
          ['admin', p.admin, 403],
          ...(['vnm', 'aut'] as const).flatMap((side) =>
            (['officer', 'approver', 'auditor'] as const)
              .filter((role) => !(side === c.side && c.roles.includes(role)))
              .map((role): [string, Api, number] => [
                `${side}.${role}`,
                (side === 'vnm' ? vnm : aut)[role],
                403,
              ]),
          ),
          // Parties to nothing: the ticket does not exist for them.
          ['gha.officer', gha.officer, 404],
          ['aut central officer', p.aut.officer, 404],
        ];
        const problems: string[] = [];
        for (const [who, api, want] of callers) {
          const before = await snapshot(id);
          const res = await api.act(id, c.action, c.payload);
          const after = await snapshot(id);
          if (res.status !== want || JSON.stringify(after) !== JSON.stringify(before)) {
            problems.push(`${who}: ${res.status} (expected ${want})`);
          }
        }
        expect(problems).toEqual([]);
        for (const role of c.roles) {
          expect(
            (await get(id, (c.side === 'vnm' ? vnm : aut)[role as 'officer'])).availableActions,
          ).toContain(c.action);
        }
        const res = await (c.side === 'vnm' ? vnm : aut)[c.roles[c.roles.length - 1] as 'officer'].act(
          id,
          c.action,
          c.payload,
        );
        expect(res.status).toBe(200);
      });
    }

    it('should refuse the engine-only actions to every user (400, not a user action) and an action out of turn (409)', async () => {
      const id = await received();
      for (const action of [
        'deliver',
        'remind-acknowledgement',
        'escalate-to-preservation',
        'escalate-to-mla',
      ]) {
        for (const api of [vnm.officer, aut.officer, aut.approver]) {
          const res = await api.act(id, action);
          expect({ status: res.status, code: res.body.code }).toEqual({
            status: 400,
            code: 'UNKNOWN_ACTION',
          });
        }
      }
      const early = await aut.officer.act(id, 'answer', { kind: 'technical-advice', answer: 'x' });
      expect({ status: early.status, code: early.body.code }).toEqual({
        status: 409,
        code: 'INVALID_TRANSITION',
      });
      expect(await status(id)).toBe('RECEIVED');
    });
  });
});
