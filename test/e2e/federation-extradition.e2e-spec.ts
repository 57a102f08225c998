import { Api } from '../support/api';
import { extraditionBody } from '../support/extradition';
import {
  closeNodes,
  type FederationNode,
  history,
  pinnedPair,
  statusOn,
  until,
  user,
} from '../support/federation-nodes';

const SECOND = 1 / 86400;

interface Timer {
  label: string;
  status: string;
}

describe('Federation: extradition with provisional arrest across nodes (art. 37), the lapse clock on the requested node', () => {
  let dir: string;
  let a: FederationNode;
  let b: FederationNode;
  let aOfficer: Api;
  let bOfficer: Api;
  let bApprover: Api;
  let bCentral: string;

  beforeAll(async () => {
    // The formal request is due 3 s after a provisional arrest, on both nodes.
    const clocks = { PROVISIONAL_ARREST_DAYS: String(3 * SECOND) };
    let aCa: string;
    ({ dir, a, b, aCentral: aCa, bCentral } = await pinnedPair('extradition', clocks));
    aOfficer = await user(a, aCa, ['officer']);
    bOfficer = await user(b, bCentral, ['officer']);
    bApprover = await user(b, bCentral, ['approver']);
  }, 120000);

  afterAll(() => closeNodes(dir, a, b));

  /** Both nodes hold the request's history event for event and hash for hash; returns its actions. */
  async function sameHistory(id: string): Promise<string[]> {
    const onA = await until('the history settled on both nodes', async () => {
      const [ha, hb] = [await history(a, id), await history(b, id)];
      return ha.length > 0 && JSON.stringify(ha) === JSON.stringify(hb) ? ha : null;
    });
    expect(await history(b, id)).toEqual(onA);
    return onA.map((e) => e.action as string);
  }

  /** `actor` takes `action` (200), then the other node reaches `status` too. */
  async function step(actor: Api, id: string, action: string, payload: object, status: string, other: Api) {
    const res = await actor.act(id, action, payload);
    expect({ action, code: res.status, status: res.body.status }).toEqual({ action, code: 200, status });
    await until(`${action} on the other node`, async () => (await statusOn(other, id)) === status);
  }

  /** `actor` moves in a state the other node owns: proposed (202), then `status` on both nodes. */
  async function proposed(
    actor: Api,
    id: string,
    action: string,
    payload: object,
    status: string,
    other: Api,
  ) {
    const res = await actor.act(id, action, payload);
    expect({ action, code: res.status }).toEqual({ action, code: 202 });
    await until(`${action} on the owner's node`, async () => (await statusOn(other, id)) === status);
    await until(`${action} back here`, async () => (await statusOn(actor, id)) === status);
  }

  async function draft(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await aOfficer.post('/v1/requests', extraditionBody(bCentral, overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('should let a provisional arrest lapse by its clock on B, then take a late formal request to surrender and closure', async () => {
    const id = await draft();
    const requested = await aOfficer.act(id, 'request-provisional-arrest');
    expect(requested).toMatchObject({ status: 200, body: { status: 'PA_REQUESTED' } });
    await until('the request on B', async () => (await statusOn(bOfficer, id)) === 'PA_REQUESTED');
    await step(
      bOfficer,
      id,
      'execute-provisional-arrest',
      { measure: 'custody', details: 'Arrested in Vienna' },
      'PA_EXECUTED',
      aOfficer,
    );
    // The lapse is the requested side's clock: listed and run by B only.
    const onB = (await bOfficer.get(`/v1/requests/${id}/timers`)).body as Timer[];
    expect(onB.map((x) => [x.label, x.status])).toEqual([['Formal extradition request due', 'pending']]);
    expect((await aOfficer.get(`/v1/requests/${id}/timers`)).body).toEqual([]);
    const dueOnA = (await aOfficer.get(`/v1/requests/${id}`)).body.caseData.provisionalArrest;
    expect(dueOnA).toEqual((await bOfficer.get(`/v1/requests/${id}`)).body.caseData.provisionalArrest);

    await until('PA_LAPSED on A', async () => (await statusOn(aOfficer, id)) === 'PA_LAPSED', 20000);
    expect(((await bOfficer.get(`/v1/requests/${id}/timers`)).body as Timer[])[0].status).toBe('fired');
    // A late formal request stays possible (the person was released).
    await step(aOfficer, id, 'submit-formal-request', {}, 'FORMAL_REQUEST_SUBMITTED', bOfficer);
    await step(
      bOfficer,
      id,
      'open-judicial-review',
      { court: 'Landesgericht Wien' },
      'UNDER_JUDICIAL_REVIEW',
      aOfficer,
    );
    await step(bApprover, id, 'grant', {}, 'GRANTED', aOfficer);
    await step(
      bOfficer,
      id,
      'surrender',
      { arrangements: 'Vienna airport, escort' },
      'SURRENDERED',
      aOfficer,
    );
    await step(aOfficer, id, 'close', {}, 'CLOSED', bOfficer);
    expect(await sameHistory(id)).toEqual([
      'create',
      'request-provisional-arrest',
      'deliver',
      'execute-provisional-arrest',
      'lapse',
      'submit-formal-request',
      'open-judicial-review',
      'grant',
      'surrender',
      'close',
    ]);
    const lapse = (await history(a, id)).find((e) => e.action === 'lapse')!;
    expect(lapse).toMatchObject({
      actor_type: 'system',
      payload: { trigger: { jobName: 'ProvisionalArrestLapse' } },
    });
    const caseOnA = (await aOfficer.get(`/v1/requests/${id}`)).body.caseData;
    expect(caseOnA).toEqual((await bOfficer.get(`/v1/requests/${id}`)).body.caseData);
    expect(caseOnA.provisionalArrest.lapsedAt).toEqual(expect.any(String));
  }, 90000);

  it('should void the lapse clock on B when the formal request arrives in time', async () => {
    const id = await draft();
    expect((await aOfficer.act(id, 'request-provisional-arrest')).status).toBe(200);
    await until('the request on B', async () => (await statusOn(bOfficer, id)) === 'PA_REQUESTED');
    await step(
      bOfficer,
      id,
      'execute-provisional-arrest',
      { measure: 'other-measures' },
      'PA_EXECUTED',
      aOfficer,
    );
    // PA_EXECUTED is B's (its clock runs there): the formal request is proposed to B and applied there.
    await proposed(aOfficer, id, 'submit-formal-request', {}, 'FORMAL_REQUEST_SUBMITTED', bOfficer);
    const timers = (await bOfficer.get(`/v1/requests/${id}/timers`)).body as Timer[];
    expect(timers.map((x) => x.status)).toEqual(['void']);
    // Past its due time the clock settles without effect, on B; nothing lapses anywhere.
    await until('the clock settled on B', async () => {
      const list = (await bOfficer.get(`/v1/requests/${id}/timers`)).body as { settledAt: string | null }[];
      return list[0].settledAt !== null;
    });
    expect(await statusOn(aOfficer, id)).toBe('FORMAL_REQUEST_SUBMITTED');
    expect(await sameHistory(id)).toEqual([
      'create',
      'request-provisional-arrest',
      'deliver',
      'execute-provisional-arrest',
      'submit-formal-request',
    ]);
  }, 60000);

  it('should take a formal request without provisional arrest through consultation, a refusal for nationality and domestic prosecution', async () => {
    const id = await draft({
      details: {
        nationalOfRequestedState: true,
        personSought: { name: 'Anna Beispiel', nationalities: ['AUT'], probableLocation: 'Graz' },
      },
    });
    expect((await aOfficer.act(id, 'submit-formal-request')).status).toBe(200);
    await until(
      'the request on B',
      async () => (await statusOn(bOfficer, id)) === 'FORMAL_REQUEST_SUBMITTED',
    );
    await step(bOfficer, id, 'open-judicial-review', {}, 'UNDER_JUDICIAL_REVIEW', aOfficer);
    await step(
      bApprover,
      id,
      'open-consultation',
      { reasons: 'The Constitution bars extraditing nationals' },
      'CONSULTATION',
      aOfficer,
    );
    // A's views in a state B owns: proposed to B (202), applied there, back to A as B's event.
    const views = await aOfficer.act(id, 'submit-views', {
      views: 'We ask for domestic prosecution instead',
    });
    expect(views.status).toBe(202);
    await until('the views on B', async () =>
      (await history(b, id)).some((e) => e.action === 'submit-views'),
    );
    await step(
      bApprover,
      id,
      'refuse',
      { grounds: ['NATIONALITY'], reasons: 'National of Austria' },
      'REFUSED',
      aOfficer,
    );
    // Available on A's copy from the refusal recorded there (nationality only).
    expect((await aOfficer.get(`/v1/requests/${id}`)).body.availableActions).toEqual(
      expect.arrayContaining(['request-domestic-prosecution']),
    );
    await step(
      aOfficer,
      id,
      'request-domestic-prosecution',
      { reasons: 'UNTOC 16(10)' },
      'REFERRED_FOR_DOMESTIC_PROSECUTION',
      bOfficer,
    );
    await step(
      bOfficer,
      id,
      'report-prosecution-outcome',
      { outcome: 'convicted', details: 'Four years, Landesgericht Graz' },
      'CLOSED',
      aOfficer,
    );
    expect(await sameHistory(id)).toEqual([
      'create',
      'submit-formal-request',
      'deliver',
      'open-judicial-review',
      'open-consultation',
      'submit-views',
      'refuse',
      'request-domestic-prosecution',
      'report-prosecution-outcome',
    ]);
    const caseOnA = (await aOfficer.get(`/v1/requests/${id}`)).body.caseData;
    expect(caseOnA).toEqual((await bOfficer.get(`/v1/requests/${id}`)).body.caseData);
  }, 90000);
});
