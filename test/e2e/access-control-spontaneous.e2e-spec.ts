import {
  accessMatrix,
  type Caller,
  callersOf,
  type MatrixCase,
  type MatrixWorld,
  readMatrix,
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

interface ActionCase {
  action: string;
  from: string;
  to: string;
  side: 'requesting' | 'requested';
  role: 'officer' | 'approver';
  payload: () => object;
}

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

/** The sender is VNM, the receiver AUT: the one party and role of each row. */
const MATRIX: MatrixCase[] = CASES.map((c) => {
  const who = `${c.side === 'requesting' ? 'vnm' : 'aut'}.${c.role}`;
  return { action: c.action, from: c.from, to: c.to, allowed: [who], by: who, payload: c.payload };
});

describe('Access control of the spontaneous information channel: every action, every caller', () => {
  let t: TestApp;
  let p: Parties;
  let callers: Caller[];

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
    callers = callersOf(p.admin, { vnm: p.vnm, aut: p.aut, gha: p.gha });
  });
  afterAll(async () => {
    await t.close();
  });

  const world = (): MatrixWorld => ({
    t,
    callers,
    sees: (c, status) => c.party === 'vnm' || (c.party === 'aut' && status !== 'DRAFT'),
    reach: (status) => offerInStatus(p, status),
    reader: p.vnm.auditor,
  });
  readMatrix(['DRAFT', 'OFFERED'], world);
  accessMatrix('spontaneous', MATRIX, world);
});
