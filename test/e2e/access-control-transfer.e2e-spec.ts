import { type Caller, matrixCallers, othersRefused } from '../support/access-matrix';
import { type Parties, seedParties } from '../support/parties';
import { dbSnapshot } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';
import { TRANSFER_PAYLOADS, transferInStatus } from '../support/transfer';

/**
 * The access matrix of the transfer channel (arts 38, 39), as test/e2e/access-control does it for MLA:
 * every action from every state it applies in, by every caller. VNM proposes as the sentencing State, AUT is
 * the administering State. Only the side and role of the table may take it; where the table lets both
 * sides' officers but only one State may (the sentencing State records the consent, the administering State
 * verifies it and acknowledges the receipt), the other side's officer gets 403 from the guard. Everyone
 * else gets 403 (admin, auditors, wrong role) or 404 (a third State, or AUT before delivery), nothing changes.
 */

interface ActionCase {
  action: string;
  /** The stage of test/support/transfer.ts to start from. */
  stage: string;
  /** The status the table names for that stage. */
  from: string;
  to: string;
  /** `party.role` keys that may take it; the first one does. */
  allowed: string[];
  /** The other side's officer, refused by the guard although the table's actors list it. */
  guarded?: string;
}

const V_OFF = 'vnm.officer';
const V_APP = 'vnm.approver';
const A_OFF = 'aut.officer';
const A_APP = 'aut.approver';

const CASES: ActionCase[] = [
  { action: 'propose', stage: 'DRAFT', from: 'DRAFT', to: 'PROPOSED', allowed: [V_OFF] },
  { action: 'consider', stage: 'PROPOSED', from: 'PROPOSED', to: 'UNDER_CONSIDERATION', allowed: [A_OFF] },
  {
    action: 'seek-consent',
    stage: 'UNDER_CONSIDERATION',
    from: 'UNDER_CONSIDERATION',
    to: 'CONSENT_PENDING',
    allowed: [V_OFF, A_OFF],
  },
  {
    action: 'record-consent',
    stage: 'CONSENT_PENDING',
    from: 'CONSENT_PENDING',
    to: 'UNDER_CONSIDERATION',
    allowed: [V_OFF],
    guarded: A_OFF,
  },
  {
    action: 'refuse-consent',
    stage: 'CONSENT_PENDING',
    from: 'CONSENT_PENDING',
    to: 'DECLINED',
    allowed: [V_OFF],
    guarded: A_OFF,
  },
  ...(
    [
      ['CONSENTED', 'UNDER_CONSIDERATION'],
      ['AWAITING_CONFIRMATION', 'AWAITING_CONFIRMATION'],
      ['AGREED', 'AGREED'],
    ] as const
  ).map(([stage, from]): ActionCase => ({
    action: 'verify-consent',
    stage,
    from,
    to: from,
    allowed: [A_OFF],
    guarded: V_OFF,
  })),
  {
    action: 'agree',
    stage: 'CONSENTED',
    from: 'UNDER_CONSIDERATION',
    to: 'AWAITING_CONFIRMATION',
    allowed: [A_APP],
  },
  {
    action: 'confirm-agreement',
    stage: 'AWAITING_CONFIRMATION',
    from: 'AWAITING_CONFIRMATION',
    to: 'AGREED',
    allowed: [V_APP],
  },
  ...['UNDER_CONSIDERATION', 'CONSENT_PENDING'].map((from): ActionCase => ({
    action: 'decline',
    stage: from,
    from,
    to: 'DECLINED',
    allowed: [A_APP],
  })),
  ...['PROPOSED', 'UNDER_CONSIDERATION', 'CONSENT_PENDING', 'AWAITING_CONFIRMATION', 'AGREED'].map(
    (from): ActionCase => ({ action: 'withdraw', stage: from, from, to: 'WITHDRAWN', allowed: [V_APP] }),
  ),
  { action: 'execute', stage: 'AGREED', from: 'AGREED', to: 'EXECUTED', allowed: [V_OFF, A_OFF] },
  {
    action: 'acknowledge-receipt',
    stage: 'EXECUTED',
    from: 'EXECUTED',
    to: 'EXECUTED',
    allowed: [A_OFF],
    guarded: V_OFF,
  },
  {
    action: 'report-outcome',
    stage: 'RECEIPT_ACKNOWLEDGED',
    from: 'EXECUTED',
    to: 'EXECUTED',
    allowed: [A_OFF],
    guarded: V_OFF,
  },
  { action: 'close', stage: 'RECEIPT_ACKNOWLEDGED', from: 'EXECUTED', to: 'CLOSED', allowed: [V_OFF] },
];

const payloadOf = (action: string) => () => TRANSFER_PAYLOADS[action]?.(false) ?? {};

describe('Access control of the transfer channel: every action, every caller', () => {
  let t: TestApp;
  let p: Parties;
  let callers: Caller[];

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
    callers = matrixCallers(p);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should have a case for every user action of the table, from every state it applies in', async () => {
    const res = await p.vnm.auditor.get('/v1/workflows');
    const channel = (
      res.body as { channel: string; actions: { action: string; from: string[]; actors: unknown[] }[] }[]
    ).find((w) => w.channel === 'transfer');
    const table = (channel?.actions ?? [])
      .filter((a) => a.actors.length > 0)
      .flatMap((a) => a.from.map((from) => `${a.action} ${from}`));
    expect(table.sort()).toEqual(CASES.map((c) => `${c.action} ${c.from}`).sort());
  });

  for (const ac of CASES) {
    it(`should let only ${ac.allowed.join(' or ')} ${ac.action} from ${ac.stage}`, async () => {
      const id = await transferInStatus(p, ac.stage);
      const problems = await othersRefused(t, callers, {
        id,
        action: ac.action,
        payload: payloadOf(ac.action),
        allowed: ac.allowed,
        delivered: ac.stage !== 'DRAFT',
        listedButGuarded: ac.guarded ? [ac.guarded] : [],
      });
      expect(problems).toEqual([]);

      const [party, role] = ac.allowed[0].split('.') as ['vnm' | 'aut', 'officer' | 'approver'];
      const allowed = p[party][role];
      const view = await allowed.get(`/v1/requests/${id}`);
      expect(view.body.status).toBe(ac.from);
      expect(view.body.availableActions).toContain(ac.action);
      const before = await dbSnapshot(t);
      const res = await allowed.act(id, ac.action, payloadOf(ac.action)(), { 'If-Match': view.headers.etag });
      expect({ status: res.status, to: res.body.status }).toEqual({ status: 200, to: ac.to });
      expect(res.body.version).toBe(view.body.version + 1);
      expect((await dbSnapshot(t)).audit_events).toBe(before.audit_events + 1);
    });
  }
});
