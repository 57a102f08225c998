import fc from 'fast-check';
import { CONFISCATION_PAYLOADS, confiscationBody, confiscationInStatus } from '../support/confiscation';
import {
  checkHostileActions,
  checkHostileDrafts,
  jsonValue,
  mutated,
  twoPartyTokens,
} from '../support/hostile-bodies';
import { type Parties, seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Hostile input on the confiscation channel's actions and drafts (test/support/hostile-bodies.ts): valid bodies of
 * each action with one field broken, removed or added, random JSON and malformed text, sent by every party to
 * requests in every state after delivery; and broken drafts (properties, orders, confiscation contents).
 * Never a 5xx; every 4xx names its problem; a refused call changes nothing.
 */

const ACTIONS = Object.keys(CONFISCATION_PAYLOADS);
const VALID = Object.fromEntries(
  ACTIONS.map((a) => [a, CONFISCATION_PAYLOADS[a]() as Record<string, unknown>]),
);

describe('Hostile input on the confiscation channel', () => {
  let t: TestApp;
  let p: Parties;
  let ids: string[];
  let draft: string;
  let tokens: string[];

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_TOKEN: '1000000000' } });
    p = await seedParties(t);
    draft = await confiscationInStatus(p, 'DRAFT');
    // Delivered requests only (no delivery job behind a call); the clocks of a proposal to lift are an hour away.
    ids = [];
    for (const status of [
      'FREEZE_REQUESTED',
      'FROZEN',
      'LIFT_PROPOSED',
      'CONFISCATION_REQUESTED',
      'UNDER_REVIEW',
      'UNDER_REVIEW_1B',
      'ORDER_OBTAINED',
      'ORDER_RECOGNISED',
      'ENFORCED',
      'DISPOSAL_DECIDED',
      'REFUSED',
      'LIFTED',
    ]) {
      ids.push(await confiscationInStatus(p, status), await confiscationInStatus(p, status));
    }
    tokens = twoPartyTokens(p);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('should refuse broken bodies of every action on requests in every state, by every party, cleanly', async () => {
    await checkHostileActions(t, ids, tokens, VALID, 600);
  }, 300_000);

  it('should validate broken confiscation drafts field by field and store none of the invalid ones', async () => {
    const freeze = confiscationBody(p.aut.authorityId);
    const direct = confiscationBody(p.aut.authorityId, {}, 'confiscation');
    const details = (b: Record<string, unknown>) => b.details as Record<string, unknown>;
    const contents = details(direct).confiscation as Record<string, unknown>;
    const property = (details(freeze).properties as Record<string, unknown>[])[0];
    const body = fc.oneof(
      mutated(freeze),
      mutated(details(freeze)).map((d) => ({ ...freeze, details: d })),
      mutated(contents).map((c) => ({ ...direct, details: { ...details(direct), confiscation: c } })),
      mutated(property).map((x) => ({ ...freeze, details: { ...details(freeze), properties: [x] } })),
      fc.record({ value: jsonValue }).map(({ value }) => ({
        ...freeze,
        details: {
          ...details(freeze),
          freezeOrder: { issuingAuthority: value, reference: value, copy: value },
        },
      })),
    );
    await checkHostileDrafts(t, draft, p.vnm.officer.token as string, body, 400);
  }, 300_000);
});
