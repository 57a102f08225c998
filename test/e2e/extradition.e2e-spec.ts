import { extraditionBody } from '../support/extradition';
import { type Parties, seedParties, waitFor } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

const SECOND = 1 / 86400;

describe('Extradition with provisional arrest (art. 37) over HTTP', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    // The formal request is due 3 s after a provisional arrest in this test.
    t = await startTestApp({ env: { PROVISIONAL_ARREST_DAYS: String(3 * SECOND) } });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const status = async (id: string): Promise<string> =>
    (await t.db.query<{ status: string }>('SELECT status FROM cooperation_requests WHERE id = $1', [id]))
      .rows[0].status;
  const draft = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const res = await p.vnm.officer.post('/v1/requests', extraditionBody(p.aut.authorityId, overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const visibleTo = async (id: string) =>
    waitFor('delivery', async () => (await p.aut.officer.get(`/v1/requests/${id}`)).status === 200);

  it('should go from provisional arrest to formal request to surrender, and close', async () => {
    const id = await draft();
    expect((await p.vnm.officer.act(id, 'request-provisional-arrest')).body.status).toBe('PA_REQUESTED');
    await visibleTo(id);
    const arrested = await p.aut.officer.act(id, 'execute-provisional-arrest', {
      measure: 'custody',
      details: 'Arrested in Vienna',
    });
    expect(arrested.body.status).toBe('PA_EXECUTED');
    expect(arrested.body.caseData.provisionalArrest.formalRequestDueAt).toEqual(expect.any(String));
    const timers = await p.vnm.officer.get(`/v1/requests/${id}/timers`);
    expect(timers.body).toEqual([
      expect.objectContaining({ label: 'Formal extradition request due', status: 'pending' }),
    ]);

    expect((await p.vnm.officer.act(id, 'submit-formal-request')).body.status).toBe(
      'FORMAL_REQUEST_SUBMITTED',
    );
    // The lapse clock's occasion passed with the formal request: void at once, not months later.
    const afterFormal = await p.vnm.officer.get(`/v1/requests/${id}/timers`);
    expect(afterFormal.body).toEqual([
      expect.objectContaining({
        label: 'Formal extradition request due',
        status: 'void',
        reason: expect.stringMatching(/can no longer happen|superseded/),
        reasonCode: expect.stringMatching(/^(cannot-happen|superseded)$/),
        settledAt: null,
      }),
    ]);
    expect(
      (await p.aut.officer.act(id, 'open-judicial-review', { court: 'Landesgericht Wien' })).body.status,
    ).toBe('UNDER_JUDICIAL_REVIEW');
    expect((await p.aut.approver.act(id, 'grant')).body.status).toBe('GRANTED');
    expect(
      (await p.aut.officer.act(id, 'surrender', { arrangements: 'Vienna airport, escort' })).body.status,
    ).toBe('SURRENDERED');
    expect((await p.vnm.officer.act(id, 'close')).body.status).toBe('CLOSED');

    // The lapse clock passes without effect: the formal request came in time.
    await waitFor('the lapse clock to settle', async () => {
      const res = await p.vnm.officer.get(`/v1/requests/${id}/timers`);
      return res.body[0].status === 'void';
    });
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'request-provisional-arrest',
      'deliver',
      'execute-provisional-arrest',
      'submit-formal-request',
      'open-judicial-review',
      'grant',
      'surrender',
      'close',
    ]);
  });

  it('should let a provisional arrest lapse by its timer when no formal request arrives', async () => {
    const id = await draft();
    await p.vnm.officer.act(id, 'request-provisional-arrest');
    await visibleTo(id);
    await p.aut.officer.act(id, 'execute-provisional-arrest', { measure: 'other-measures' });
    await waitFor('lapse', async () => (await status(id)) === 'PA_LAPSED', 15000);
    const r = await p.vnm.officer.get(`/v1/requests/${id}`);
    expect(r.body.caseData.provisionalArrest.lapsedAt).toEqual(expect.any(String));
    // A late formal request remains possible (the person was released), or the case is closed.
    expect(r.body.availableActions).toEqual(['submit-formal-request', 'close']);
    const history = await p.aut.auditor.get(`/v1/requests/${id}/history`);
    expect(history.body.at(-1)).toMatchObject({ action: 'lapse', actor: { type: 'system' } });
  });

  it('should refuse for nationality after consultation, then refer for domestic prosecution and report its outcome', async () => {
    const id = await draft({
      details: {
        nationalOfRequestedState: true,
        personSought: { name: 'Anna Beispiel', nationalities: ['AUT'], probableLocation: 'Graz' },
      },
    });
    await p.vnm.officer.act(id, 'submit-formal-request');
    await visibleTo(id);
    await p.aut.officer.act(id, 'open-judicial-review', {});
    expect((await p.aut.approver.act(id, 'refuse', { grounds: ['NATIONALITY'], reasons: 'x' })).status).toBe(
      409,
    );
    await p.aut.approver.act(id, 'open-consultation', {
      reasons: 'The Constitution bars extraditing nationals',
    });
    expect(
      (await p.vnm.officer.act(id, 'submit-views', { views: 'We ask for domestic prosecution instead' })).body
        .status,
    ).toBe('CONSULTATION');
    const fiscal = await p.aut.approver.act(id, 'refuse', {
      grounds: ['NATIONALITY', 'FISCAL_ONLY'],
      reasons: 'x',
    });
    expect(fiscal.status).toBe(400);
    expect(fiscal.body.code).toBe('FORBIDDEN_REFUSAL_GROUND');
    const noReasons = await p.aut.approver.act(id, 'refuse', { grounds: ['NATIONALITY'] });
    expect(noReasons.status).toBe(400);
    expect(
      (await p.aut.approver.act(id, 'refuse', { grounds: ['NATIONALITY'], reasons: 'National of Austria' }))
        .body.status,
    ).toBe('REFUSED');

    const requester = await p.vnm.officer.get(`/v1/requests/${id}`);
    expect(requester.body.availableActions).toEqual(
      expect.arrayContaining(['request-domestic-prosecution', 'close']),
    );
    const referred = await p.vnm.officer.act(id, 'request-domestic-prosecution', { reasons: 'UNTOC 16(10)' });
    expect(referred.body.status).toBe('REFERRED_FOR_DOMESTIC_PROSECUTION');
    expect(referred.body.caseData.domesticProsecution.outcomeReported).toBe(false);
    const reported = await p.aut.officer.act(id, 'report-prosecution-outcome', {
      outcome: 'convicted',
      details: 'Four years, Landesgericht Graz',
    });
    expect(reported.body.status).toBe('CLOSED');
    expect(reported.body.caseData.domesticProsecution).toMatchObject({
      outcome: 'convicted',
      outcomeReported: true,
    });
  });

  it('should not offer domestic prosecution when refusal was not solely for nationality, and accept the discrimination ground', async () => {
    const id = await draft();
    await p.vnm.officer.act(id, 'submit-formal-request');
    await visibleTo(id);
    await p.aut.officer.act(id, 'open-judicial-review', {});
    await p.aut.approver.act(id, 'open-consultation', {
      reasons: 'Substantial grounds of discriminatory purpose',
    });
    const refused = await p.aut.approver.act(id, 'refuse', {
      grounds: ['DISCRIMINATORY_PURPOSE', 'NATIONALITY'],
      reasons: 'See the court ruling',
    });
    expect(refused.body.status).toBe('REFUSED');
    const tryRefer = await p.vnm.officer.act(id, 'request-domestic-prosecution', { reasons: 'x' });
    expect(tryRefer.status).toBe(409);
    expect(tryRefer.body.code).toBe('ACTION_NOT_AVAILABLE');
  });

  it('should block submission below the penalty threshold or without dual criminality, naming the offence', async () => {
    const low = await draft({
      details: {
        offences: [
          {
            description: 'Minor data interference',
            requestingStateProvision: 'a',
            requestedStateProvision: 'b',
            maxPenaltyMonthsRequesting: 24,
            maxPenaltyMonthsRequested: 6,
            dualCriminality: true,
          },
        ],
      },
    });
    const res = await p.vnm.officer.act(low, 'submit-formal-request');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('NOT_EXTRADITABLE');
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([
      'details.offences[0].maxPenaltyMonthsRequested',
    ]);
    expect(await status(low)).toBe('DRAFT');

    const noDc = await draft({
      details: {
        offences: [
          {
            description: 'x',
            requestingStateProvision: 'a',
            requestedStateProvision: 'b',
            maxPenaltyMonthsRequesting: 60,
            maxPenaltyMonthsRequested: 60,
            dualCriminality: false,
          },
        ],
      },
    });
    const res2 = await p.vnm.officer.act(noDc, 'request-provisional-arrest');
    expect(res2.status).toBe(400);
    expect(res2.body.details[0].field).toBe('details.offences[0].dualCriminality');

    // An accessory offence below the threshold rides with a principal one; the requested side accepts it.
    const withAccessory = await draft({
      details: {
        offences: [
          {
            description: 'Ransomware',
            requestingStateProvision: 'a',
            requestedStateProvision: 'b',
            maxPenaltyMonthsRequesting: 84,
            maxPenaltyMonthsRequested: 24,
            dualCriminality: true,
          },
          {
            description: 'Misuse of a device',
            requestingStateProvision: 'c',
            requestedStateProvision: 'd',
            maxPenaltyMonthsRequesting: 6,
            maxPenaltyMonthsRequested: 6,
            dualCriminality: true,
            accessory: true,
          },
        ],
      },
    });
    expect((await p.vnm.officer.act(withAccessory, 'submit-formal-request')).status).toBe(200);
    await visibleTo(withAccessory);
    await p.aut.officer.act(withAccessory, 'open-judicial-review', {});
    expect(
      (await p.aut.approver.act(withAccessory, 'accept-accessory-offences', { offenceIndexes: [0] })).status,
    ).toBe(400);
    const accepted = await p.aut.approver.act(withAccessory, 'accept-accessory-offences', {
      offenceIndexes: [1],
    });
    expect(accepted.body.caseData.accessoryOffencesAccepted.offenceIndexes).toEqual([1]);

    const onlyAccessory = await draft({
      details: {
        offences: [
          {
            description: 'x',
            requestingStateProvision: 'a',
            requestedStateProvision: 'b',
            maxPenaltyMonthsRequesting: 6,
            maxPenaltyMonthsRequested: 6,
            dualCriminality: true,
            accessory: true,
          },
        ],
      },
    });
    expect((await p.vnm.officer.act(onlyAccessory, 'submit-formal-request')).body.details[0].field).toBe(
      'details.offences',
    );
  });

  it('should validate extradition details per channel and demand urgency grounds for provisional arrest', async () => {
    const bad = await p.vnm.officer.post(
      '/v1/requests',
      extraditionBody(p.aut.authorityId, {
        details: { offences: [{ description: 'x', maxPenaltyMonthsRequesting: -1 }] },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining([
        'details.offences[0].maxPenaltyMonthsRequesting',
        'details.offences[0].dualCriminality',
      ]),
    );
    const noGrounds = await draft({ details: { provisionalArrestGrounds: undefined } });
    const res = await p.vnm.officer.act(noGrounds, 'request-provisional-arrest');
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([
      'details.provisionalArrestGrounds',
    ]);
    // The formal request alone needs no urgency grounds.
    expect((await p.vnm.officer.act(noGrounds, 'submit-formal-request')).status).toBe(200);
  });
});
