import {
  expectOnlyAllowed,
  type MatrixCaller,
  type MatrixCase,
  type MatrixRole,
  matrixCallers,
  readProblems,
  userActionsOfTable,
} from '../support/access-matrix';
import { type Parties, seedParties } from '../support/parties';
import { authorisedEnd, BATCH, collectionInStatus } from '../support/real-time-collection';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The access matrix of the real-time collection channel (arts 45, 46), as test/e2e/access-control does it
 * for MLA: every user action from every state it applies in, by every caller. Only the side and role of
 * the table may take it; everyone else gets 403 (admin, auditors, a party's wrong role or side) or 404 (a
 * third State, or the requested State before delivery), the same as for a missing id, and nothing changes.
 * `withdraw` from SUBMITTED is left out: with workers running a submitted request is delivered at once
 * (test/e2e/access-control.e2e-spec.ts covers the undelivered request for every channel's engine path).
 */

interface ActionCase extends MatrixCase {
  /** A step before the action (e.g. an open status enquiry to answer). */
  prepare?: (p: Parties, id: string) => Promise<unknown>;
}

const none = () => ({});
const reasons = () => ({ reasons: 'Stated reasons' });
const RUNNING = ['COLLECTING', 'RENEWAL_REQUESTED', 'SUSPENDED'];
const PRODUCT = [...RUNNING, 'COLLECTION_ENDED'];
const IN_HAND = [
  'RECEIVED',
  'UNDER_REVIEW',
  'INFO_REQUESTED',
  'CONSULTATION',
  'CONDITIONS_PROPOSED',
  'ACCEPTED',
  'POSTPONED',
  ...PRODUCT,
];
const one = (
  action: string,
  from: string,
  to: string,
  side: ActionCase['side'],
  role: MatrixRole,
  payload: () => object = none,
): ActionCase => ({ action, from, to, side, role, payload });

const CASES: ActionCase[] = [
  one('submit', 'DRAFT', 'SUBMITTED', 'requesting', 'officer'),
  one('acknowledge', 'RECEIVED', 'UNDER_REVIEW', 'requested', 'officer'),
  one('request-information', 'UNDER_REVIEW', 'INFO_REQUESTED', 'requested', 'officer', () => ({
    questions: 'q',
  })),
  one('provide-information', 'INFO_REQUESTED', 'UNDER_REVIEW', 'requesting', 'officer', () => ({
    answers: 'a',
  })),
  one('open-consultation', 'UNDER_REVIEW', 'CONSULTATION', 'requested', 'approver', () => ({
    intendedOutcome: 'postpone',
    reasons: 'Own operation',
  })),
  ...['UNDER_REVIEW', 'CONSULTATION'].flatMap((from) => [
    one('propose-conditions', from, 'CONDITIONS_PROPOSED', 'requested', 'approver', () => ({
      conditions: [{ type: 'USE_LIMIT', text: 'Only this case' }],
    })),
    one('accept', from, 'ACCEPTED', 'requested', 'approver'),
    one('postpone', from, 'POSTPONED', 'requested', 'approver', () => ({
      reasons: 'Own operation',
      until: new Date(Date.now() + 3600_000).toISOString(),
    })),
  ]),
  one('accept-conditions', 'CONDITIONS_PROPOSED', 'ACCEPTED', 'requesting', 'approver'),
  one('resume', 'POSTPONED', 'UNDER_REVIEW', 'requested', 'approver'),
  one('refuse', 'CONSULTATION', 'REFUSED', 'requested', 'approver', () => ({
    grounds: ['ESSENTIAL_INTERESTS'],
    reasons: 'Security',
  })),
  one('start-collection', 'ACCEPTED', 'COLLECTING', 'requested', 'officer', () => ({
    authorisationReference: 'LG 1',
    endsAt: authorisedEnd(),
  })),
  one('request-renewal', 'COLLECTING', 'RENEWAL_REQUESTED', 'requesting', 'officer', () => ({
    requestedEnd: authorisedEnd(29),
    justification: 'More time',
  })),
  one('grant-renewal', 'RENEWAL_REQUESTED', 'COLLECTING', 'requested', 'approver', () => ({
    endsAt: authorisedEnd(25),
    authorisationReference: 'LG 2',
  })),
  one('decline-renewal', 'RENEWAL_REQUESTED', 'COLLECTING', 'requested', 'approver', reasons),
  one('suspend-collection', 'COLLECTING', 'SUSPENDED', 'requested', 'officer', reasons),
  one('resume-collection', 'SUSPENDED', 'COLLECTING', 'requested', 'approver', () => ({
    authorisationReference: 'LG 3',
  })),
  ...RUNNING.map((from) =>
    one('stop-collection', from, 'COLLECTION_ENDED', 'requesting', 'officer', reasons),
  ),
  ...PRODUCT.map((from) => one('deliver-batch', from, from, 'requested', 'approver', () => BATCH)),
  one('complete-execution', 'COLLECTION_ENDED', 'EXECUTED', 'requested', 'approver', () => ({
    summary: 's',
  })),
  ...['EXECUTED', 'REFUSED'].map((from) => one('confirm-receipt', from, 'CLOSED', 'requesting', 'officer')),
  ...IN_HAND.flatMap((from) => [
    one('withdraw', from, 'WITHDRAWN', 'requesting', 'officer', reasons),
    one('query-status', from, from, 'requesting', 'officer', () => ({ question: 'Any news?' })),
    {
      ...one('answer-status', from, from, 'requested', 'officer', () => ({ answer: 'In hand' })),
      prepare: (p: Parties, id: string) => p.vnm.officer.act(id, 'query-status', { question: 'News?' }),
    },
  ]),
  ...['UNDER_REVIEW', 'ACCEPTED', ...RUNNING].map((from) =>
    one('notify-delay', from, from, 'requested', 'officer', () => ({ reasons: 'Provider slow' })),
  ),
];

/** Actions a second role may take as well: not a refused caller here (the machine spec checks both). */
const ALSO_ALLOWED: Record<string, string[]> = {
  'suspend-collection': ['aut.approver'],
  'stop-collection': ['aut.approver'],
  'notify-delay': ['aut.approver'],
};

describe('Access control of the real-time collection channel: every action, every caller', () => {
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

  it('should let the parties read a request (the requested State once delivered) and nobody else, as for a missing id', async () => {
    const draft = await collectionInStatus(p, 'DRAFT');
    const received = await collectionInStatus(p, 'RECEIVED');
    const requests = [[draft, false] as const, [received, true] as const];
    const paths = (id: string) => [
      `/v1/requests/${id}`,
      `/v1/requests/${id}/history`,
      `/v1/requests/${id}/timers`,
    ];
    expect(await readProblems(callers, requests, paths)).toEqual([]);
  });

  it('should have a case for every user action of the table, from every state it applies in', async () => {
    const table = (await userActionsOfTable(p, 'real-time-collection')).filter(
      (x) => x !== 'withdraw SUBMITTED',
    );
    expect(table.sort()).toEqual(CASES.map((c) => `${c.action} ${c.from}`).sort());
  });

  for (const ac of CASES) {
    it(`should let only the ${ac.side} ${ac.role} ${ac.action} from ${ac.from}`, async () => {
      const id = await collectionInStatus(p, ac.from);
      await ac.prepare?.(p, id);
      await expectOnlyAllowed(t, p, callers, ac, id, ALSO_ALLOWED[ac.action]);
    });
  }
});
