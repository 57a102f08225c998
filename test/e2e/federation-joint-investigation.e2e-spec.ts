import { jointInvestigationDraft } from '../../tools/samples/drafts';
import type { Api } from '../support/api';
import {
  authority,
  closeNodes,
  type FederationNode as Node,
  history,
  pinnedPair,
  statusOn,
  until,
  user,
} from '../support/federation-nodes';

/**
 * A joint investigation team across two nodes (Viet Nam's and Austria's): the two-party case of the
 * channel travels like any other request; further parties must, for now, be hosted on the proposer's node
 * with the requested authority (docs/federation.md "Known limits").
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

  it('should refuse further parties while a party is hosted by a peer node, storing nothing', async () => {
    const local = await authority(a, {
      code: 'LAO-MPS-CA',
      name: 'Lao central authority',
      country: 'LAO',
      kind: 'central',
      languages: ['lo', 'en'],
    });
    const before = (await a.t.db.query('SELECT count(*)::int AS n FROM cooperation_requests')).rows[0];
    const res = await aOfficer.post('/v1/requests', jointInvestigationDraft(bCentral, [local], aCentral, 2));
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { field: 'additionalPartyIds', messages: [expect.stringMatching(/hosted by a peer node/)] },
    ]);
    expect((await a.t.db.query('SELECT count(*)::int AS n FROM cooperation_requests')).rows[0]).toEqual(
      before,
    );
  });
});
