import {
  accessMatrix,
  type Caller,
  callersOf,
  type MatrixCase,
  type MatrixWorld,
  readMatrix,
} from '../support/access-matrix';
import { CONFISCATION_PAYLOADS, confiscationInStatus } from '../support/confiscation';
import { type Parties, seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The access matrix of the confiscation channel (arts 49-52), on the shared runner
 * (test/support/access-matrix.ts): every user action from every state it applies in, by every caller. Only
 * the side and role of the table may take it; everyone else gets 403 (admin, auditors, a party's wrong role
 * or side) or 404 (a third State, or the requested State before the request reached it), and nothing
 * changes. Actions offered only on a condition of the case file start from a request prepared for them (an
 * open question, a consultation, the requesting State's reasons, a claim, an enquiry: `<STATUS>+<step>`).
 */

type Side = 'requesting' | 'requested';
type Role = 'officer' | 'approver';

const HELD = [
  'FROZEN',
  'LIFT_PROPOSED',
  'CONFISCATION_REQUESTED',
  'UNDER_REVIEW',
  'ORDER_OBTAINED',
  'ORDER_RECOGNISED',
  'ENFORCED',
];
const OPEN = ['FREEZE_REQUESTED', ...HELD.filter((s) => s !== 'ENFORCED')];
const IN_HAND = ['FREEZE_REQUESTED', ...HELD, 'DISPOSAL_DECIDED'];
const DECIDING = ['FREEZE_REQUESTED', 'UNDER_REVIEW'];

/** [action, from states, to (same: a side event), side, role], transcribed from DOMAIN.md 4.8 by hand. */
const TABLE: [string, string[], string, Side, Role][] = [
  ['submit', ['DRAFT'], 'FREEZE_REQUESTED', 'requesting', 'officer'],
  ['request-information', DECIDING, 'same', 'requested', 'officer'],
  ['provide-information', DECIDING, 'same', 'requesting', 'officer'],
  ['freeze', ['FREEZE_REQUESTED'], 'FROZEN', 'requested', 'approver'],
  ['open-consultation', DECIDING, 'same', 'requested', 'approver'],
  ['refuse', DECIDING, 'REFUSED', 'requested', 'approver'],
  ['propose-lift', ['FROZEN'], 'LIFT_PROPOSED', 'requested', 'approver'],
  ['argue-against-lift', ['LIFT_PROPOSED'], 'same', 'requesting', 'officer'],
  ['keep-frozen', ['LIFT_PROPOSED'], 'FROZEN', 'requested', 'approver'],
  ['lift', ['LIFT_PROPOSED'], 'LIFTED', 'requested', 'approver'],
  ['request-confiscation', ['FROZEN'], 'CONFISCATION_REQUESTED', 'requesting', 'officer'],
  ['acknowledge', ['CONFISCATION_REQUESTED'], 'UNDER_REVIEW', 'requested', 'officer'],
  ['obtain-order', ['UNDER_REVIEW'], 'ORDER_OBTAINED', 'requested', 'approver'],
  ['recognise-order', ['UNDER_REVIEW'], 'ORDER_RECOGNISED', 'requested', 'approver'],
  ['enforce', ['ORDER_OBTAINED', 'ORDER_RECOGNISED'], 'ENFORCED', 'requested', 'approver'],
  ['decide-disposal', ['ENFORCED'], 'DISPOSAL_DECIDED', 'requested', 'approver'],
  ['close', ['DISPOSAL_DECIDED', 'REFUSED', 'LIFTED'], 'CLOSED', 'requesting', 'officer'],
  ['withdraw', OPEN, 'WITHDRAWN', 'requesting', 'officer'],
  ['record-third-party-claim', HELD, 'same', 'requested', 'officer'],
  ['resolve-third-party-claim', HELD, 'same', 'requested', 'approver'],
  ['query-status', IN_HAND, 'same', 'requesting', 'officer'],
  ['answer-status', IN_HAND, 'same', 'requested', 'officer'],
];
/** What makes a conditional action available: the step taken first (confiscationInStatus `+<step>`). */
const PREPARE: Record<string, string> = {
  'provide-information': 'request-information',
  refuse: 'open-consultation',
  lift: 'argue-against-lift',
  'resolve-third-party-claim': 'record-third-party-claim',
  'answer-status': 'query-status',
};

const MATRIX: MatrixCase[] = TABLE.flatMap(([action, froms, to, side, role]) =>
  froms.map((from) => {
    const by = `${side === 'requesting' ? 'vnm' : 'aut'}.${role}`;
    const base = action === 'recognise-order' ? 'UNDER_REVIEW_1B' : from;
    const prepare = PREPARE[action];
    return {
      action,
      from,
      to: to === 'same' ? from : to,
      allowed: [by],
      by,
      payload: CONFISCATION_PAYLOADS[action],
      ...(prepare || base !== from ? { setUp: prepare ? `${base}+${prepare}` : base } : {}),
    };
  }),
);

describe('Access control of the confiscation channel: every action, every caller', () => {
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
    reach: (status) => confiscationInStatus(p, status),
    reader: p.vnm.auditor,
  });
  readMatrix(['DRAFT', 'FREEZE_REQUESTED'], world);
  accessMatrix('confiscation', MATRIX, world);
});
