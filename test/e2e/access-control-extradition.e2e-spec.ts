import { accessMatrix, type Caller, callersOf, type MatrixCase } from '../support/access-matrix';
import { extraditionInStatus } from '../support/extradition';
import { type TeamParties, withNorway } from '../support/joint-investigation';
import { seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The access matrix of the extradition channel (art. 37): Viet Nam asks Austria, Ghana is party to
 * nothing. Only the side and role of the table may take an action; whoever else tries gets 403 or 404 and
 * nothing changes. The lapse of a provisional arrest needs its clock to run out: those cases ask Norway,
 * whose period is a second, so that no other case's clock can fire under it (Austria keeps the default).
 */

const none = () => ({});
const reasons = () => ({ reasons: 'The person sought died' });
const requested = ['aut.officer', 'aut.approver'];

const one = (who: string, c: Omit<MatrixCase, 'allowed' | 'by'>): MatrixCase => ({
  ...c,
  allowed: [who],
  by: who,
});

const DECIDING = ['UNDER_JUDICIAL_REVIEW', 'CONSULTATION'];
const CASES: MatrixCase[] = [
  one('vnm.officer', {
    action: 'request-provisional-arrest',
    from: 'DRAFT',
    to: 'PA_REQUESTED',
    payload: none,
  }),
  ...['DRAFT', 'PA_REQUESTED', 'PA_EXECUTED', 'PA_LAPSED'].map((from): MatrixCase =>
    one('vnm.officer', {
      action: 'submit-formal-request',
      from,
      to: 'FORMAL_REQUEST_SUBMITTED',
      payload: none,
    }),
  ),
  {
    action: 'execute-provisional-arrest',
    from: 'PA_REQUESTED',
    to: 'PA_EXECUTED',
    allowed: requested,
    by: 'aut.approver',
    payload: () => ({ measure: 'custody', details: 'Arrested in Vienna' }),
  },
  one('aut.officer', {
    action: 'open-judicial-review',
    from: 'FORMAL_REQUEST_SUBMITTED',
    to: 'UNDER_JUDICIAL_REVIEW',
    payload: () => ({ court: 'Landesgericht Wien', caseReference: '17 HR 2/26' }),
  }),
  one('aut.approver', {
    action: 'open-consultation',
    from: 'UNDER_JUDICIAL_REVIEW',
    to: 'CONSULTATION',
    payload: () => ({ reasons: 'The Constitution bars extraditing nationals' }),
  }),
  one('vnm.officer', {
    action: 'submit-views',
    from: 'CONSULTATION',
    to: 'CONSULTATION',
    payload: () => ({ views: 'We ask for domestic prosecution instead' }),
  }),
  ...DECIDING.flatMap((from): MatrixCase[] => [
    one('aut.approver', {
      action: 'accept-accessory-offences',
      from,
      to: from,
      payload: () => ({ offenceIndexes: [1] }),
    }),
    one('aut.approver', { action: 'grant', from, to: 'GRANTED', payload: none }),
    one('aut.approver', {
      action: 'grant-with-conditions',
      from,
      to: 'GRANTED_CONDITIONAL',
      payload: () => ({ conditions: [{ type: 'OTHER', text: 'Return to serve the sentence' }] }),
    }),
  ]),
  one('aut.approver', {
    action: 'refuse',
    from: 'CONSULTATION',
    to: 'REFUSED',
    payload: () => ({ grounds: ['NATIONALITY'], reasons: 'National of Austria' }),
  }),
  one('vnm.officer', {
    action: 'request-domestic-prosecution',
    from: 'REFUSED',
    to: 'REFERRED_FOR_DOMESTIC_PROSECUTION',
    payload: () => ({ reasons: 'UNTOC 16(10)' }),
  }),
  {
    action: 'report-prosecution-outcome',
    from: 'REFERRED_FOR_DOMESTIC_PROSECUTION',
    to: 'CLOSED',
    allowed: requested,
    by: 'aut.officer',
    payload: () => ({ outcome: 'convicted', details: 'Four years, Landesgericht Graz' }),
  },
  ...['GRANTED', 'GRANTED_CONDITIONAL'].map((from): MatrixCase =>
    one('aut.officer', {
      action: 'surrender',
      from,
      to: 'SURRENDERED',
      payload: () => ({ arrangements: 'Vienna airport' }),
    }),
  ),
  ...['SURRENDERED', 'REFUSED', 'PA_LAPSED'].map((from): MatrixCase =>
    one('vnm.officer', { action: 'close', from, to: 'CLOSED', payload: none }),
  ),
  ...[
    'PA_REQUESTED',
    'PA_EXECUTED',
    'FORMAL_REQUEST_SUBMITTED',
    ...DECIDING,
    'GRANTED',
    'GRANTED_CONDITIONAL',
  ].map((from): MatrixCase =>
    one('vnm.officer', { action: 'withdraw', from, to: 'WITHDRAWN', payload: reasons }),
  ),
];

/** Austria, or Norway for a lapsed provisional arrest, sees a request once delivered; Ghana never. */
const requestedOf = (status: string): 'aut' | 'nor' => (status === 'PA_LAPSED' ? 'nor' : 'aut');
const sees = (c: Caller, status: string): boolean =>
  c.party === 'vnm' || (c.party === requestedOf(status) && status !== 'DRAFT');

describe('Access control of the extradition channel: every action, every caller', () => {
  let t: TestApp;
  let p: TeamParties;
  let callers: Caller[];

  beforeAll(async () => {
    t = await startTestApp();
    p = await withNorway(await seedParties(t));
    const set = await p.admin.send('PUT', '/v1/states/NOR/settings', { provisionalArrestDays: 1 / 86400 });
    expect(set.status).toBe(200);
    callers = callersOf(p.admin, { vnm: p.vnm, aut: p.aut, gha: p.gha, nor: p.nor });
  });
  afterAll(async () => {
    await t.close();
  });

  accessMatrix('extradition', CASES, () => ({
    t,
    callers,
    sees,
    reach: (status) => extraditionInStatus(p, status, p[requestedOf(status)]),
    reader: p.vnm.auditor,
  }));
});
