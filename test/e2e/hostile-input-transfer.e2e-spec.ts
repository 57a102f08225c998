import fc from 'fast-check';
import { callersOf } from '../support/access-matrix';
import { checkHostileActions, checkHostileDrafts, jsonValue, mutated } from '../support/hostile-bodies';
import { type Parties, seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';
import { TRANSFER_PAYLOADS, transferBody, transferInStatus } from '../support/transfer';

/**
 * Hostile input on the transfer channel's actions and drafts (as hostile-input.e2e-spec does for every
 * route): valid bodies of each action with one field broken, removed or added, random JSON and malformed
 * text, sent by every party to transfers of both kinds in every open state. Never a 5xx; every 4xx names its
 * problem (a 400 VALIDATION_FAILED lists the offending fields); a refused call changes nothing.
 */

const USER_ACTIONS = [
  'propose',
  'consider',
  'seek-consent',
  'record-consent',
  'refuse-consent',
  'verify-consent',
  'agree',
  'confirm-agreement',
  'decline',
  'withdraw',
  'execute',
  'acknowledge-receipt',
  'report-outcome',
  'close',
];
/** A valid body for each user action (of a sentenced-person transfer; proceedings differ in a field). */
const VALID: Record<string, Record<string, unknown>> = Object.fromEntries(
  USER_ACTIONS.map((a) => [a, (TRANSFER_PAYLOADS[a]?.(false) ?? {}) as Record<string, unknown>]),
);

/** The stages the calls go to: delivered proposals only, whose actions schedule no work. */
const STAGES = [
  'PROPOSED',
  'UNDER_CONSIDERATION',
  'CONSENT_PENDING',
  'CONSENTED',
  'AWAITING_CONFIRMATION',
  'AGREED',
  'EXECUTED',
  'RECEIPT_ACKNOWLEDGED',
];

describe('Hostile input on the transfer channel', () => {
  const rateLimits = { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_TOKEN: '1000000000' };
  let t: TestApp;
  let p: Parties;
  const ids: string[] = [];
  let draft: string;
  let tokens: string[];

  beforeAll(async () => {
    t = await startTestApp({ env: rateLimits });
    p = await seedParties(t);
    draft = await transferInStatus(p, 'DRAFT');
    // Both kinds where the stage exists for both (proceedings have no consent); nothing changes behind a
    // refused call, as no action on these schedules work.
    for (const stage of STAGES) {
      const kinds = stage.startsWith('CONSENT') ? [false] : [false, true];
      for (const proceedings of kinds) {
        ids.push(await transferInStatus(p, stage, proceedings));
      }
    }
    // Every role of the three States and the operator.
    tokens = callersOf(p.admin, { vnm: p.vnm, aut: p.aut, gha: p.gha }).map((c) => c.api.token as string);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('should refuse broken bodies of every action on transfers in every state, by every party, cleanly', async () => {
    await checkHostileActions(t, ids, tokens, VALID, 600);
  }, 300_000);

  it('should validate broken transfer drafts of both kinds field by field and store none of the invalid ones', async () => {
    const kinds = [transferBody(p.aut.authorityId), transferBody(p.aut.authorityId, {}, true)];
    const body = fc.constantFrom(...kinds).chain((base) => {
      const details = base.details as Record<string, unknown>;
      const nested = Object.keys(details).filter(
        (k) => typeof details[k] === 'object' && details[k] !== null,
      );
      return fc.oneof(
        mutated(base),
        mutated(details).map((d) => ({ ...base, details: d })),
        fc.record({ key: fc.constantFrom(...nested), value: jsonValue }).chain(({ key }) =>
          mutated(details[key] as Record<string, unknown>).map((v) => ({
            ...base,
            details: { ...details, [key]: v },
          })),
        ),
      );
    });
    await checkHostileDrafts(t, draft, p.vnm.officer.token as string, body, 400);
  }, 300_000);
});
