import { Api } from '../support/api';
import { preservationBody } from '../support/contact-points';
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
import { mlaBody } from '../support/parties';

const SECOND = 1 / 86400;
// Clocks in seconds for the test, the same on every node: a 4 s preservation, a reminder 2 s before expiry.
const CLOCKS = {
  PRESERVATION_MIN_DAYS: '0',
  PRESERVATION_DAYS: String(4 * SECOND),
  PRESERVATION_REMINDER_DAYS: String(2 * SECOND),
};

interface Timer {
  label: string;
  status: string;
}

/** Both nodes hold the request's history event for event and hash for hash; returns its actions. */
async function sameHistory(x: FederationNode, y: FederationNode, id: string): Promise<string[]> {
  const onX = await until(`${id} settled on both nodes`, async () => {
    const [hx, hy] = [await history(x, id), await history(y, id)];
    return hx.length > 0 && JSON.stringify(hx) === JSON.stringify(hy) ? hx : null;
  });
  expect(await history(y, id)).toEqual(onX);
  return onX.map((e) => e.action as string);
}

describe('Federation: preservation across nodes (24/7 routing, clocks on the requested node, follow-up holds, art. 43 onward)', () => {
  let dir: string;
  let a: FederationNode;
  let b: FederationNode;
  let c: FederationNode;
  let aOfficer: Api;
  let aApprover: Api;
  let bPocOfficer: Api;
  let bPocApprover: Api;
  let bCaOfficer: Api;
  let bCaApprover: Api;
  let cPocOfficer: Api;
  let bPoc: string;
  let bCentral: string;
  let cPoc: string;

  beforeAll(async () => {
    dir = nodesDir('preservation');
    a = await startNode(dir, 'a', 'VNM', CLOCKS);
    b = await startNode(dir, 'b', 'AUT', CLOCKS);
    c = await startNode(dir, 'c', 'GHA', CLOCKS);
    const aCa = await authority(a, CENTRAL_AUTHORITY.VNM);
    bPoc = await authority(b, {
      code: 'AUT-BK-247',
      name: 'Bundeskriminalamt 24/7',
      country: 'AUT',
      kind: 'contact-24-7',
      languages: ['de', 'en'],
    });
    bCentral = await authority(b, CENTRAL_AUTHORITY.AUT);
    cPoc = await authority(c, {
      code: 'GHA-CSA-247',
      name: 'Cyber Security Authority 24/7',
      country: 'GHA',
      kind: 'contact-24-7',
      languages: ['en'],
    });
    aOfficer = await user(a, aCa, ['officer']);
    aApprover = await user(a, aCa, ['approver']);
    bPocOfficer = await user(b, bPoc, ['officer']);
    bPocApprover = await user(b, bPoc, ['approver']);
    bCaOfficer = await user(b, bCentral, ['officer']);
    bCaApprover = await user(b, bCentral, ['approver']);
    cPocOfficer = await user(c, cPoc, ['officer']);
    // A and B pin each other; C is pinned by A only (B and C do not know each other).
    await pinBoth(a, b);
    await pinBoth(a, c);
  }, 180000);

  afterAll(() => closeNodes(dir, a, b, c));

  /** A preservation from A to `to` on `node`, sent and received there (and RECEIVED on A). */
  async function sent(to: string, onOther: Api, overrides: Record<string, unknown> = {}): Promise<string> {
    const draft = await aOfficer.post('/v1/requests', preservationBody(to, overrides));
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    const send = await aOfficer.act(id, 'send');
    expect(send).toMatchObject({ status: 200, body: { status: 'SENT' } });
    await until('RECEIVED there', async () => (await statusOn(onOther, id)) === 'RECEIVED');
    await until('RECEIVED on A', async () => (await statusOn(aOfficer, id)) === 'RECEIVED');
    return id;
  }

  it("should send to B's 24/7 point, run the expiry clocks on B only and expire on both nodes, equal hash for hash", async () => {
    const id = await sent(bPoc, bPocOfficer);
    // Urgent toward a 24/7 point of contact, on both nodes.
    expect((await bPocOfficer.get(`/v1/requests/${id}`)).body.urgency).toBe('urgent');
    expect((await bPocOfficer.act(id, 'start-preservation', { orderReference: 'AUT-PO-1' })).status).toBe(
      200,
    );
    const warned = await bPocApprover.act(id, 'issue-warning', {
      concern: 'CONFIDENTIALITY_AT_RISK',
      reasons: 'The provider must inform the account holder under its terms',
    });
    expect(warned.body.status).toBe('WARNING_ISSUED');
    await until('the warning on A', async () => (await statusOn(aOfficer, id)) === 'WARNING_ISSUED');
    // The requesting State decides (art. 42(6)); the move reaches B, the owner of the state.
    // A's move in a state B owns: proposed to B (202), which applies it and sends it back as its event.
    expect((await aApprover.act(id, 'proceed')).status).toBe(202);
    await until('PRESERVING on B', async () => (await statusOn(bPocOfficer, id)) === 'PRESERVING');
    const confirmed = await bPocOfficer.act(id, 'confirm-preservation', {
      custodianConfirmation: 'Preserved',
    });
    expect(confirmed.body.status).toBe('PRESERVED_ACTIVE');

    // The clocks are the requested side's: B lists and runs them; A has none it would never run.
    const onB = (await bPocOfficer.get(`/v1/requests/${id}/timers`)).body as Timer[];
    expect(onB.map((x) => [x.label, x.status])).toEqual([
      ['Preservation expiry reminder', 'pending'],
      ['Preservation expiry', 'pending'],
    ]);
    await until('PRESERVED_ACTIVE on A', async () => (await statusOn(aOfficer, id)) === 'PRESERVED_ACTIVE');
    expect((await aOfficer.get(`/v1/requests/${id}/timers`)).body).toEqual([]);

    // The clocks fire on B; their transitions travel to A like any other.
    await until('EXPIRED on A', async () => (await statusOn(aOfficer, id)) === 'EXPIRED', 30000);
    const actions = await sameHistory(a, b, id);
    expect(actions).toEqual([
      'create',
      'send',
      'deliver',
      'start-preservation',
      'issue-warning',
      'proceed',
      'confirm-preservation',
      'remind-expiry',
      'expire',
    ]);
    const expiry = (await history(a, id)).find((e) => e.action === 'expire')!;
    expect(expiry).toMatchObject({
      actor_type: 'system',
      payload: { trigger: { jobName: 'PreservationExpire' } },
    });
    const timersOnB = (await bPocOfficer.get(`/v1/requests/${id}/timers`)).body as Timer[];
    expect(timersOnB.map((x) => x.status)).toEqual(['fired', 'fired']);
    expect((await aOfficer.get(`/v1/requests/${id}/timers`)).body).toEqual([]);
    // The case file agrees too: the expiry B set and recorded, and the reminder.
    const caseOnA = (await aOfficer.get(`/v1/requests/${id}`)).body.caseData;
    const caseOnB = (await bPocOfficer.get(`/v1/requests/${id}`)).body.caseData;
    expect(caseOnA).toEqual(caseOnB);
    expect(caseOnA.reminders).toHaveLength(1);
  }, 90000);

  it('should hold a preservation by the MLA request that follows it up across nodes, disclose a provider in C, send on to C, and release on final results', async () => {
    const preservation = await sent(bPoc, bPocOfficer);
    expect((await bPocOfficer.act(preservation, 'start-preservation', {})).status).toBe(200);
    // Art. 43: the path leads through a provider in Ghana; the disclosure reaches A with the same id.
    const disclosed = await bPocOfficer.act(preservation, 'disclose-traffic-data', {
      providerName: 'Accra Hosting Ltd',
      providerCountry: 'GHA',
      trafficData: 'Relay via 203.0.113.7 at 2026-03-14T02:11Z',
    });
    expect(disclosed.status).toBe(200);
    const disclosure = (disclosed.body.caseData.trafficDisclosures as { id: string }[])[0];
    const onA = await until('the disclosure on A', async () => {
      const list = (await aOfficer.get(`/v1/requests/${preservation}`)).body.caseData?.trafficDisclosures as
        { id: string }[] | undefined;
      return list?.[0];
    });
    expect(onA).toEqual(disclosure);

    // The MLA request that follows the preservation up, to B's central authority (art. 44).
    const mla = await aOfficer.post('/v1/requests', {
      ...mlaBody(bCentral),
      followsUpRequestId: preservation,
    });
    expect(mla.status).toBe(201);
    const mlaId = mla.body.id as string;
    expect((await aOfficer.act(mlaId, 'submit')).status).toBe(200);
    await until('the MLA request on B', async () => (await statusOn(bCaOfficer, mlaId)) === 'RECEIVED');
    expect((await bCaOfficer.get(`/v1/requests/${mlaId}`)).body.followsUpRequestId).toBe(preservation);
    // Its arrival holds the preservation on B (the requested side's node), and the hold travels to A.
    const heldFor = async (api: Api) =>
      ((await api.get(`/v1/requests/${preservation}`)).body.caseData?.heldFor as { requestId: string })
        ?.requestId;
    await until('the hold on B', async () => (await heldFor(bPocOfficer)) === mlaId);
    await until('the hold on A', async () => (await heldFor(aOfficer)) === mlaId);
    // Data being preserved: the follow-up holds it at once (art. 42(7)), on both nodes.
    expect(await statusOn(bPocOfficer, preservation)).toBe('HELD_PENDING_MLA_DECISION');
    await until(
      'held on A',
      async () => (await statusOn(aOfficer, preservation)) === 'HELD_PENDING_MLA_DECISION',
    );
    // Held: no expiry clock anywhere.
    expect((await bPocOfficer.get(`/v1/requests/${preservation}/timers`)).body).toEqual([]);

    // A preservation sent on to C, the State the disclosure identified; C holds no copy of the first one.
    const onward = await aOfficer.post(
      '/v1/requests',
      preservationBody(cPoc, {
        followsUpRequestId: preservation,
        details: { ...(preservationBody(cPoc).details as object), disclosureId: disclosure.id },
      }),
    );
    expect(onward.status).toBe(201);
    const onwardId = onward.body.id as string;
    expect((await aOfficer.act(onwardId, 'send')).status).toBe(200);
    await until('RECEIVED on C', async () => (await statusOn(cPocOfficer, onwardId)) === 'RECEIVED');
    const copyOnC = (await cPocOfficer.get(`/v1/requests/${onwardId}`)).body;
    expect(copyOnC).toMatchObject({ followsUpRequestId: null, details: { disclosureId: disclosure.id } });
    expect((await cPocOfficer.get(`/v1/requests/${preservation}`)).status).toBe(404);
    expect((await cPocOfficer.act(onwardId, 'start-preservation', {})).status).toBe(200);
    await until('PRESERVING on A', async () => (await statusOn(aOfficer, onwardId)) === 'PRESERVING');
    expect(await sameHistory(a, c, onwardId)).toEqual(['create', 'send', 'deliver', 'start-preservation']);

    // The MLA request is executed on B: its final results release the preservation there, and on A.
    const steps: [Api, string, Record<string, unknown>, string][] = [
      [bCaOfficer, 'acknowledge', {}, 'UNDER_REVIEW'],
      [bCaApprover, 'accept', {}, 'ACCEPTED'],
      [bCaOfficer, 'start-execution', {}, 'IN_EXECUTION'],
      [bCaApprover, 'transmit-results', { final: true, summary: 'Subscriber data', items: [] }, 'EXECUTED'],
    ];
    for (const [actor, action, payload, status] of steps) {
      const res = await actor.act(mlaId, action, payload);
      expect({ action, status: res.status, to: res.body.status }).toEqual({
        action,
        status: 200,
        to: status,
      });
    }
    await until('RELEASED on A', async () => (await statusOn(aOfficer, preservation)) === 'RELEASED');
    expect(await sameHistory(a, b, preservation)).toEqual([
      'create',
      'send',
      'deliver',
      'start-preservation',
      'disclose-traffic-data',
      'hold',
      'release',
    ]);
    await until('EXECUTED on A', async () => (await statusOn(aOfficer, mlaId)) === 'EXECUTED');
    expect(await sameHistory(a, b, mlaId)).toEqual([
      'create',
      'submit',
      'deliver',
      'acknowledge',
      'accept',
      'start-execution',
      'transmit-results',
    ]);
    // One hold and one release, run on B only: A ran none of the followed-up request's news.
    const news = await a.t.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE request_id = $1 AND job_name IN ('FollowUpReceive', 'FollowUpEnd')`,
      [preservation],
    );
    expect(news.rows[0].n).toBe(0);
    const caseOnA = (await aOfficer.get(`/v1/requests/${preservation}`)).body.caseData;
    expect(caseOnA).toEqual((await bPocOfficer.get(`/v1/requests/${preservation}`)).body.caseData);
    expect(caseOnA.releasedFor).toMatchObject({ requestId: mlaId });
  }, 120000);

  it("should send to B's central authority too, and release the hold when A withdraws the follow-up", async () => {
    const preservation = await sent(bCentral, bCaOfficer);
    expect((await bCaOfficer.get(`/v1/requests/${preservation}`)).body.urgency).toBe('normal');
    expect((await bCaOfficer.act(preservation, 'start-preservation', {})).status).toBe(200);
    const mla = await aOfficer.post('/v1/requests', {
      ...mlaBody(bCentral),
      followsUpRequestId: preservation,
    });
    const mlaId = mla.body.id as string;
    expect((await aOfficer.act(mlaId, 'submit')).status).toBe(200);
    await until(
      'held on A',
      async () => (await statusOn(aOfficer, preservation)) === 'HELD_PENDING_MLA_DECISION',
    );
    await until('RECEIVED on A', async () => (await statusOn(aOfficer, mlaId)) === 'RECEIVED');
    // RECEIVED is B's status: A's withdrawal is proposed to B, which applies it and releases the hold there.
    const withdrawn = await aOfficer.act(mlaId, 'withdraw', {
      reasons: 'The suspect was identified otherwise',
    });
    expect(withdrawn.status).toBe(202);
    await until('WITHDRAWN on A', async () => (await statusOn(aOfficer, mlaId)) === 'WITHDRAWN');
    await until('RELEASED on A', async () => (await statusOn(aOfficer, preservation)) === 'RELEASED');
    expect(await sameHistory(a, b, preservation)).toEqual([
      'create',
      'send',
      'deliver',
      'start-preservation',
      'hold',
      'release',
    ]);
    expect(await sameHistory(a, b, mlaId)).toEqual(['create', 'submit', 'deliver', 'withdraw']);
  }, 60000);
});
