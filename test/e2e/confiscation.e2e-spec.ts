import { mlaBody, type Parties, seedParties, waitFor } from '../support/parties';
import {
  CONFISCATION_PAYLOADS as P,
  confiscationBody,
  confiscationInStatus,
  sentConfiscation,
} from '../support/confiscation';
import { spontaneousBody } from '../support/spontaneous';
import { dbSnapshot, fieldsOf } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

const actionsOf = (history: { action: string }[]): string[] => history.map((e) => e.action);

describe('Confiscation and return of property (arts 49-52) over HTTP', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (id: string) => (await p.aut.approver.get(`/v1/requests/${id}`)).body;

  it('should be listed by GET /v1/workflows with its states, actions and bases, [GK] kept', async () => {
    interface Workflow {
      channel: string;
      initial: string;
      states: string[];
      actions: { action: string; basis: string; actors: { side: string; roles: string[] }[] }[];
    }
    const res = await p.aut.auditor.get<Workflow[]>('/v1/workflows');
    const channel = res.body.find((w) => w.channel === 'confiscation');
    if (!channel) {
      throw new Error('GET /v1/workflows does not list the confiscation channel');
    }
    expect(channel.states).toEqual(
      expect.arrayContaining([
        'FREEZE_REQUESTED',
        'FROZEN',
        'LIFT_PROPOSED',
        'ORDER_RECOGNISED',
        'DISPOSAL_DECIDED',
      ]),
    );
    const byAction = Object.fromEntries(channel.actions.map((a) => [a.action, a]));
    expect(byAction['decide-disposal'].actors).toEqual([{ side: 'requested', roles: ['approver'] }]);
    expect(byAction['decide-disposal'].basis).toMatch(/art\. 52 .*\[GK\]/);
    expect(byAction['argue-against-lift'].actors).toEqual([{ side: 'requesting', roles: ['officer'] }]);
    expect(byAction['record-third-party-claim'].basis).toContain('13(8)');
  });

  it('should freeze, then confiscate by a domestic order (1a), settle a third-party claim and return the net value', async () => {
    const id = await sentConfiscation(p, true);
    const seen = await p.aut.approver.get(`/v1/requests/${id}`);
    expect(seen.body.status).toBe('FREEZE_REQUESTED');
    expect(seen.body.availableActions).toEqual(['freeze', 'open-consultation']);
    const badProperty = await p.aut.approver.act(id, 'freeze', { ...P.freeze(), properties: [0, 5] });
    expect(badProperty.status).toBe(400);
    expect(fieldsOf(badProperty)).toEqual(['properties']);
    const frozen = await p.aut.approver.act(id, 'freeze', P.freeze(), { 'If-Match': seen.headers.etag });
    expect(frozen.body.status).toBe('FROZEN');
    expect(frozen.body.caseData.freezing).toMatchObject({ measureTaken: 'freezing' });

    const empty = await p.vnm.officer.act(id, 'request-confiscation', { type: 'enforce-order' });
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty)).toEqual(['order', 'extentOfExecution', 'thirdPartyNotice', 'orderIsFinal']);
    const asked = await p.vnm.officer.act(id, 'request-confiscation', P['request-confiscation']());
    expect(asked.body.status).toBe('CONFISCATION_REQUESTED');
    expect((await p.aut.officer.act(id, 'acknowledge')).body.status).toBe('UNDER_REVIEW');
    const review = await p.aut.approver.get(`/v1/requests/${id}`);
    expect(review.body.availableActions).toEqual(['open-consultation', 'obtain-order']);
    const wrongType = await p.aut.approver.act(id, 'recognise-order', P['recognise-order']());
    expect(wrongType.status).toBe(409);
    expect(wrongType.body.code).toBe('ACTION_NOT_AVAILABLE');
    expect((await p.aut.approver.act(id, 'obtain-order', P['obtain-order']())).body.status).toBe(
      'ORDER_OBTAINED',
    );

    const claimed = await p.aut.officer.act(id, 'record-third-party-claim', {
      ...P['record-third-party-claim'](),
      properties: [0],
    });
    expect(claimed.body.caseData.thirdPartyClaims).toHaveLength(1);
    expect((await p.aut.approver.act(id, 'enforce', P.enforce())).body.status).toBe('ENFORCED');
    const early = await p.aut.approver.act(id, 'decide-disposal', P['decide-disposal']());
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('ACTION_NOT_AVAILABLE');
    await p.aut.approver.act(id, 'resolve-third-party-claim', P['resolve-third-party-claim']());

    const before = await dbSnapshot(t);
    const retained = await p.aut.approver.act(id, 'decide-disposal', {
      outcome: 'RETAINED',
      amount: 240000,
      currency: 'EUR',
    });
    expect(retained.status).toBe(400);
    expect(fieldsOf(retained)).toEqual(['reasons']);
    expect(await dbSnapshot(t)).toEqual(before);
    const decided = await p.aut.approver.act(id, 'decide-disposal', P['decide-disposal']());
    expect(decided.body.status).toBe('DISPOSAL_DECIDED');
    expect(decided.body.caseData.disposal).toMatchObject({
      outcome: 'RETURNED_TO_REQUESTER',
      totalCosts: 2000,
      net: 238000,
      returnRequested: { purpose: 'compensate-victims' },
    });
    expect((await p.vnm.officer.act(id, 'close')).body.status).toBe('CLOSED');
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(actionsOf(history.body)).toEqual([
      'create',
      'submit',
      'deliver',
      'freeze',
      'request-confiscation',
      'acknowledge',
      'obtain-order',
      'record-third-party-claim',
      'enforce',
      'resolve-third-party-claim',
      'decide-disposal',
      'close',
    ]);
  });

  it("should start directly at confiscation and enforce the requesting State's order (1b), sharing the value", async () => {
    const id = await sentConfiscation(p, true, 'confiscation');
    const r = await get(id);
    expect(r.status).toBe('CONFISCATION_REQUESTED');
    expect(r.caseData.confiscation).toMatchObject({ type: 'enforce-order', orderIsFinal: true });
    await p.aut.officer.act(id, 'acknowledge');
    expect((await p.aut.approver.act(id, 'obtain-order', P['obtain-order']())).status).toBe(409);
    const recognised = await p.aut.approver.act(id, 'recognise-order', {
      ...P['recognise-order'](),
      extent: 'partial',
      limits: 'Not the wallet: the exchange holds it for a third party',
    });
    expect(recognised.body.status).toBe('ORDER_RECOGNISED');
    await p.aut.approver.act(id, 'enforce', P.enforce());
    const tooMuch = await p.aut.approver.act(id, 'decide-disposal', {
      outcome: 'SHARED',
      amount: 1000,
      currency: 'EUR',
      costsDeducted: [{ description: 'Sale', amount: 100 }],
      shares: [{ recipient: 'VNM', amount: 950 }],
      reasons: 'Agreement on sharing',
    });
    expect(fieldsOf(tooMuch)).toEqual(['shares']);
    const shared = await p.aut.approver.act(id, 'decide-disposal', {
      outcome: 'SHARED',
      amount: 240000,
      currency: 'EUR',
      costsDeducted: [{ description: 'Sale of the assets', amount: 4000 }],
      shares: [
        { recipient: 'VNM', amount: 200000 },
        { recipient: 'AUT', amount: 36000 },
      ],
      reasons: 'Sharing agreement of 2026 (UNTOC 14(3)(b))',
    });
    expect(shared.body.status).toBe('DISPOSAL_DECIDED');
    expect(shared.body.caseData.disposal).toMatchObject({
      net: 236000,
      returnRequested: { purpose: 'compensate-victims' },
    });
  });

  it('should give the requesting State its period to argue before a lift: the clock ends it, then the lift is possible', async () => {
    const id = await confiscationInStatus(p, 'FROZEN');
    const past = await p.aut.approver.act(id, 'propose-lift', {
      ...P['propose-lift'](),
      respondBy: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(fieldsOf(past)).toEqual(['respondBy']);
    const respondBy = new Date(Date.now() + 1500).toISOString();
    const proposed = await p.aut.approver.act(id, 'propose-lift', { ...P['propose-lift'](), respondBy });
    expect(proposed.body.status).toBe('LIFT_PROPOSED');
    const timers = await p.aut.approver.get(`/v1/requests/${id}/timers`);
    expect(JSON.stringify(timers.body)).toContain('Period to argue against lifting');
    expect((await p.aut.approver.get(`/v1/requests/${id}`)).body.availableActions).toEqual(['keep-frozen']);
    const tooEarly = await p.aut.approver.act(id, 'lift', P.lift());
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe('ACTION_NOT_AVAILABLE');

    const ended = await waitFor('the period to argue to end', async () => {
      const r = await get(id);
      return r.caseData.liftProposals[0].periodEndedAt ? r : undefined;
    });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(respondBy));
    expect(ended.availableActions).toContain('lift');
    // Once the period is over the requesting State has nothing to argue in; it can still withdraw.
    expect((await p.aut.approver.act(id, 'lift', P.lift())).body.status).toBe('LIFTED');
    const history = await p.aut.auditor.get(`/v1/requests/${id}/history`);
    expect(history.body.find((e: { action: string }) => e.action === 'end-argument-period')).toMatchObject({
      actor: { type: 'system' },
    });
    expect((await p.vnm.officer.act(id, 'close')).body.status).toBe('CLOSED');
  });

  it('should keep the freeze after the requesting State argued, and let it argue once', async () => {
    const id = await confiscationInStatus(p, 'LIFT_PROPOSED');
    const argued = await p.vnm.officer.act(id, 'argue-against-lift', {
      position: 'The confiscation order is days away',
      items: [{ name: 'draft-order.pdf', sha256: 'ef'.repeat(32) }],
    });
    expect(argued.body.caseData.liftProposals[0].arguments).toMatchObject({
      position: 'The confiscation order is days away',
    });
    expect((await p.vnm.officer.act(id, 'argue-against-lift', P['argue-against-lift']())).status).toBe(409);
    expect((await p.aut.approver.get(`/v1/requests/${id}`)).body.availableActions).toContain('lift');
    const kept = await p.aut.approver.act(id, 'keep-frozen', P['keep-frozen']());
    expect(kept.body.status).toBe('FROZEN');
    expect(kept.body.caseData.liftProposals[0].decision).toMatchObject({ outcome: 'kept' });
  });

  it('should refuse only after consultation, never on bank secrecy, with grounds and reasons', async () => {
    const id = await sentConfiscation(p, true);
    const before = await dbSnapshot(t);
    const unconsulted = await p.aut.approver.act(id, 'refuse', P.refuse());
    expect(unconsulted.status).toBe(409);
    expect(await dbSnapshot(t)).toEqual(before);
    await p.aut.approver.act(id, 'open-consultation', P['open-consultation']());
    const secrecy = await p.aut.approver.act(id, 'refuse', {
      grounds: ['MINIMAL_VALUE', 'BANK_SECRECY'],
      reasons: 'r',
    });
    expect(secrecy.status).toBe(400);
    expect(secrecy.body.code).toBe('FORBIDDEN_REFUSAL_GROUND');
    expect(fieldsOf(secrecy)).toEqual(['grounds[1]']);
    const refused = await p.aut.approver.act(id, 'refuse', {
      grounds: ['MINIMAL_VALUE'],
      reasons: 'Worth 40 EUR',
    });
    expect(refused.body.status).toBe('REFUSED');
    expect(refused.body.caseData.refusal).toMatchObject({ grounds: ['MINIMAL_VALUE'] });
  });

  it('should ask and answer questions, and status enquiries, without changing the status', async () => {
    const id = await sentConfiscation(p, true);
    expect((await p.vnm.officer.act(id, 'provide-information', P['provide-information']())).status).toBe(409);
    await p.aut.officer.act(id, 'request-information', P['request-information']());
    const answered = await p.vnm.officer.act(id, 'provide-information', P['provide-information']());
    expect(answered.body.status).toBe('FREEZE_REQUESTED');
    expect(answered.body.caseData.informationRequests[0].answers).toBeDefined();
    await p.vnm.officer.act(id, 'query-status', P['query-status']());
    const status = await p.aut.officer.act(id, 'answer-status', P['answer-status']());
    expect(status.body.caseData.statusEnquiries[0].answer).toBe('The court decides on Monday.');
    expect((await p.vnm.officer.act(id, 'withdraw', P.withdraw())).body.status).toBe('WITHDRAWN');
  });

  it('should demand the contents of each type at submit, naming the fields, and change nothing', async () => {
    const res = await p.vnm.officer.post(
      '/v1/requests',
      confiscationBody(p.aut.authorityId, {
        assistanceSought: undefined,
        details: { orderIssued: true, freezeOrder: undefined },
      }),
    );
    const id = res.body.id as string;
    const before = await dbSnapshot(t);
    const sent = await p.vnm.officer.act(id, 'submit');
    expect(sent.status).toBe(400);
    expect(fieldsOf(sent)).toEqual(['assistanceSought', 'details.freezeOrder']);
    expect(await dbSnapshot(t)).toEqual(before);

    const direct = await p.vnm.officer.post(
      '/v1/requests',
      confiscationBody(
        p.aut.authorityId,
        { details: { confiscation: { type: 'enforce-order', orderIsFinal: false } } },
        'confiscation',
      ),
    );
    const notFinal = await p.vnm.officer.act(direct.body.id as string, 'submit');
    expect(fieldsOf(notFinal)).toEqual([
      'details.confiscation.order',
      'details.confiscation.extentOfExecution',
      'details.confiscation.thirdPartyNotice',
      'details.confiscation.orderIsFinal',
    ]);

    const badDetails = await p.vnm.officer.post(
      '/v1/requests',
      confiscationBody(p.aut.authorityId, {
        details: { measure: 'seize', properties: [{ description: 'x', kind: 'yacht' }] },
      }),
    );
    expect(badDetails.status).toBe(400);
    expect(fieldsOf(badDetails).sort()).toEqual(['details.measure', 'details.properties[0].kind']);
  });

  it('should follow up spontaneous information on proceeds received from the requested State (art. 51), or an MLA request to the same State', async () => {
    const offer = await p.aut.officer.post(
      '/v1/requests',
      spontaneousBody(p.vnm.authorityId, {
        details: { kind: 'proceeds-of-crime', proceeds: [{ description: 'Account in Vienna' }] },
      }),
    );
    expect(offer.status).toBe(201);
    const offerId = offer.body.id as string;
    expect((await p.aut.officer.act(offerId, 'offer')).status).toBe(200);
    await waitFor(
      'the offer to reach Viet Nam',
      async () => (await p.vnm.officer.get(`/v1/requests/${offerId}`)).status === 200,
    );
    const linked = await p.vnm.officer.post('/v1/requests', {
      ...confiscationBody(p.aut.authorityId),
      followsUpRequestId: offerId,
    });
    expect(linked.status).toBe(201);
    const own = await p.aut.officer.post('/v1/requests', {
      ...confiscationBody(p.vnm.authorityId),
      followsUpRequestId: offerId,
    });
    expect(own.status).toBe(400);
    expect(fieldsOf(own)).toEqual(['followsUpRequestId']);
    // An MLA request that traced the property: the confiscation request goes to the same State.
    const mla = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    const toGhana = await p.vnm.officer.post('/v1/requests', {
      ...confiscationBody(p.gha.authorityId),
      followsUpRequestId: mla.body.id,
    });
    expect(toGhana.status).toBe(400);
    expect(toGhana.body.details[0].messages[0]).toBe(
      'the MLA request was sent to AUT; address this request to that State',
    );
    const toAustria = await p.vnm.officer.post('/v1/requests', {
      ...confiscationBody(p.aut.authorityId),
      followsUpRequestId: mla.body.id,
    });
    expect(toAustria.status).toBe(201);
  });
});
