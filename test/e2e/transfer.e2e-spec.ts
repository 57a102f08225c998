import { type Parties, seedParties, waitFor } from '../support/parties';
import { dbSnapshot, fieldsOf } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  FILE_ITEMS,
  TRANSFER_PAYLOADS as PAY,
  transferBody,
  transferDraftOf,
  transferInStatus,
} from '../support/transfer';

const actionsOf = (history: { action: string }[]): string[] => history.map((e) => e.action);

describe('Transfer of sentenced persons (art. 38) and of proceedings (art. 39) over HTTP', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const visibleTo = async (id: string) =>
    waitFor('delivery', async () => (await p.aut.officer.get(`/v1/requests/${id}`)).status === 200);

  it('should be listed by GET /v1/workflows with its states, actions and bases', async () => {
    type Actor = { side: string; roles: string[] };
    type Row = { action: string; basis: string; actors: Actor[] };
    const all = (
      await p.aut.auditor.get<{ channel: string; initial: string; actions: Row[] }[]>('/v1/workflows')
    ).body;
    const transfer = all.filter((w) => w.channel === 'transfer');
    expect(transfer.map((w) => w.initial)).toEqual(['DRAFT']);
    const rows = new Map(transfer[0].actions.map((a) => [a.action, a]));
    for (const action of ['propose', 'consider', 'record-consent', 'agree', 'confirm-agreement', 'execute']) {
      expect(rows.has(action)).toBe(true);
    }
    expect(rows.get('agree')?.actors).toEqual([{ side: 'requested', roles: ['approver'] }]);
    expect(rows.get('confirm-agreement')?.actors).toEqual([{ side: 'requesting', roles: ['approver'] }]);
    expect(rows.get('verify-consent')?.basis).toMatch(/CoE 1983 art\. 7\(2\).*\[GK\]/);
  });

  it('should transfer a sentenced person: consent recorded and verified, agreed, confirmed, handed over, received, closed', async () => {
    const id = await transferDraftOf(p);
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).status).toBe(404);
    const proposed = await p.vnm.officer.act(id, 'propose');
    expect(proposed.body.status).toBe('PROPOSED');
    await visibleTo(id);
    const inbox = await p.aut.officer.get('/v1/requests?box=incoming&channel=transfer');
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toContain(id);
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).body.availableActions).toEqual(['consider']);
    const timers = (await p.vnm.officer.get(`/v1/requests/${id}/timers`)).body;
    expect(timers.map((x: { label: string; status: string }) => [x.label, x.status])).toEqual([
      ['Transfer proposal unanswered', 'pending'],
    ]);

    expect((await p.aut.officer.act(id, 'consider')).body.status).toBe('UNDER_CONSIDERATION');
    // No agreement before the sentenced person's consent.
    const early = await p.aut.approver.act(id, 'agree', PAY.agree(false));
    expect(early.status).toBe(409);
    expect((await p.vnm.officer.act(id, 'seek-consent')).body.status).toBe('CONSENT_PENDING');
    expect((await p.vnm.officer.get(`/v1/requests/${id}/timers`)).body[0].status).toBe('void');

    // The sentencing State (VNM) records the consent; the administering State may not.
    const before = await dbSnapshot(t);
    const wrongSide = await p.aut.officer.act(id, 'record-consent', PAY['record-consent'](false));
    expect(wrongSide.status).toBe(403);
    expect(wrongSide.body.message).toBe('Only the sentencing State may do this');
    // Not offered to the State that may not take it (no button that can only fail), offered to the other.
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).body.availableActions).not.toContain(
      'record-consent',
    );
    expect((await p.vnm.officer.get(`/v1/requests/${id}`)).body.availableActions).toEqual(
      expect.arrayContaining(['record-consent', 'refuse-consent']),
    );
    const uninformed = await p.vnm.officer.act(id, 'record-consent', {
      ...PAY['record-consent'](false),
      informedOfConsequences: false,
    });
    expect(uninformed.status).toBe(400);
    expect(fieldsOf(uninformed)).toEqual(['informedOfConsequences']);
    expect(await dbSnapshot(t)).toEqual(before);
    const consented = await p.vnm.officer.act(id, 'record-consent', PAY['record-consent'](false));
    expect(consented.body.status).toBe('UNDER_CONSIDERATION');
    expect(consented.body.caseData.consent).toMatchObject({
      givenAt: '2026-03-02T09:00:00.000Z',
      obtainedHow: 'in-writing-before-judge',
      recordedByAuthorityId: p.vnm.authorityId,
    });

    // The administering State (AUT) verifies it through its consul.
    expect((await p.vnm.officer.act(id, 'verify-consent', PAY['verify-consent'](false))).status).toBe(403);
    expect((await p.vnm.officer.get(`/v1/requests/${id}`)).body.availableActions).not.toContain(
      'verify-consent',
    );
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).body.availableActions).toContain('verify-consent');
    const verified = await p.aut.officer.act(id, 'verify-consent', PAY['verify-consent'](false));
    expect(verified.body.status).toBe('UNDER_CONSIDERATION');
    expect(verified.body.caseData.consentVerification).toMatchObject({ method: 'consul', confirmed: true });

    const noEnforcement = await p.aut.approver.act(id, 'agree', { terms: 'Agreed' });
    expect(noEnforcement.status).toBe(400);
    expect(fieldsOf(noEnforcement)).toEqual(['enforcement']);
    const agreed = await p.aut.approver.act(id, 'agree', PAY.agree(false));
    expect(agreed.body.status).toBe('AWAITING_CONFIRMATION');
    expect(agreed.body.caseData.agreement).toMatchObject({
      enforcement: 'continued',
      agreedByAuthorityId: p.aut.authorityId,
    });
    expect((await p.vnm.approver.get(`/v1/requests/${id}`)).body.availableActions).toEqual([
      'confirm-agreement',
      'withdraw',
    ]);
    const confirmed = await p.vnm.approver.act(id, 'confirm-agreement');
    expect(confirmed.body.status).toBe('AGREED');
    expect(confirmed.body.caseData.agreement.confirmedByAuthorityId).toBe(p.vnm.authorityId);

    const noPlace = await p.vnm.officer.act(id, 'execute', { executedAt: '2026-04-01T08:00:00Z' });
    expect(noPlace.status).toBe(400);
    expect(fieldsOf(noPlace)).toEqual(['place']);
    const executed = await p.vnm.officer.act(id, 'execute', PAY.execute(false));
    expect(executed.body.status).toBe('EXECUTED');
    expect(executed.body.caseData.execution).toMatchObject({ place: 'Vienna International Airport' });
    expect((await p.vnm.officer.act(id, 'close')).status).toBe(409);
    expect(
      (await p.vnm.officer.act(id, 'acknowledge-receipt', PAY['acknowledge-receipt'](false))).status,
    ).toBe(403);
    const received = await p.aut.officer.act(id, 'acknowledge-receipt', PAY['acknowledge-receipt'](false));
    expect(received.body.caseData.receipt).toMatchObject({ domesticReference: 'StA Wien 12 St 1/26' });
    const wrongOutcome = await p.aut.officer.act(id, 'report-outcome', {
      outcome: 'acquitted',
      details: 'x',
    });
    expect(wrongOutcome.status).toBe(400);
    expect(fieldsOf(wrongOutcome)).toEqual(['outcome']);
    const outcome = await p.aut.officer.act(id, 'report-outcome', PAY['report-outcome'](false));
    expect(outcome.body.caseData.outcomes).toHaveLength(1);
    const closed = await p.vnm.officer.act(id, 'close');
    expect(closed.body.status).toBe('CLOSED');
    const history = await p.aut.auditor.get(`/v1/requests/${id}/history`);
    expect(actionsOf(history.body)).toEqual([
      'propose',
      'deliver',
      'consider',
      'seek-consent',
      'record-consent',
      'verify-consent',
      'agree',
      'confirm-agreement',
      'execute',
      'acknowledge-receipt',
      'report-outcome',
      'close',
    ]);
  });

  it('should transfer proceedings asked for by the receiving State, with the file handed over and taken over', async () => {
    // Here VNM asks to take the proceedings over: AUT hands the file over, VNM acknowledges.
    const id = await transferDraftOf(p, { details: { proposerRole: 'receiving-state' } }, true);
    await p.vnm.officer.act(id, 'propose');
    await visibleTo(id);
    await p.aut.officer.act(id, 'consider');
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).body.availableActions).toEqual([]);
    const withEnforcement = await p.aut.approver.act(id, 'agree', PAY.agree(false));
    expect(fieldsOf(withEnforcement)).toEqual(['enforcement']);
    expect((await p.aut.approver.act(id, 'agree', PAY.agree(true))).body.status).toBe(
      'AWAITING_CONFIRMATION',
    );
    await p.vnm.approver.act(id, 'confirm-agreement');
    const noFile = await p.aut.officer.act(id, 'execute', { executedAt: '2026-04-01T08:00:00Z' });
    expect(fieldsOf(noFile)).toEqual(['fileItems']);
    const executed = await p.aut.officer.act(id, 'execute', PAY.execute(true));
    expect(executed.body.caseData.execution.fileItems).toEqual(FILE_ITEMS);
    expect(
      (await p.aut.officer.act(id, 'acknowledge-receipt', PAY['acknowledge-receipt'](true))).status,
    ).toBe(403);
    const taken = await p.vnm.officer.act(id, 'acknowledge-receipt', PAY['acknowledge-receipt'](true));
    expect(taken.body.status).toBe('EXECUTED');
    expect((await p.vnm.officer.act(id, 'report-outcome', PAY['report-outcome'](true))).status).toBe(200);
    expect((await p.vnm.officer.act(id, 'close')).body.status).toBe('CLOSED');
  });

  it('should end the transfer when the sentenced person refuses consent', async () => {
    const id = await transferInStatus(p, 'CONSENT_PENDING');
    const refused = await p.vnm.officer.act(id, 'refuse-consent', PAY['refuse-consent'](false));
    expect(refused.body.status).toBe('DECLINED');
    expect(refused.body.caseData.decline).toMatchObject({ consentRefused: true });
    expect(refused.body.caseData.consentRefusal).toMatchObject({ obtainedHow: 'in-writing-before-judge' });
    expect((await p.vnm.approver.get(`/v1/requests/${id}`)).body.availableActions).toEqual([]);
    const late = await p.aut.approver.act(id, 'agree', PAY.agree(false));
    expect(late.status).toBe(409);
  });

  it('should let the counterpart decline and the proposer withdraw before execution, not after', async () => {
    const declinedId = await transferInStatus(p, 'UNDER_CONSIDERATION');
    const empty = await p.aut.approver.act(declinedId, 'decline', {});
    expect(fieldsOf(empty)).toEqual(['reasons']);
    const declined = await p.aut.approver.act(declinedId, 'decline', PAY.decline(false));
    expect(declined.body.status).toBe('DECLINED');
    expect(declined.body.caseData.decline).toMatchObject({ consentRefused: false });

    const agreedId = await transferInStatus(p, 'AGREED');
    const withdrawn = await p.vnm.approver.act(agreedId, 'withdraw', PAY.withdraw(false));
    expect(withdrawn.body.status).toBe('WITHDRAWN');

    const executedId = await transferInStatus(p, 'EXECUTED');
    const late = await p.vnm.approver.act(executedId, 'withdraw', PAY.withdraw(false));
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('INVALID_TRANSITION');
  });

  it('should demand the contents of each kind of proposal, naming the fields, and change nothing', async () => {
    const empty = await transferDraftOf(p, {
      subject: undefined,
      details: { sentencedPerson: undefined, sentence: undefined, consentRequired: undefined },
    });
    const before = await dbSnapshot(t);
    const res = await p.vnm.officer.act(empty, 'propose');
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual([
      'subject',
      'details.sentencedPerson',
      'details.sentence',
      'details.consentRequired',
    ]);
    expect(await dbSnapshot(t)).toEqual(before);

    const mixed = await transferDraftOf(
      p,
      {
        details: {
          caseFile: undefined,
          sentence: { description: 'x', enforcementStartDate: '2025-01-01', servedDays: 1 },
        },
      },
      true,
    );
    const wrong = await p.vnm.officer.act(mixed, 'propose');
    expect(fieldsOf(wrong)).toEqual(['details.caseFile', 'details.sentence']);

    const badRole = await p.vnm.officer.post(
      '/v1/requests',
      transferBody(p.aut.authorityId, {
        details: { proposerRole: 'mediator', sentencedPerson: { name: 'A' } },
      }),
    );
    expect(badRole.status).toBe(400);
    expect(fieldsOf(badRole).sort()).toEqual(
      ['details.proposerRole', 'details.sentencedPerson.nationalities'].sort(),
    );
  });
});

describe('Transfer proposal reminder', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    // The reminder after 3 s, so that the test sees it fire.
    t = await startTestApp({ env: { STATUS_ENQUIRY_REMINDER_DAYS: String(3 / 86400) } });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should remind the proposer of an unanswered proposal after the configured period, and change nothing else', async () => {
    const id = await transferInStatus(p, 'UNDER_CONSIDERATION', true);
    await waitFor(
      'the unanswered-proposal reminder',
      async () =>
        ((await p.vnm.officer.get(`/v1/requests/${id}`)).body.caseData.reminders ?? []).length === 1,
      20000,
    );
    const r = (await p.vnm.officer.get(`/v1/requests/${id}`)).body;
    expect(r.status).toBe('UNDER_CONSIDERATION');
    expect(r.caseData.reminders[0]).toMatchObject({ kind: 'proposal-unanswered' });
    expect((await p.vnm.officer.get(`/v1/requests/${id}/timers`)).body[0].status).toBe('fired');
  });

  it('should not remind once the counterpart agreed', async () => {
    const id = await transferInStatus(p, 'AWAITING_CONFIRMATION', true);
    await new Promise((resolve) => setTimeout(resolve, 4500));
    const r = (await p.vnm.officer.get(`/v1/requests/${id}`)).body;
    expect(r.caseData.reminders).toBeUndefined();
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(actionsOf(history.body)).not.toContain('remind-unanswered');
  });
});
