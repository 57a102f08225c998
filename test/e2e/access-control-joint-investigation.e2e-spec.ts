import {
  accessMatrix,
  type Caller,
  callersOf,
  type MatrixCase,
  type MatrixWorld,
  readMatrix,
} from '../support/access-matrix';
import { type TeamParties, teamInStatus, withNorway } from '../support/joint-investigation';
import { seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The access matrix of the joint investigation channel (art. 48): Viet Nam proposes to Austria and Ghana,
 * Norway is party to nothing. Both invited States act on the requested side, each for itself; whoever else
 * tries gets 403 or 404 and nothing changes.
 */

let t: TestApp;
let p: TeamParties;
let callers: Caller[];

const none = () => ({});
const reasons = () => ({ reasons: 'Our part of the case is closed' });
const approvers = ['vnm.approver', 'aut.approver', 'gha.approver'];
const invitedApprovers = ['aut.approver', 'gha.approver'];
const today = () => new Date().toISOString().slice(0, 10);
const terms = () => ({
  terms: {
    purpose: 'Identify the operators',
    startDate: today(),
    endDate: new Date(Date.now() + 100 * 86400000).toISOString().slice(0, 10),
    members: [
      { partyAuthorityId: p.aut.authorityId, name: 'Dr. Huber', function: 'Prosecutor', role: 'leader' },
    ],
  },
});

const CASES: MatrixCase[] = [
  {
    action: 'propose',
    from: 'DRAFT',
    to: 'PROPOSED',
    allowed: ['vnm.officer'],
    by: 'vnm.officer',
    payload: none,
  },
  {
    action: 'join-negotiation',
    from: 'PROPOSED',
    to: 'NEGOTIATING',
    allowed: invitedApprovers,
    by: 'aut.approver',
    payload: none,
  },
  {
    action: 'join-negotiation',
    from: 'NEGOTIATING',
    to: 'NEGOTIATING',
    allowed: invitedApprovers,
    by: 'gha.approver',
    payload: none,
  },
  {
    action: 'decline',
    from: 'PROPOSED',
    to: 'PROPOSED',
    allowed: invitedApprovers,
    by: 'aut.approver',
    payload: reasons,
  },
  {
    action: 'decline',
    from: 'NEGOTIATING',
    to: 'NEGOTIATING',
    allowed: invitedApprovers,
    by: 'gha.approver',
    payload: reasons,
  },
  {
    action: 'propose-terms',
    from: 'NEGOTIATING',
    to: 'NEGOTIATING',
    allowed: approvers,
    by: 'aut.approver',
    payload: terms,
  },
  {
    action: 'sign-agreement',
    from: 'NEGOTIATING',
    to: 'NEGOTIATING',
    allowed: approvers,
    by: 'vnm.approver',
    payload: () => ({ termsVersion: 1 }),
  },
  {
    action: 'start',
    from: 'AGREEMENT_SIGNED',
    to: 'ACTIVE',
    allowed: ['vnm.approver'],
    by: 'vnm.approver',
    payload: none,
  },
  {
    action: 'record-activity',
    from: 'ACTIVE',
    to: 'ACTIVE',
    allowed: ['vnm.officer', 'aut.officer', 'gha.officer'],
    by: 'aut.officer',
    payload: () => ({
      kind: 'investigative-measure',
      hostAuthorityId: p.aut.authorityId,
      date: today(),
      summary: 'Seizure of a server in Vienna',
    }),
  },
  {
    action: 'propose-extension',
    from: 'ACTIVE',
    to: 'ACTIVE',
    allowed: approvers,
    by: 'gha.approver',
    payload: () => ({
      newEndDate: new Date(Date.now() + 400 * 86400000).toISOString().slice(0, 10),
      reasons: 'More servers',
    }),
  },
  {
    action: 'agree-extension',
    from: 'ACTIVE',
    setUp: 'ACTIVE+EXTENSION',
    to: 'ACTIVE',
    allowed: approvers,
    by: 'vnm.approver',
    payload: none,
  },
  {
    action: 'decline-extension',
    from: 'ACTIVE',
    setUp: 'ACTIVE+EXTENSION',
    to: 'ACTIVE',
    allowed: approvers,
    by: 'gha.approver',
    payload: reasons,
  },
  {
    action: 'leave',
    from: 'ACTIVE',
    to: 'ACTIVE',
    allowed: invitedApprovers,
    by: 'gha.approver',
    payload: reasons,
  },
  {
    action: 'end',
    from: 'ACTIVE',
    to: 'ENDED',
    allowed: ['vnm.approver'],
    by: 'vnm.approver',
    payload: reasons,
  },
  {
    action: 'evaluate',
    from: 'ENDED',
    to: 'EVALUATED',
    allowed: approvers,
    by: 'gha.approver',
    payload: () => ({ assessment: 'Useful' }),
  },
  {
    action: 'evaluate',
    from: 'EVALUATED',
    to: 'EVALUATED',
    allowed: approvers,
    by: 'vnm.approver',
    payload: () => ({ assessment: 'Useful' }),
  },
  ...['PROPOSED', 'NEGOTIATING', 'AGREEMENT_SIGNED'].map((from): MatrixCase => ({
    action: 'withdraw',
    from,
    to: 'WITHDRAWN',
    allowed: ['vnm.approver'],
    by: 'vnm.approver',
    payload: reasons,
  })),
  ...['ENDED', 'EVALUATED'].map((from): MatrixCase => ({
    action: 'close',
    from,
    to: 'CLOSED',
    allowed: ['vnm.officer'],
    by: 'vnm.officer',
    payload: none,
  })),
];

const sees = (c: Caller, status: string): boolean =>
  c.party === 'vnm' || ((c.party === 'aut' || c.party === 'gha') && status !== 'DRAFT');

describe('Access control of the joint investigation channel: every action, every caller, three parties', () => {
  beforeAll(async () => {
    t = await startTestApp();
    p = await withNorway(await seedParties(t));
    callers = callersOf(p.admin, { vnm: p.vnm, aut: p.aut, gha: p.gha, nor: p.nor });
  });
  afterAll(async () => {
    await t.close();
  });

  const world = (): MatrixWorld => ({
    t,
    callers,
    sees,
    reach: (status) => teamInStatus(p, status),
    reader: p.vnm.auditor,
  });
  readMatrix(['DRAFT', 'PROPOSED'], world);
  accessMatrix('joint-investigation', CASES, world);
});
