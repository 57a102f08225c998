import { accessMatrix, type Caller, callersOf, type MatrixCase } from '../support/access-matrix';
import { type Parties, seedParties } from '../support/parties';
import { dbSnapshot, errorBodyProblems } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';
import { TRANSFER_PAYLOADS, transferInStatus } from '../support/transfer';

/**
 * The access matrix of the transfer channel (arts 38, 39), as test/e2e/access-control does it for MLA:
 * every action from every state it applies in, by every caller. VNM proposes as the sentencing State, AUT is
 * the administering State. Only the sides and roles of the row may take it; everybody else gets 403 (admin,
 * auditors, wrong role or side) or 404 (a third State, or AUT before delivery), and nothing changes.
 *
 * Where the row lets both sides' officers but only one of the two States may (the sentencing State records
 * the consent, the administering State verifies it, acknowledges the receipt and reports the outcome), the
 * matrix lists both officers as the table does and the last test checks the guard: the other State's
 * officer gets 403 and nothing changes.
 */

const V_OFF = 'vnm.officer';
const V_APP = 'vnm.approver';
const A_OFF = 'aut.officer';
const A_APP = 'aut.approver';
const OFFICERS = [V_OFF, A_OFF];

/** A matrix case from `stage` (of test/support/transfer.ts; its status is `from`), taken by `by`. */
function row(
  action: string,
  from: string,
  to: string,
  allowed: string[],
  by = allowed[0],
  stage = from,
): MatrixCase {
  return {
    action,
    from,
    to,
    allowed,
    by,
    payload: () => TRANSFER_PAYLOADS[action]?.(false) ?? {},
    ...(stage === from ? {} : { setUp: stage }),
  };
}

const CASES: MatrixCase[] = [
  row('propose', 'DRAFT', 'PROPOSED', [V_OFF]),
  row('consider', 'PROPOSED', 'UNDER_CONSIDERATION', [A_OFF]),
  row('seek-consent', 'UNDER_CONSIDERATION', 'CONSENT_PENDING', OFFICERS),
  row('record-consent', 'CONSENT_PENDING', 'UNDER_CONSIDERATION', OFFICERS, V_OFF),
  row('refuse-consent', 'CONSENT_PENDING', 'DECLINED', OFFICERS, V_OFF),
  row('verify-consent', 'UNDER_CONSIDERATION', 'UNDER_CONSIDERATION', OFFICERS, A_OFF, 'CONSENTED'),
  row('verify-consent', 'AWAITING_CONFIRMATION', 'AWAITING_CONFIRMATION', OFFICERS, A_OFF),
  row('verify-consent', 'AGREED', 'AGREED', OFFICERS, A_OFF),
  row('agree', 'UNDER_CONSIDERATION', 'AWAITING_CONFIRMATION', [A_APP], A_APP, 'CONSENTED'),
  row('confirm-agreement', 'AWAITING_CONFIRMATION', 'AGREED', [V_APP]),
  ...['UNDER_CONSIDERATION', 'CONSENT_PENDING'].map((from) => row('decline', from, 'DECLINED', [A_APP])),
  ...['PROPOSED', 'UNDER_CONSIDERATION', 'CONSENT_PENDING', 'AWAITING_CONFIRMATION', 'AGREED'].map((from) =>
    row('withdraw', from, 'WITHDRAWN', [V_APP]),
  ),
  row('execute', 'AGREED', 'EXECUTED', OFFICERS),
  row('acknowledge-receipt', 'EXECUTED', 'EXECUTED', OFFICERS, A_OFF),
  row('report-outcome', 'EXECUTED', 'EXECUTED', OFFICERS, A_OFF, 'RECEIPT_ACKNOWLEDGED'),
  row('close', 'EXECUTED', 'CLOSED', [V_OFF], V_OFF, 'RECEIPT_ACKNOWLEDGED'),
];

/** Rows only one of the two States may take: the stage, and the other State's officer the guard refuses. */
const GUARDED: [action: string, stage: string, refused: string][] = [
  ['record-consent', 'CONSENT_PENDING', A_OFF],
  ['refuse-consent', 'CONSENT_PENDING', A_OFF],
  ['verify-consent', 'CONSENTED', V_OFF],
  ['acknowledge-receipt', 'EXECUTED', V_OFF],
  ['report-outcome', 'RECEIPT_ACKNOWLEDGED', V_OFF],
];

describe('Access control of the transfer channel: every action, every caller', () => {
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

  const client = (who: string) => {
    const [party, role] = who.split('.') as ['vnm' | 'aut' | 'gha', 'officer' | 'approver' | 'auditor'];
    return p[party][role];
  };

  accessMatrix('transfer', CASES, () => ({
    t,
    callers,
    sees: (c, status) => c.party === 'vnm' || (c.party === 'aut' && status !== 'DRAFT'),
    reach: (stage) => transferInStatus(p, stage),
    reader: p.vnm.auditor,
  }));

  it.each(GUARDED)(
    'should refuse %s from %s to the other State (%s) with 403, nothing changed',
    async (action, stage, refused) => {
      const id = await transferInStatus(p, stage);
      const before = await dbSnapshot(t);
      const res = await client(refused).act(id, action, TRANSFER_PAYLOADS[action]?.(false) ?? {});
      expect(res.status).toBe(403);
      expect(errorBodyProblems(res)).toEqual([]);
      expect(await dbSnapshot(t)).toEqual(before);
    },
  );
});
