import {
  expectOnlyAllowed,
  type MatrixCaller,
  type MatrixCase,
  matrixCallers,
  readProblems,
  userActionsOfTable,
} from '../support/access-matrix';
import { type Parties, seedParties } from '../support/parties';
import { DOCUMENTS, offerInStatus } from '../support/spontaneous';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The access matrix of the spontaneous information channel (arts 40, 51), as test/e2e/access-control does
 * it for MLA: every action from every state it applies in, by every caller. Only the side and role of the
 * table may take it; everyone else gets 403 (admin, auditors, a party's wrong role or side) or 404 (a third
 * State, or the receiver before the offer reached it), the same as for a missing id, and nothing changes.
 */

type ActionCase = MatrixCase;

const none = () => ({});
const transmission = () => ({ summary: 'Chat logs', items: DOCUMENTS });
const HELD = ['TRANSMITTED', 'USE_LOGGED'];
const CASES: ActionCase[] = [
  { action: 'offer', from: 'DRAFT', to: 'OFFERED', side: 'requesting', role: 'officer', payload: none },
  {
    action: 'accept-conditions',
    from: 'OFFERED',
    to: 'CONDITIONS_ACCEPTED',
    side: 'requested',
    role: 'approver',
    payload: none,
  },
  {
    action: 'decline-conditions',
    from: 'OFFERED',
    to: 'CONDITIONS_DECLINED',
    side: 'requested',
    role: 'approver',
    payload: () => ({ reasons: 'Cannot comply', unacceptable: [1] }),
  },
  {
    action: 'revise-conditions',
    from: 'CONDITIONS_DECLINED',
    to: 'OFFERED',
    side: 'requesting',
    role: 'approver',
    payload: () => ({ conditions: [{ type: 'CONFIDENTIALITY', text: 'Keep the source secret' }] }),
  },
  {
    action: 'transmit',
    from: 'CONDITIONS_ACCEPTED',
    to: 'TRANSMITTED',
    side: 'requesting',
    role: 'approver',
    payload: transmission,
  },
  {
    action: 'transmit-without-conditions',
    from: 'CONDITIONS_DECLINED',
    to: 'TRANSMITTED',
    side: 'requesting',
    role: 'approver',
    payload: transmission,
  },
  ...['OFFERED', 'CONDITIONS_ACCEPTED', 'CONDITIONS_DECLINED'].map((from): ActionCase => ({
    action: 'cancel',
    from,
    to: 'CANCELLED',
    side: 'requesting',
    role: 'approver',
    payload: () => ({ reasons: 'Own proceedings' }),
  })),
  ...HELD.flatMap((from): ActionCase[] => [
    {
      action: 'log-use',
      from,
      to: 'USE_LOGGED',
      side: 'requested',
      role: 'officer',
      payload: () => ({ use: 'made-request', details: 'An MLA request followed' }),
    },
    {
      action: 'notify-exculpatory-disclosure',
      from,
      to: from,
      side: 'requested',
      role: 'approver',
      payload: () => ({ disclosure: 'A log clears a co-accused' }),
    },
    { action: 'close', from, to: 'CLOSED', side: 'requesting', role: 'officer', payload: none },
  ]),
];

describe('Access control of the spontaneous information channel: every action, every caller', () => {
  let t: TestApp;
  let p: Parties;
  let callers: MatrixCaller[];

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
    callers = matrixCallers(p);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should let the parties read an offer (the receiver once delivered) and nobody else, as for a missing id', async () => {
    const draft = await offerInStatus(p, 'DRAFT');
    const offered = await offerInStatus(p, 'OFFERED');
    const requests = [[draft, false] as const, [offered, true] as const];
    expect(
      await readProblems(callers, requests, (id) => [`/v1/requests/${id}`, `/v1/requests/${id}/history`]),
    ).toEqual([]);
  });

  it('should have a case for every user action of the table, from every state it applies in', async () => {
    const table = await userActionsOfTable(p, 'spontaneous');
    expect(table.sort()).toEqual(CASES.map((c) => `${c.action} ${c.from}`).sort());
  });

  for (const ac of CASES) {
    it(`should let only the ${ac.side} ${ac.role} ${ac.action} from ${ac.from}`, async () => {
      await expectOnlyAllowed(t, p, callers, ac, await offerInStatus(p, ac.from));
    });
  }
});
