import { jointInvestigationDraft } from '../../tools/samples/drafts';
import type { Api } from '../support/api';
import { type Parties, type Party, seedParties, seedParty, waitFor } from '../support/parties';
import { dbSnapshot, fieldsOf } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

const ids = (page: { items: { id: string }[] }): string[] => page.items.map((r) => r.id);

/**
 * The first channel with more than two parties: Viet Nam proposes a team to Austria and Ghana; Norway is
 * party to nothing. Every party sees the request and its history, acts for itself, finds it in its inbox,
 * its audit search and statistics, and hears of it through its webhooks.
 */
describe('Joint investigation teams (art. 48) over HTTP, with three parties', () => {
  let t: TestApp;
  let p: Parties;
  let nor: Party;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
    nor = await seedParty(p.admin, 'NOR-RA-CA', 'NOR', ['no', 'en']);
  });
  afterAll(async () => {
    await t.close();
  });

  const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    ...jointInvestigationDraft(p.aut.authorityId, [p.gha.authorityId], p.vnm.authorityId, 1),
    ...overrides,
  });
  const proposed = async (): Promise<string> => {
    const created = await p.vnm.officer.post('/v1/requests', body());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await p.vnm.officer.act(id, 'propose')).body.status).toBe('PROPOSED');
    await waitFor('delivery', async () => (await p.gha.officer.get(`/v1/requests/${id}`)).status === 200);
    return id;
  };
  const act = async (who: Api, id: string, action: string, payload: object = {}) => {
    const res = await who.act(id, action, payload);
    if (res.status !== 200) {
      throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body as { status: string; caseData: Record<string, any>; availableActions: string[] };
  };
  const termsVersion = async (id: string): Promise<number> =>
    (await p.vnm.officer.get(`/v1/requests/${id}`)).body.caseData.agreementDraft.version as number;

  it('should take further parties only on a multi-party channel, each in the directory and distinct', async () => {
    const before = await dbSnapshot(t);
    const mla = await p.vnm.officer.post('/v1/requests', {
      ...body(),
      channel: 'mla',
      details: { assistanceTypes: ['subscriber-info'], items: [{ type: 'email-account', value: 'a@b.c' }] },
    });
    expect(mla.status).toBe(400);
    expect(fieldsOf(mla)).toEqual(['additionalPartyIds']);
    const self = await p.vnm.officer.post('/v1/requests', body({ additionalPartyIds: [p.vnm.authorityId] }));
    expect(fieldsOf(self)).toEqual(['additionalPartyIds']);
    const twice = await p.vnm.officer.post('/v1/requests', body({ additionalPartyIds: [p.aut.authorityId] }));
    expect(twice.body.details[0].messages[0]).toMatch(/already the requested authority/);
    const unknown = await p.vnm.officer.post(
      '/v1/requests',
      body({ additionalPartyIds: ['5b0c7a9e-2d51-4f7a-9a39-3a1e0e7b9d11'] }),
    );
    expect(unknown.status).toBe(400);
    const dup = await p.vnm.officer.post(
      '/v1/requests',
      body({ additionalPartyIds: [p.gha.authorityId, p.gha.authorityId] }),
    );
    expect(fieldsOf(dup)).toEqual(['additionalPartyIds']);
    const notUuid = await p.vnm.officer.post('/v1/requests', body({ additionalPartyIds: ['GHA'] }));
    expect(fieldsOf(notUuid)).toEqual(['additionalPartyIds']);
    expect(await dbSnapshot(t)).toEqual(before);

    // A member of a State that is not a party, caught at the proposal (422) with the member's field.
    const created = await p.vnm.officer.post('/v1/requests', body());
    const id = created.body.id as string;
    expect(created.body.additionalParties).toEqual([
      { id: p.gha.authorityId, code: 'GHA-OAG-CA', name: 'GHA-OAG-CA central authority', country: 'GHA' },
    ]);
    const draft = created.body.details;
    draft.terms.members[0].partyAuthorityId = nor.authorityId;
    await p.vnm.officer.patch(`/v1/requests/${id}`, { details: draft });
    const early = await p.vnm.officer.act(id, 'propose');
    expect(early.status).toBe(400);
    expect(early.body.code).toBe('INCOMPLETE_REQUEST');
    expect(fieldsOf(early)).toEqual(['details.terms.members[0].partyAuthorityId']);
    // Parties may change while it is a draft.
    const edited = await p.vnm.officer.patch(`/v1/requests/${id}`, { additionalPartyIds: [] });
    expect(edited.body.additionalParties).toEqual([]);
  });

  it('should let every party see it, act for itself, and sign an agreement only when all parties signed', async () => {
    const autHook = await new WebhookReceiver().start();
    const ghaHook = await new WebhookReceiver().start();
    try {
      expect((await p.aut.approver.post('/v1/webhooks', { url: autHook.url })).status).toBe(201);
      expect((await p.gha.approver.post('/v1/webhooks', { url: ghaHook.url })).status).toBe(201);
      const id = await proposed();

      // Each invited State finds it in its inbox; the unrelated one sees nothing.
      for (const party of [p.aut, p.gha]) {
        const inbox = await party.officer.get('/v1/requests?box=incoming&channel=joint-investigation');
        expect(ids(inbox.body)).toContain(id);
        const seen = await party.approver.get(`/v1/requests/${id}`);
        expect(seen.body.side).toBe('requested');
        expect(seen.body.availableActions).toEqual(['join-negotiation', 'decline']);
      }
      expect((await nor.officer.get(`/v1/requests/${id}`)).status).toBe(404);
      expect(ids((await nor.officer.get('/v1/requests?box=incoming')).body)).not.toContain(id);
      expect((await nor.approver.act(id, 'join-negotiation')).status).toBe(404);

      // Austria joins; Ghana has not answered: signing cannot complete without it.
      expect((await act(p.aut.approver, id, 'join-negotiation')).status).toBe('NEGOTIATING');
      const again = await p.aut.approver.act(id, 'join-negotiation');
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ACTION_NOT_AVAILABLE');
      const v1 = await termsVersion(id);
      expect((await act(p.vnm.approver, id, 'sign-agreement', { termsVersion: v1 })).status).toBe(
        'NEGOTIATING',
      );
      expect((await act(p.aut.approver, id, 'sign-agreement', { termsVersion: v1 })).status).toBe(
        'NEGOTIATING',
      );
      const twice = await p.aut.approver.act(id, 'sign-agreement', { termsVersion: v1 });
      expect(twice.body.code).toBe('ACTION_NOT_AVAILABLE');

      // Ghana joins and proposes other terms: the signatures lapse, a new version is signed by all three.
      await act(p.gha.approver, id, 'join-negotiation');
      const draft = (await p.gha.approver.get(`/v1/requests/${id}`)).body.caseData.agreementDraft.terms;
      const stranger = await p.gha.approver.act(id, 'propose-terms', {
        terms: {
          ...draft,
          members: [{ partyAuthorityId: nor.authorityId, name: 'X', function: 'Y', role: 'member' }],
        },
      });
      expect(fieldsOf(stranger)).toEqual(['terms.members[0].partyAuthorityId']);
      const reproposed = await act(p.gha.approver, id, 'propose-terms', {
        terms: { ...draft, costs: 'Shared equally by the three parties' },
      });
      expect(reproposed.caseData.agreementDraft.version).toBe(v1 + 1);
      expect(reproposed.caseData.signatures).toEqual([]);
      expect(reproposed.caseData.parties[p.aut.authorityId].status).toBe('negotiating');
      const stale = await p.aut.approver.act(id, 'sign-agreement', { termsVersion: v1 });
      expect(stale.body.code).toBe('TERMS_VERSION_MISMATCH');
      await act(p.aut.approver, id, 'sign-agreement', { termsVersion: v1 + 1, signatory: 'Dr. Huber' });
      await act(p.vnm.approver, id, 'sign-agreement', { termsVersion: v1 + 1 });
      const signed = await act(p.gha.approver, id, 'sign-agreement', { termsVersion: v1 + 1 });
      expect(signed.status).toBe('AGREEMENT_SIGNED');
      expect(signed.caseData.agreement.signatures.map((s: { authorityId: string }) => s.authorityId)).toEqual(
        [p.aut.authorityId, p.vnm.authorityId, p.gha.authorityId],
      );
      expect(signed.caseData.agreement.terms.costs).toBe('Shared equally by the three parties');

      // Every party's history shows the other parties' acts; the webhooks of both invited States heard them.
      for (const party of [p.aut, p.gha]) {
        const history = (await party.auditor.get(`/v1/requests/${id}/history`)).body as { action: string }[];
        expect(history.filter((e) => e.action === 'sign-agreement')).toHaveLength(5);
        const search = await party.auditor.get(`/v1/audit/events?requestId=${id}&action=propose-terms`);
        expect(search.body.items).toHaveLength(1);
      }
      for (const hook of [autHook, ghaHook]) {
        await waitFor('webhooks', () =>
          Promise.resolve(
            hook.received.some(
              (h) =>
                (JSON.parse(h.body) as { request: { status: string } }).request.status === 'AGREEMENT_SIGNED',
            ),
          ),
        );
        const sides = hook.received.map(
          (h) => (JSON.parse(h.body) as { request: { side: string } }).request.side,
        );
        expect(new Set(sides)).toEqual(new Set(['requested']));
      }
      expect((await nor.auditor.get(`/v1/audit/events?requestId=${id}`)).body.items).toEqual([]);

      // Statistics: Ghana counts it as incoming from Viet Nam.
      const stats = await p.gha.auditor.get('/v1/audit/stats?channel=joint-investigation');
      const row = (stats.body.rows as Record<string, any>[]).find(
        (r) => r.direction === 'incoming' && r.counterpart?.id === p.vnm.authorityId,
      );
      expect(row?.byStatus).toMatchObject({ AGREEMENT_SIGNED: 1 });
    } finally {
      await autHook.stop();
      await ghaHook.stop();
    }
  });

  it('should run the team: host sovereignty on activities, extension agreed by all, leaving, ending, evaluation', async () => {
    const id = await proposed();
    await act(p.aut.approver, id, 'join-negotiation');
    await act(p.gha.approver, id, 'join-negotiation');
    const v = await termsVersion(id);
    for (const party of [p.vnm, p.aut, p.gha]) {
      await act(party.approver, id, 'sign-agreement', { termsVersion: v });
    }
    const started = await act(p.vnm.approver, id, 'start');
    expect(started.status).toBe('ACTIVE');
    const end = started.caseData.endDate as string;
    const timers = (await p.gha.officer.get(`/v1/requests/${id}/timers`)).body as {
      label: string;
      status: string;
      dueAt: string;
    }[];
    const endClock = timers.find((x) => x.label === 'End of the agreed period');
    expect(endClock).toMatchObject({ status: 'pending' });
    expect(endClock?.dueAt.slice(0, 10)).toBe(
      new Date(Date.parse(end) + 86400000).toISOString().slice(0, 10),
    );

    // An Austrian activity in Ghana needs Ghana's authorisation; in Austria it does not.
    const today = new Date().toISOString().slice(0, 10);
    const abroad = {
      kind: 'arrest-or-search',
      hostAuthorityId: p.gha.authorityId,
      date: today,
      summary: 'Search of the hosting provider in Accra',
    };
    const refused = await p.aut.officer.act(id, 'record-activity', abroad);
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused)).toEqual(['hostAuthorisation']);
    await act(p.aut.officer, id, 'record-activity', {
      ...abroad,
      hostAuthorisation: 'GHA OAG order 2027/17',
    });
    const notParty = await p.aut.officer.act(id, 'record-activity', {
      ...abroad,
      hostAuthorityId: nor.authorityId,
    });
    expect(fieldsOf(notParty)).toEqual(['hostAuthorityId']);

    // Extension: proposed by Austria, agreed by Viet Nam, then Ghana: only then does the end move.
    const later = new Date(Date.parse(end) + 90 * 86400000).toISOString().slice(0, 10);
    const tooEarly = await p.aut.approver.act(id, 'propose-extension', {
      newEndDate: end,
      reasons: 'More servers',
    });
    expect(fieldsOf(tooEarly)).toEqual(['newEndDate']);
    await act(p.aut.approver, id, 'propose-extension', { newEndDate: later, reasons: 'More servers found' });
    expect((await act(p.vnm.approver, id, 'agree-extension')).caseData.endDate).toBe(end);
    const extended = await act(p.gha.approver, id, 'agree-extension');
    expect(extended.status).toBe('ACTIVE');
    expect(extended.caseData.endDate).toBe(later);
    expect(extended.caseData.extensions).toHaveLength(1);
    // The clock of the old end is void; the new end's clock is pending.
    const clocks = (await p.vnm.officer.get(`/v1/requests/${id}/timers`)).body as {
      label: string;
      status: string;
    }[];
    expect(
      clocks
        .filter((c) => c.label === 'End of the agreed period')
        .map((c) => c.status)
        .sort(),
    ).toEqual(['pending', 'void']);

    // Ghana leaves; the team goes on with Austria; Ghana can no longer act for the team but may evaluate later.
    expect((await act(p.gha.approver, id, 'leave', { reasons: 'Case closed at home' })).status).toBe(
      'ACTIVE',
    );
    const gone = await p.gha.approver.act(id, 'propose-extension', { newEndDate: later, reasons: 'x' });
    expect(gone.body.code).toBe('ACTION_NOT_AVAILABLE');
    expect(
      (await act(p.vnm.approver, id, 'end', { reasons: 'Operators identified and arrested' })).status,
    ).toBe('ENDED');
    expect((await act(p.gha.approver, id, 'evaluate', { assessment: 'Useful while it lasted' })).status).toBe(
      'EVALUATED',
    );
    await act(p.aut.approver, id, 'evaluate', { assessment: 'Servers seized', lessons: 'Start sooner' });
    const dup = await p.aut.approver.act(id, 'evaluate', { assessment: 'again' });
    expect(dup.body.code).toBe('ACTION_NOT_AVAILABLE');
    expect((await act(p.vnm.officer, id, 'close')).status).toBe('CLOSED');
  });

  it('should be declined only when every invited State declined, and end when the last one leaves', async () => {
    const id = await proposed();
    expect((await act(p.aut.approver, id, 'decline', { reasons: 'No resources' })).status).toBe('PROPOSED');
    expect((await p.aut.approver.get(`/v1/requests/${id}`)).body.availableActions).toEqual([]);
    const last = await act(p.gha.approver, id, 'decline', { reasons: 'No jurisdiction' });
    expect(last.status).toBe('DECLINED');
    expect(last.caseData.parties[p.gha.authorityId]).toMatchObject({
      status: 'declined',
      reasons: 'No jurisdiction',
    });

    // A decline by the last unsigned party leaves an agreement signed by all the others.
    const other = await proposed();
    await act(p.aut.approver, other, 'join-negotiation');
    const v = await termsVersion(other);
    await act(p.vnm.approver, other, 'sign-agreement', { termsVersion: v });
    await act(p.aut.approver, other, 'sign-agreement', { termsVersion: v });
    const rest = await act(p.gha.approver, other, 'decline', { reasons: 'Not our case' });
    expect(rest.status).toBe('AGREEMENT_SIGNED');
    await act(p.vnm.approver, other, 'start');
    expect((await act(p.aut.approver, other, 'leave', { reasons: 'Done' })).status).toBe('ENDED');
    expect((await p.gha.approver.act(other, 'evaluate', { assessment: 'n/a' })).body.code).toBe(
      'ACTION_NOT_AVAILABLE',
    );
  });

  it('should be listed by GET /v1/workflows as a channel taking further parties', async () => {
    const res =
      await p.vnm.auditor.get<
        { channel: string; maxAdditionalParties?: number; actions: { action: string; basis: string }[] }[]
      >('/v1/workflows');
    const jit = res.body.find((w) => w.channel === 'joint-investigation');
    expect(jit?.maxAdditionalParties).toBe(10);
    expect(jit?.actions.every((a) => /art\. 48|Domestic law|DOMAIN/.test(a.basis))).toBe(true);
    expect(res.body.find((w) => w.channel === 'mla')?.maxAdditionalParties).toBe(0);
  });
});
