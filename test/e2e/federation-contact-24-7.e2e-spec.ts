import type { Api } from '../support/api';
import { escalatingMla, escalatingPreservation, ticketBody } from '../support/contact-tickets';
import {
  authority,
  CENTRAL_AUTHORITY,
  closeNodes,
  type FederationNode,
  history,
  nodesDir,
  pinBoth,
  startNode,
  statusOn,
  until,
  user,
} from '../support/federation-nodes';

const POC = { name: '24/7 point of contact', kind: 'contact-24-7', languages: ['en'] };

describe('Federation: a 24/7 ticket across nodes (acknowledged, answered, escalated by a preservation and an MLA request)', () => {
  let dir: string;
  let a: FederationNode;
  let b: FederationNode;
  let aPocOfficer: Api;
  let bPocOfficer: Api;
  let bCaOfficer: Api;
  let bPoc: string;
  let bCentral: string;

  beforeAll(async () => {
    dir = nodesDir('contact-24-7');
    a = await startNode(dir, 'a', 'VNM');
    b = await startNode(dir, 'b', 'AUT');
    const aPoc = await authority(a, { ...POC, code: 'VNM-A05-247', country: 'VNM' });
    bPoc = await authority(b, { ...POC, code: 'AUT-BK-247', country: 'AUT' });
    bCentral = await authority(b, CENTRAL_AUTHORITY.AUT);
    aPocOfficer = await user(a, aPoc, ['officer']);
    bPocOfficer = await user(b, bPoc, ['officer']);
    bCaOfficer = await user(b, bCentral, ['officer']);
    // Pinned once the directories are complete: each node learns the other's authorities.
    await pinBoth(a, b);
  }, 180000);

  afterAll(() => closeNodes(dir, a, b));

  const on = async (api: Api, id: string, status: string): Promise<void> => {
    await until(`${id} ${status}`, async () => (await statusOn(api, id)) === status);
  };

  it('should hold the same ticket on both nodes, with its time to acknowledge and both escalations linked', async () => {
    const created = await aPocOfficer.post('/v1/requests', ticketBody(bPoc));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await aPocOfficer.act(id, 'open')).status).toBe(200);
    await on(bPocOfficer, id, 'RECEIVED');
    // The acknowledgement clock runs on the requested node only.
    const timers = (await bPocOfficer.get(`/v1/requests/${id}/timers`)).body as { label: string }[];
    expect(timers.map((x) => x.label)).toEqual(['24/7 ticket not yet acknowledged']);
    expect((await aPocOfficer.get(`/v1/requests/${id}/timers`)).body).toEqual([]);

    const ack = await bPocOfficer.act(id, 'acknowledge', { handledBy: 'Insp. Huber' });
    expect(ack.status).toBe(200);
    await on(aPocOfficer, id, 'ACKNOWLEDGED');
    const minutes = ack.body.caseData.acknowledgement.minutesToAcknowledge as number;
    expect(
      (await aPocOfficer.get(`/v1/requests/${id}`)).body.caseData.acknowledgement.minutesToAcknowledge,
    ).toBe(minutes);
    await bPocOfficer.act(id, 'answer', { kind: 'provider-location', answer: 'Example Mail GmbH, Vienna' });
    await on(aPocOfficer, id, 'ANSWERED');

    const preservation = await aPocOfficer.post('/v1/requests', escalatingPreservation(bPoc, id));
    expect(preservation.status).toBe(201);
    await aPocOfficer.act(preservation.body.id as string, 'send');
    await on(aPocOfficer, id, 'ESCALATED_TO_PRESERVATION');
    const mla = await aPocOfficer.post('/v1/requests', escalatingMla(bCentral, id));
    expect(mla.status).toBe(201);
    await aPocOfficer.act(mla.body.id as string, 'submit');
    await on(bCaOfficer, mla.body.id as string, 'RECEIVED');
    await on(aPocOfficer, id, 'ESCALATED_TO_MLA');
    await on(bPocOfficer, id, 'ESCALATED_TO_MLA');

    // Both nodes record both escalations. The follow-ups listed are those the caller may read: Viet Nam's
    // point of contact asked for both; Austria's is not party to the MLA request to Austria's central authority.
    for (const [api, listed] of [
      [aPocOfficer, ['preservation', 'mla']],
      [bPocOfficer, ['preservation']],
    ] as const) {
      const ticket = (await api.get(`/v1/requests/${id}`)).body;
      expect(ticket.caseData.escalations.map((e: { channel: string }) => e.channel)).toEqual([
        'preservation',
        'mla',
      ]);
      expect(ticket.followUps.map((f: { channel: string }) => f.channel)).toEqual(listed);
    }
    // ESCALATED_TO_MLA is sequenced by the requested node (its clocks and news run there): the requesting
    // side's close is proposed to it (202), then applied there and repeated here.
    expect((await aPocOfficer.act(id, 'close')).status).toBe(202);
    await on(aPocOfficer, id, 'CLOSED');
    await on(bPocOfficer, id, 'CLOSED');
    const settled = await until('the same history on both nodes', async () => {
      const [x, y] = [await history(a, id), await history(b, id)];
      return x.length === 8 && JSON.stringify(x) === JSON.stringify(y) ? x : null;
    });
    expect(settled.map((e) => e.action as string)).toEqual([
      'create',
      'open',
      'deliver',
      'acknowledge',
      'answer',
      'escalate-to-preservation',
      'escalate-to-mla',
      'close',
    ]);
  });
});
