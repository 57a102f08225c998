import { describeAccessMatrix, type MatrixCase } from '../support/access-matrix';
import { CONFISCATION_PAYLOADS, confiscationInStatus } from '../support/confiscation';

/**
 * The access matrix of the confiscation channel (arts 49-52), test/support/access-matrix.ts: every user
 * action from every state it applies in, by every caller. Actions offered only on a condition of the case
 * file are prepared first (an open question, a consultation, the requesting State's reasons, a claim, an
 * enquiry).
 */

type Side = MatrixCase['side'];
type Role = MatrixCase['role'];
type Party = 'vnm' | 'aut';

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
/** What makes a conditional action available: [who, action] taken first. */
const PREPARE: Record<string, [Party, 'officer' | 'approver', string]> = {
  'provide-information': ['aut', 'officer', 'request-information'],
  refuse: ['aut', 'approver', 'open-consultation'],
  lift: ['vnm', 'officer', 'argue-against-lift'],
  'resolve-third-party-claim': ['aut', 'officer', 'record-third-party-claim'],
  'answer-status': ['vnm', 'officer', 'query-status'],
};

const CASES: MatrixCase[] = TABLE.flatMap(([action, froms, to, side, role]) =>
  froms.map((from) => {
    const prepare = PREPARE[action];
    return {
      action,
      from,
      to: to === 'same' ? from : to,
      side,
      role,
      payload: CONFISCATION_PAYLOADS[action],
      ...(action === 'recognise-order' ? { reach: 'UNDER_REVIEW_1B' } : {}),
      ...(prepare
        ? {
            prepare: async (p, id) => {
              const [party, who, first] = prepare;
              expect((await p[party][who].act(id, first, CONFISCATION_PAYLOADS[first]())).status).toBe(200);
            },
          }
        : {}),
    } satisfies MatrixCase;
  }),
);

describeAccessMatrix({
  channel: 'confiscation',
  inStatus: confiscationInStatus,
  delivered: 'FREEZE_REQUESTED',
  cases: CASES,
});
