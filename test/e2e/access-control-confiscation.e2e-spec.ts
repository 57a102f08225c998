import { accessMatrix, type Caller, callersOf, type MatrixCase } from '../support/access-matrix';
import { CONFISCATION_PAYLOADS, confiscationInStatus } from '../support/confiscation';
import { type Parties, seedParties } from '../support/parties';
import { randomId } from '../support/state';
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

  it('should let the parties read a request (the requested State once delivered) and nobody else, as for a missing id', async () => {
    const draft = await confiscationInStatus(p, 'DRAFT');
    const sent = await confiscationInStatus(p, 'FREEZE_REQUESTED');
    const problems: string[] = [];
    for (const [id, delivered] of [
      [draft, false],
      [sent, true],
    ] as const) {
      for (const c of callers) {
        const want = c.admin ? 403 : c.party === 'vnm' || (c.party === 'aut' && delivered) ? 200 : 404;
        for (const path of [`/v1/requests/${id}`, `/v1/requests/${id}/history`]) {
          const res = await c.api.get(path);
          if (res.status !== want) {
            problems.push(`${c.key} GET ${path}: ${res.status}, expected ${want}`);
          }
          if (want === 404) {
            const missing = await c.api.get(path.replace(id, randomId()));
            if (
              JSON.stringify([missing.status, missing.body.code]) !== JSON.stringify([404, res.body.code])
            ) {
              problems.push(`${c.key} GET ${path}: 404 differs from a missing id`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  accessMatrix('confiscation', MATRIX, () => ({
    t,
    callers,
    sees: (c, status) => c.party === 'vnm' || (c.party === 'aut' && status !== 'DRAFT'),
    reach: (status) => confiscationInStatus(p, status),
    client: (who) => {
      const [party, role] = who.split('.') as ['vnm' | 'aut', 'officer' | 'approver'];
      return p[party][role];
    },
    reader: p.vnm.auditor,
  }));
});
