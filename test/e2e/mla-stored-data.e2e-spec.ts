import { mlaStoredDataDraft, RESULTS_PAYLOAD, storedDataItem } from '../../tools/samples/drafts';
import { contactPoint, type ContactPoint, preservationBody } from '../support/contact-points';
import { ticketBody } from '../support/contact-tickets';
import { type Parties, seedParties, waitFor } from '../support/parties';
import { dbSnapshot, fieldsOf } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * MLA for stored computer data (UNCC art. 44) over HTTP: an item of kind stored-data must say what the
 * requested State needs to act (the data and their categories, the system or provider, the period, the
 * measure sought), and such a request follows up what came before it, end to end: a preservation (art. 42),
 * held while the request is open and released when the data is disclosed, and a 24/7 ticket (art. 41),
 * escalated to MLA. Both links show on each side.
 */
describe('MLA for stored data (art. 44), after a preservation or a 24/7 ticket', () => {
  let t: TestApp;
  let p: Parties;
  let autPoc: ContactPoint;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
    autPoc = await contactPoint(p, 'AUT-BK-247', 'AUT');
  });
  afterAll(async () => {
    await t.close();
  });

  const statusOf = async (id: string): Promise<string> =>
    (await t.db.query<{ status: string }>('SELECT status FROM cooperation_requests WHERE id = $1', [id]))
      .rows[0].status;
  const until = (id: string, status: string) =>
    waitFor(`${id} ${status}`, async () => (await statusOf(id)) === status);

  /** Creates and submits an art. 44 request from VNM to AUT's central authority; returns its id. */
  const submitted = async (overrides: Record<string, unknown>): Promise<string> => {
    const created = await p.vnm.officer.post('/v1/requests', {
      ...mlaStoredDataDraft(p.aut.authorityId, 44),
      ...overrides,
    });
    expect(created.status).toBe(201);
    const res = await p.vnm.officer.act(created.body.id as string, 'submit');
    expect(res.status).toBe(200);
    return created.body.id as string;
  };

  it('should refuse to submit a stored-data item without its data, system, period and measure, naming each', async () => {
    const bare = { kind: 'stored-data', type: 'email-account', value: 'ops@example.at' };
    const created = await p.vnm.officer.post('/v1/requests', {
      ...mlaStoredDataDraft(p.aut.authorityId, 1),
      details: { assistanceTypes: ['stored-data'], items: [bare] },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const before = await dbSnapshot(t);
    const res = await p.vnm.officer.act(id, 'submit');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INCOMPLETE_REQUEST');
    expect(fieldsOf(res)).toEqual([
      'details.items[0].dataDescription',
      'details.items[0].dataCategories',
      'details.items[0].system',
      'details.items[0].periodFrom',
      'details.items[0].periodTo',
      'details.items[0].measures',
    ]);
    expect(await dbSnapshot(t)).toEqual(before);

    const inverted = await p.vnm.officer.patch(`/v1/requests/${id}`, {
      details: {
        assistanceTypes: ['stored-data'],
        items: [{ ...storedDataItem(1), periodTo: '2026-02-01T00:00:00Z' }],
      },
    });
    expect(inverted.status).toBe(200);
    expect(fieldsOf(await p.vnm.officer.act(id, 'submit'))).toEqual(['details.items[0].periodTo']);
    const badMeasure = await p.vnm.officer.patch(`/v1/requests/${id}`, {
      details: { assistanceTypes: ['stored-data'], items: [{ ...storedDataItem(1), measures: ['delete'] }] },
    });
    expect(badMeasure.status).toBe(400);
    expect(fieldsOf(badMeasure)).toEqual(['details.items[0].measures[0]']);

    const fixed = await p.vnm.officer.patch(`/v1/requests/${id}`, {
      details: { assistanceTypes: ['stored-data'], items: [storedDataItem(1)] },
    });
    expect(fixed.status).toBe(200);
    const sent = await p.vnm.officer.act(id, 'submit');
    expect(sent.body.status).toBe('SUBMITTED');
    expect(sent.body.details.items[0]).toEqual(storedDataItem(1));
  });

  it('should follow a preservation up: held while the art. 44 request is open, released once the data is disclosed', async () => {
    const created = await p.vnm.officer.post('/v1/requests', preservationBody(autPoc.authorityId));
    const preservation = created.body.id as string;
    await p.vnm.officer.act(preservation, 'send');
    await until(preservation, 'RECEIVED');
    await autPoc.officer.act(preservation, 'start-preservation', { orderReference: 'AUT-PO-44' });
    const confirmed = await autPoc.officer.act(preservation, 'confirm-preservation', {
      custodianConfirmation: 'Preserved by Example Mail GmbH',
    });
    expect(confirmed.body.status).toBe('PRESERVED_ACTIVE');

    const mla = await submitted({ followsUpRequestId: preservation });
    await until(preservation, 'HELD_PENDING_MLA_DECISION');
    const held = (await p.vnm.officer.get(`/v1/requests/${preservation}`)).body;
    expect(held.caseData.heldFor.requestId).toBe(mla);
    expect(held.followUps).toEqual([expect.objectContaining({ id: mla, channel: 'mla' })]);
    const request = (await p.aut.officer.get(`/v1/requests/${mla}`)).body;
    expect(request.followsUpRequestId).toBe(preservation);
    expect(request.details.items[0]).toMatchObject({ kind: 'stored-data', measures: expect.any(Array) });

    await p.aut.officer.act(mla, 'acknowledge');
    await p.aut.approver.act(mla, 'accept');
    await p.aut.officer.act(mla, 'start-execution');
    const executed = await p.aut.approver.act(mla, 'transmit-results', RESULTS_PAYLOAD);
    expect(executed.body.status).toBe('EXECUTED');
    await until(preservation, 'RELEASED');
    const history = (await p.vnm.auditor.get(`/v1/requests/${preservation}/history`)).body as {
      action: string;
    }[];
    expect(history.slice(-2).map((e) => e.action)).toEqual(['hold', 'release']);
  });

  it('should follow a 24/7 ticket up: the ticket escalated to MLA, linked both ways', async () => {
    const opened = await p.vnm.officer.post('/v1/requests', ticketBody(autPoc.authorityId));
    const ticket = opened.body.id as string;
    await p.vnm.officer.act(ticket, 'open');
    await until(ticket, 'RECEIVED');
    const mla = await submitted({ followsUpRequestId: ticket });
    await until(ticket, 'ESCALATED_TO_MLA');
    const seen = (await p.vnm.officer.get(`/v1/requests/${ticket}`)).body;
    expect(seen.caseData.escalations).toEqual([{ requestId: mla, channel: 'mla', at: expect.any(String) }]);
    expect(seen.followUps).toEqual([expect.objectContaining({ id: mla, channel: 'mla' })]);
    expect((await p.aut.officer.get(`/v1/requests/${mla}`)).body).toMatchObject({
      followsUpRequestId: ticket,
      status: 'RECEIVED',
      details: { assistanceTypes: ['stored-data'], items: [storedDataItem(44)] },
    });
  });
});
