import fc from 'fast-check';
import {
  checkHostileActions,
  checkHostileDrafts,
  jsonValue,
  mutated,
  twoPartyTokens,
} from '../support/hostile-bodies';
import { type Parties, seedParties } from '../support/parties';
import { authorisedEnd, BATCH, collectionBody, collectionInStatus } from '../support/real-time-collection';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Hostile input on the real-time collection channel's actions and drafts (arts 45, 46; as
 * hostile-input.e2e-spec does for every route): valid bodies of each action with one field broken, removed
 * or added, random JSON and malformed text, sent by every party to requests in every open state. Never a
 * 5xx; every 4xx names its problem (a 400 VALIDATION_FAILED lists the offending fields); a refused call
 * changes nothing.
 */

/** A valid body for each user action of the channel. */
const VALID: Record<string, Record<string, unknown>> = {
  submit: {},
  acknowledge: {},
  'request-information': { questions: 'Which hours?' },
  'provide-information': { answers: 'All day' },
  'open-consultation': { intendedOutcome: 'refuse', reasons: 'Not a serious offence here' },
  'propose-conditions': { conditions: [{ type: 'USE_LIMIT', text: 'Only for this case' }] },
  'accept-conditions': {},
  accept: {},
  postpone: { reasons: 'Own operation', until: '2099-01-01T00:00:00Z' },
  resume: {},
  refuse: { grounds: ['DOMESTIC_PROHIBITION'], reasons: 'Not allowed' },
  'start-collection': { authorisationReference: 'LG 1', endsAt: authorisedEnd() },
  'request-renewal': { requestedEnd: authorisedEnd(29), justification: 'More time' },
  'grant-renewal': { endsAt: authorisedEnd(25), authorisationReference: 'LG 2' },
  'decline-renewal': { reasons: 'Not proportionate' },
  'suspend-collection': { reasons: 'Order lapsed' },
  'resume-collection': { authorisationReference: 'LG 3' },
  'stop-collection': { reasons: 'Suspect arrested' },
  'deliver-batch': { ...BATCH, coveredFrom: '2026-03-01T00:00:00Z', coveredTo: '2026-03-08T00:00:00Z' },
  'complete-execution': { summary: 'Two batches' },
  'confirm-receipt': {},
  withdraw: { reasons: 'No longer needed' },
  'query-status': { question: 'Any news?' },
  'answer-status': { answer: 'In hand' },
  'notify-delay': { reasons: 'Provider slow', expectedBy: '2099-01-01T00:00:00Z' },
};

describe('Hostile input on the real-time collection channel', () => {
  let t: TestApp;
  let p: Parties;
  let ids: string[];
  let draft: string;
  let tokens: string[];

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_TOKEN: '1000000000' } });
    p = await seedParties(t);
    draft = await collectionInStatus(p, 'DRAFT');
    // Delivered requests only, whose clocks are days away: nothing changes behind a refused call.
    ids = [];
    for (const status of [
      'UNDER_REVIEW',
      'INFO_REQUESTED',
      'CONSULTATION',
      'CONDITIONS_PROPOSED',
      'ACCEPTED',
      'POSTPONED',
      'COLLECTING',
      'RENEWAL_REQUESTED',
      'SUSPENDED',
      'COLLECTION_ENDED',
      'EXECUTED',
    ]) {
      ids.push(await collectionInStatus(p, status));
    }
    tokens = twoPartyTokens(p);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should refuse broken bodies of every action on requests in every state, by every party, cleanly', async () => {
    await checkHostileActions(t, ids, tokens, VALID, 600);
  }, 300_000);

  it('should validate broken interception drafts field by field and store none of the invalid ones', async () => {
    // An interception draft: confidential by force, so a broken `confidential` is refused too.
    const base = collectionBody(p.aut.authorityId, {}, 'content-data');
    const details = base.details as Record<string, unknown>;
    const body = fc.oneof(
      mutated(base),
      mutated(details).map((d) => ({ ...base, details: d })),
      fc.record({ value: jsonValue }).map(({ value }) => ({
        ...base,
        details: { ...details, identifiers: [{ type: value, value }], periodEnd: value },
      })),
    );
    await checkHostileDrafts(t, draft, p.vnm.officer.token as string, body, 400);
  }, 300_000);
});
