import fc from 'fast-check';
import {
  checkHostileActions,
  checkHostileDrafts,
  jsonValue,
  mutated,
  twoPartyTokens,
} from '../support/hostile-bodies';
import { type Parties, seedParties } from '../support/parties';
import { DOCUMENTS, offerInStatus, spontaneousBody } from '../support/spontaneous';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Hostile input on the spontaneous information channel's actions and drafts (as hostile-input.e2e-spec does
 * for every route): valid bodies of each action with one field broken, removed or added, random JSON and
 * malformed text, sent by every party to offers in every open state. Never a 5xx; every 4xx names its
 * problem (a 400 VALIDATION_FAILED lists the offending fields); a refused call changes nothing.
 */

/** A valid body for each user action of the channel. */
const VALID: Record<string, Record<string, unknown>> = {
  offer: {},
  'accept-conditions': {},
  'decline-conditions': { reasons: 'Cannot comply', unacceptable: [0] },
  'revise-conditions': { conditions: [{ type: 'USE_LIMIT', text: 'Only for this case' }] },
  transmit: { summary: 'Chat logs', items: DOCUMENTS },
  'transmit-without-conditions': { summary: 'Chat logs', items: DOCUMENTS },
  cancel: { reasons: 'Own proceedings' },
  'log-use': { use: 'no-action', details: 'Nothing to do', proceedingReference: 'R-1' },
  'notify-exculpatory-disclosure': { disclosure: 'A log clears X', disclosureDate: '2026-05-01T10:00:00Z' },
  close: {},
};

describe('Hostile input on the spontaneous information channel', () => {
  let t: TestApp;
  let p: Parties;
  let ids: string[];
  let draft: string;
  let tokens: string[];

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_TOKEN: '1000000000' } });
    p = await seedParties(t);
    draft = await offerInStatus(p, 'DRAFT');
    // Delivered offers only: no action on them schedules work, so nothing changes behind a refused call.
    ids = [];
    for (const status of [
      'OFFERED',
      'CONDITIONS_ACCEPTED',
      'CONDITIONS_DECLINED',
      'TRANSMITTED',
      'USE_LOGGED',
    ]) {
      ids.push(await offerInStatus(p, status), await offerInStatus(p, status));
    }
    tokens = twoPartyTokens(p);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should refuse broken bodies of every action on offers in every state, by every party, cleanly', async () => {
    await checkHostileActions(t, ids, tokens, VALID, 600);
  }, 300_000);

  it('should validate broken spontaneous drafts field by field and store none of the invalid ones', async () => {
    const base = spontaneousBody(p.aut.authorityId);
    const details = base.details as Record<string, unknown>;
    const body = fc.oneof(
      mutated(base),
      mutated(details).map((d) => ({ ...base, details: d })),
      fc.record({ value: jsonValue }).map(({ value }) => ({
        ...base,
        details: { ...details, proceeds: [{ description: value, currency: value }] },
      })),
    );
    await checkHostileDrafts(t, draft, p.vnm.officer.token as string, body);
  }, 300_000);
});
