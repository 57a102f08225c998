import { createHash } from 'node:crypto';
import request from 'supertest';
import { jointInvestigationDraft } from '../../tools/samples/drafts';
import type { Api } from '../support/api';
import {
  authority,
  CENTRAL_AUTHORITY,
  closeNodes,
  type FederationNode as Node,
  history,
  pinBoth,
  pinnedPair,
  nodesDir,
  startNode,
  statusOn,
  until,
  user,
} from '../support/federation-nodes';

/**
 * A joint investigation team across two nodes (Viet Nam's and Austria's): the two-party case of the
 * channel travels like any other request. Across three nodes, see the second describe below.
 */
describe('Federation: a joint investigation team across two nodes', () => {
  let dir: string;
  let a: Node;
  let b: Node;
  let aCentral: string;
  let bCentral: string;
  let aOfficer: Api;
  let aApprover: Api;
  let bApprover: Api;

  beforeAll(async () => {
    ({ dir, a, b, aCentral, bCentral } = await pinnedPair('joint-investigation'));
    aOfficer = await user(a, aCentral, ['officer']);
    aApprover = await user(a, aCentral, ['approver']);
    bApprover = await user(b, bCentral, ['approver']);
  }, 120000);

  afterAll(() => closeNodes(dir, a, b));

  it('should propose, negotiate, sign by both and start a team across the nodes, both histories equal', async () => {
    const draft = await aOfficer.post('/v1/requests', jointInvestigationDraft(bCentral, [], aCentral, 1));
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    expect((await aOfficer.act(id, 'propose')).status).toBe(200);
    await until('PROPOSED on B', async () => (await statusOn(bApprover, id)) === 'PROPOSED');
    await until('delivered on A', async () =>
      ((await history(a, id)) as { action: string }[]).some((e) => e.action === 'deliver'),
    );

    const steps: [Api, string, Record<string, unknown>, string][] = [
      [bApprover, 'join-negotiation', {}, 'NEGOTIATING'],
      [aApprover, 'sign-agreement', { termsVersion: 1 }, 'NEGOTIATING'],
      [bApprover, 'sign-agreement', { termsVersion: 1, signatory: 'Dr. Huber' }, 'AGREEMENT_SIGNED'],
      [aApprover, 'start', {}, 'ACTIVE'],
    ];
    let seq = (await history(a, id)).length;
    for (const [actor, action, payload] of steps) {
      const res = await actor.act(id, action, payload);
      // The move is its state's owner's (200), or proposed to the owner's node (202).
      expect({ action, status: [200, 202].includes(res.status) }).toEqual({ action, status: true });
      seq += 1;
      for (const node of [a, b]) {
        await until(`${action} on ${node.origin}`, async () => (await history(node, id)).length >= seq);
      }
    }
    for (const api of [aOfficer, bApprover]) {
      expect(await statusOn(api, id)).toBe('ACTIVE');
    }
    const onA = await history(a, id);
    expect(onA.map((e) => (e as { action: string }).action)).toEqual([
      'create',
      'propose',
      'deliver',
      'join-negotiation',
      'sign-agreement',
      'sign-agreement',
      'start',
    ]);
    expect(await history(b, id)).toEqual(onA);
    const onB = (await bApprover.get(`/v1/requests/${id}`)).body;
    expect(onB.caseData.agreement.signatures).toHaveLength(2);
  }, 120000);
});

/**
 * A team of three States, each on its own node (Viet Nam proposes, Austria is the requested authority,
 * Germany a further party): every party's node holds the request and the same history; each status is
 * sequenced by the node of its owner side's named authority, the further party's node proposing its moves.
 */
describe('Federation: a joint investigation team across three nodes', () => {
  let dir: string;
  let a: Node;
  let b: Node;
  let c: Node;
  let aCentral: string;
  let bCentral: string;
  let cCentral: string;
  let aOfficer: Api;
  let aApprover: Api;
  let bApprover: Api;
  let cApprover: Api;
  let cOfficer: Api;

  beforeAll(async () => {
    dir = nodesDir('jit-three');
    a = await startNode(dir, 'a', 'VNM');
    b = await startNode(dir, 'b', 'AUT');
    c = await startNode(dir, 'c', 'DEU');
    aCentral = await authority(a, CENTRAL_AUTHORITY.VNM);
    bCentral = await authority(b, CENTRAL_AUTHORITY.AUT);
    cCentral = await authority(c, CENTRAL_AUTHORITY.DEU);
    await pinBoth(a, b);
    await pinBoth(a, c);
    await pinBoth(b, c);
    aOfficer = await user(a, aCentral, ['officer']);
    aApprover = await user(a, aCentral, ['approver']);
    bApprover = await user(b, bCentral, ['approver']);
    cApprover = await user(c, cCentral, ['approver']);
    cOfficer = await user(c, cCentral, ['officer']);
  }, 180000);

  afterAll(() => closeNodes(dir, a, b, c));

  let teamId: string;

  /** Waits until every node holds `length` events of the request. */
  async function everywhere(id: string, length: number, what: string) {
    for (const node of [a, b, c]) {
      await until(`${what} on ${node.origin}`, async () => (await history(node, id)).length >= length, 30000);
    }
  }

  it('should give every party its copy, relay every move to every node, and keep the three histories equal', async () => {
    const draft = await aOfficer.post(
      '/v1/requests',
      jointInvestigationDraft(bCentral, [cCentral], aCentral, 3),
    );
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    teamId = id;
    expect((await aOfficer.act(id, 'propose')).status).toBe(200);
    // The requested node records the delivery; the further party's node gets it relayed and shows the request.
    await until(
      'PROPOSED for the further party',
      async () => (await statusOn(cApprover, id)) === 'PROPOSED',
      30000,
    );
    await everywhere(id, 3, 'the delivery');
    const onC = await cOfficer.get('/v1/requests?box=incoming&channel=joint-investigation');
    expect(onC.status).toBe(200);
    expect((onC.body.items as { id: string }[]).map((r) => r.id)).toContain(id);

    // Owners: PROPOSED, NEGOTIATING and ACTIVE are the requested side's (B); AGREEMENT_SIGNED the requesting's (A).
    const steps: [Api, string, Record<string, unknown>, number][] = [
      [bApprover, 'join-negotiation', {}, 200],
      [cApprover, 'join-negotiation', {}, 202],
      [aApprover, 'sign-agreement', { termsVersion: 1 }, 202],
      [cApprover, 'sign-agreement', { termsVersion: 1, signatory: 'Dr. Weber' }, 202],
      [bApprover, 'sign-agreement', { termsVersion: 1, signatory: 'Dr. Huber' }, 200],
      [aApprover, 'start', {}, 200],
      [
        cOfficer,
        'record-activity',
        {
          kind: 'arrest-or-search',
          hostAuthorityId: cCentral,
          date: new Date().toISOString().slice(0, 10),
          summary: 'Command server seized in Frankfurt',
        },
        202,
      ],
    ];
    let length = (await history(a, id)).length;
    for (const [actor, action, payload, status] of steps) {
      const res = await actor.act(id, action, payload);
      expect({ action, status: res.status, body: res.status >= 400 ? res.body : null }).toEqual({
        action,
        status,
        body: null,
      });
      length += 1;
      await everywhere(id, length, action);
    }
    for (const api of [aApprover, bApprover, cApprover]) {
      expect(await statusOn(api, id)).toBe('ACTIVE');
    }
    const onA = await history(a, id);
    expect(onA.map((e) => (e as { action: string }).action)).toEqual([
      'create',
      'propose',
      'deliver',
      'join-negotiation',
      'join-negotiation',
      'sign-agreement',
      'sign-agreement',
      'sign-agreement',
      'start',
      'record-activity',
    ]);
    expect(await history(b, id)).toEqual(onA);
    expect(await history(c, id)).toEqual(onA);
    const seenByC = (await cApprover.get(`/v1/requests/${id}`)).body;
    expect(seenByC.caseData.agreement.signatures).toHaveLength(3);
    expect(seenByC.pendingMoves).toBeUndefined();
    // The further party acted for its own party: its events name its authority, on every node.
    const cEvents = onA.filter((e) => (e as { actor_authority_id: string }).actor_authority_id === cCentral);
    expect(cEvents.map((e) => (e as { action: string }).action)).toEqual([
      'join-negotiation',
      'sign-agreement',
      'record-activity',
    ]);
  }, 240000);

  it("should carry the further party's document to both other nodes by digest, and its leaving to all", async () => {
    const id = teamId;
    const report = Buffer.from(`%PDF-1.7 search report ${'s'.repeat(5000)}`);
    const up = await request(c.t.baseUrl)
      .post(`/v1/requests/${id}/attachments`)
      .set('Authorization', `Bearer ${cOfficer.token ?? ''}`)
      .field('kind', 'evidence')
      .field('description', 'the search report')
      .attach('file', report, { filename: 'report.pdf', contentType: 'application/pdf' });
    expect(up.status).toBe(201);
    for (const [node, api] of [
      [a, aApprover],
      [b, bApprover],
    ] as const) {
      await until(`the report listed on ${node.origin}`, async () => {
        const rows = (await api.get(`/v1/requests/${id}/attachments`)).body as { id: string }[];
        return rows.some((r) => r.id === up.body.id);
      });
      const held = await node.t.db.query('SELECT sha256 FROM attachments WHERE id = $1', [up.body.id]);
      expect(held.rows[0].sha256).toBe(createHash('sha256').update(report).digest('hex'));
    }
    const length = (await history(c, id)).length;
    await everywhere(id, length, 'the attachment');

    const left = await cApprover.act(id, 'leave', { reasons: 'Our part of the investigation is done' });
    expect(left.status).toBe(202);
    await everywhere(id, length + 1, 'the leaving');
    const onA = await history(a, id);
    expect(onA.slice(-2).map((e) => (e as { action: string }).action)).toEqual(['attach-document', 'leave']);
    expect(await history(b, id)).toEqual(onA);
    expect(await history(c, id)).toEqual(onA);
    // Austria is still in the team: it stays active, and the further party can no longer act in it.
    expect(await statusOn(aApprover, id)).toBe('ACTIVE');
    expect((await cApprover.get(`/v1/requests/${id}`)).body.availableActions).toEqual([]);
  }, 120000);
});
