import {
  accessMatrix,
  type Caller,
  callersOf,
  type MatrixCase,
  type MatrixWorld,
} from '../support/access-matrix';
import { contactPoint } from '../support/contact-points';
import { seedParties } from '../support/parties';
import { preservationInStatus } from '../support/preservation';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The access matrix of the preservation channel (arts 42-43): Viet Nam's central authority asks Austria's
 * 24/7 point of contact, whose users are the requested side; Austria's central authority and Ghana are
 * party to nothing. Only the side and role of the table may take an action; whoever else tries gets 403 or
 * 404 and nothing changes. A sent request is left by the delivery job at once: the SENT case runs in a
 * second app without workers, where it stays undelivered.
 */

const reasons = () => ({ reasons: 'The suspect was identified' });
const poc = ['aut.officer', 'aut.approver'];
const disclosure = () => ({
  providerName: 'Accra Hosting Ltd',
  providerCountry: 'GHA',
  trafficData: 'Relay via 203.0.113.7 at 2026-03-14T02:11Z',
});
const withholding = () => ({
  providerCountry: 'USA',
  grounds: ['ESSENTIAL_INTERESTS'],
  reasons: 'Ongoing domestic operation',
});
const HOLDING = ['PRESERVING', 'PRESERVED_ACTIVE', 'EXTENSION_REQUESTED', 'HELD_PENDING_MLA_DECISION'];
const DELIVERED = ['RECEIVED', 'PRESERVING', 'WARNING_ISSUED', 'PRESERVED_ACTIVE', 'EXTENSION_REQUESTED'];

let worlds: { main: MatrixWorld; undelivered: MatrixWorld };

const one = (who: string, c: Omit<MatrixCase, 'allowed' | 'by'>): MatrixCase => ({
  ...c,
  allowed: [who],
  by: who,
});

const CASES: MatrixCase[] = [
  one('vnm.officer', { action: 'send', from: 'DRAFT', to: 'SENT', payload: () => ({}) }),
  one('aut.officer', {
    action: 'start-preservation',
    from: 'RECEIVED',
    to: 'PRESERVING',
    payload: () => ({ orderReference: 'AUT-PO-7' }),
  }),
  one('aut.approver', {
    action: 'refuse',
    from: 'RECEIVED',
    to: 'REFUSED',
    payload: () => ({ grounds: ['ESSENTIAL_INTERESTS'], reasons: 'Security' }),
  }),
  {
    action: 'issue-warning',
    from: 'PRESERVING',
    to: 'WARNING_ISSUED',
    allowed: poc,
    by: 'aut.approver',
    payload: () => ({ concern: 'DATA_NOT_SECURED', reasons: 'The provider already deleted part of it' }),
  },
  {
    action: 'proceed',
    from: 'WARNING_ISSUED',
    to: 'PRESERVING',
    allowed: ['vnm.officer', 'vnm.approver'],
    by: 'vnm.approver',
    payload: () => ({}),
  },
  one('aut.officer', {
    action: 'confirm-preservation',
    from: 'PRESERVING',
    to: 'PRESERVED_ACTIVE',
    payload: () => ({ custodianConfirmation: 'Preserved by Example Mail' }),
  }),
  one('vnm.officer', {
    action: 'request-extension',
    from: 'PRESERVED_ACTIVE',
    to: 'EXTENSION_REQUESTED',
    payload: reasons,
  }),
  {
    action: 'grant-extension',
    from: 'EXTENSION_REQUESTED',
    to: 'PRESERVED_ACTIVE',
    allowed: poc,
    by: 'aut.officer',
    payload: () => ({ days: 30 }),
  },
  one('aut.approver', {
    action: 'decline-extension',
    from: 'EXTENSION_REQUESTED',
    to: 'PRESERVED_ACTIVE',
    payload: reasons,
  }),
  ...HOLDING.flatMap((from): MatrixCase[] => [
    { action: 'disclose-traffic-data', from, to: from, allowed: poc, by: 'aut.officer', payload: disclosure },
    one('aut.approver', { action: 'withhold-traffic-data', from, to: from, payload: withholding }),
  ]),
  ...[...DELIVERED, 'HELD_PENDING_MLA_DECISION'].map((from): MatrixCase =>
    one('vnm.officer', { action: 'withdraw', from, to: 'WITHDRAWN', payload: reasons }),
  ),
  {
    ...one('vnm.officer', { action: 'withdraw', from: 'SENT', to: 'WITHDRAWN', payload: reasons }),
    world: () => worlds.undelivered,
  },
];

/** The point of contact sees a request once delivered; Austria's central authority and Ghana never. */
const sees = (c: Caller, status: string): boolean =>
  c.party === 'vnm' || (c.party === 'aut' && status !== 'DRAFT' && status !== 'SENT');

/** A world on `t`: its parties, Austria's 24/7 point of contact as the requested side. */
async function worldOn(t: TestApp): Promise<MatrixWorld> {
  const p = await seedParties(t);
  const aut = await contactPoint(p, 'AUT-BK-247', 'AUT');
  return {
    t,
    callers: callersOf(p.admin, { vnm: p.vnm, aut, autCentral: p.aut, gha: p.gha }),
    sees,
    reach: (status) => preservationInStatus(p, aut, status),
    reader: p.vnm.auditor,
  };
}

describe('Access control of the preservation channel: every action, every caller', () => {
  const apps: TestApp[] = [];

  beforeAll(async () => {
    // Defaults for the clocks: a preservation period of 60 days, nothing expires during the test.
    apps.push(await startTestApp());
    apps.push(await startTestApp({ workers: false }));
    worlds = { main: await worldOn(apps[0]), undelivered: await worldOn(apps[1]) };
  });
  afterAll(async () => {
    for (const t of apps) {
      await t.close();
    }
  });

  accessMatrix('preservation', CASES, () => worlds.main);
});
