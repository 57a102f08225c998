import {
  accessMatrix,
  type Caller,
  callersOf,
  type MatrixCase,
  type MatrixWorld,
  readMatrix,
} from '../support/access-matrix';
import { type Parties, seedParties } from '../support/parties';
import { authorisedEnd, BATCH, collectionInStatus } from '../support/real-time-collection';
import { startTestApp, startWorker, type TestApp } from '../support/test-app';
import type { INestApplicationContext } from '@nestjs/common';

/**
 * The access matrix of the real-time collection channel (arts 45, 46), as test/e2e/access-control does it
 * for MLA: every user action from every state it applies in, by every caller. Only the side and role of
 * the table may take it; everyone else gets 403 (admin, auditors, a party's wrong role or side) or 404 (a
 * third State, or the requested State before delivery), the same as for a missing id, and nothing changes.
 * `withdraw` from SUBMITTED comes last, once the workers are stopped (else the request is delivered at once).
 */

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
/** Actions a second role may take as well. */
const ALSO_ALLOWED: Record<string, string[]> = {
  'suspend-collection': ['aut.approver'],
  'stop-collection': ['aut.approver'],
  'notify-delay': ['aut.approver'],
};

/** A case taken by `by` (`party.role`: VNM requesting, AUT requested), one of those the table lets take it. */
const one = (
  action: string,
  from: string,
  to: string,
  by: string,
  payload: () => object = none,
  setUp?: string,
): MatrixCase => ({
  action,
  from,
  to,
  by,
  allowed: [by, ...(ALSO_ALLOWED[action] ?? [])],
  payload,
  ...(setUp ? { setUp } : {}),
});

const CASES: MatrixCase[] = [
  one('submit', 'DRAFT', 'SUBMITTED', 'vnm.officer'),
  one('acknowledge', 'RECEIVED', 'UNDER_REVIEW', 'aut.officer'),
  one('request-information', 'UNDER_REVIEW', 'INFO_REQUESTED', 'aut.officer', () => ({
    questions: 'q',
  })),
  one('provide-information', 'INFO_REQUESTED', 'UNDER_REVIEW', 'vnm.officer', () => ({
    answers: 'a',
  })),
  one('open-consultation', 'UNDER_REVIEW', 'CONSULTATION', 'aut.approver', () => ({
    intendedOutcome: 'postpone',
    reasons: 'Own operation',
  })),
  ...['UNDER_REVIEW', 'CONSULTATION'].flatMap((from) => [
    one('propose-conditions', from, 'CONDITIONS_PROPOSED', 'aut.approver', () => ({
      conditions: [{ type: 'USE_LIMIT', text: 'Only this case' }],
    })),
    one('accept', from, 'ACCEPTED', 'aut.approver'),
    one('postpone', from, 'POSTPONED', 'aut.approver', () => ({
      reasons: 'Own operation',
      until: new Date(Date.now() + 3600_000).toISOString(),
    })),
  ]),
  one('accept-conditions', 'CONDITIONS_PROPOSED', 'ACCEPTED', 'vnm.approver'),
  one('resume', 'POSTPONED', 'UNDER_REVIEW', 'aut.approver'),
  one('refuse', 'CONSULTATION', 'REFUSED', 'aut.approver', () => ({
    grounds: ['ESSENTIAL_INTERESTS'],
    reasons: 'Security',
  })),
  one('start-collection', 'ACCEPTED', 'COLLECTING', 'aut.officer', () => ({
    authorisationReference: 'LG 1',
    endsAt: authorisedEnd(),
  })),
  one('request-renewal', 'COLLECTING', 'RENEWAL_REQUESTED', 'vnm.officer', () => ({
    requestedEnd: authorisedEnd(29),
    justification: 'More time',
  })),
  one('grant-renewal', 'RENEWAL_REQUESTED', 'COLLECTING', 'aut.approver', () => ({
    endsAt: authorisedEnd(25),
    authorisationReference: 'LG 2',
  })),
  one('decline-renewal', 'RENEWAL_REQUESTED', 'COLLECTING', 'aut.approver', reasons),
  one('suspend-collection', 'COLLECTING', 'SUSPENDED', 'aut.officer', reasons),
  one('resume-collection', 'SUSPENDED', 'COLLECTING', 'aut.approver', () => ({
    authorisationReference: 'LG 3',
  })),
  ...RUNNING.map((from) => one('stop-collection', from, 'COLLECTION_ENDED', 'vnm.officer', reasons)),
  ...PRODUCT.map((from) => one('deliver-batch', from, from, 'aut.approver', () => BATCH)),
  one('complete-execution', 'COLLECTION_ENDED', 'EXECUTED', 'aut.approver', () => ({
    summary: 's',
  })),
  ...['EXECUTED', 'REFUSED'].map((from) => one('confirm-receipt', from, 'CLOSED', 'vnm.officer')),
  ...IN_HAND.flatMap((from) => [
    one('withdraw', from, 'WITHDRAWN', 'vnm.officer', reasons),
    one('query-status', from, from, 'vnm.officer', () => ({ question: 'Any news?' })),
    one('answer-status', from, from, 'aut.officer', () => ({ answer: 'In hand' }), `${from}+ENQUIRY`),
  ]),
  ...['UNDER_REVIEW', 'ACCEPTED', ...RUNNING].map((from) =>
    one('notify-delay', from, from, 'aut.officer', () => ({ reasons: 'Provider slow' })),
  ),
];

const WITHDRAW_SUBMITTED = one('withdraw', 'SUBMITTED', 'WITHDRAWN', 'vnm.officer', reasons);

describe('Access control of the real-time collection channel: every action, every caller', () => {
  let t: TestApp;
  let p: Parties;
  let callers: Caller[];
  /** The workers run apart, so that the last case can stop them and keep a submitted request undelivered. */
  let worker: INestApplicationContext | null;

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    worker = await startWorker(t);
    p = await seedParties(t);
    callers = callersOf(p.admin, { vnm: p.vnm, aut: p.aut, gha: p.gha });
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  /** The requesting side sees every request of its own; the requested side once it was delivered. */
  const sees = (c: Caller, status: string): boolean =>
    c.party === 'vnm' || (c.party === 'aut' && !['DRAFT', 'SUBMITTED'].includes(status));

  /** A request in `status`; `<status>+ENQUIRY`: with a status enquiry open, for answer-status. */
  const reach = async (status: string): Promise<string> => {
    if (status === 'SUBMITTED') {
      // Without workers the delivery waits: the request stays SUBMITTED (the last case of the matrix).
      await worker?.close();
      worker = null;
      const id = await collectionInStatus(p, 'DRAFT');
      await p.vnm.officer.act(id, 'submit');
      return id;
    }
    const [state, enquiry] = status.split('+');
    const id = await collectionInStatus(p, state);
    if (enquiry) {
      await p.vnm.officer.act(id, 'query-status', { question: 'Any news?' });
    }
    return id;
  };

  // Withdrawal of a submitted, undelivered request comes last: its set-up stops the workers.
  const world = (): MatrixWorld => ({
    t,
    callers,
    sees,
    reach,
    reader: p.vnm.auditor,
  });
  readMatrix(['DRAFT', 'RECEIVED'], world);
  accessMatrix('real-time-collection', [...CASES, WITHDRAW_SUBMITTED], world);
});
