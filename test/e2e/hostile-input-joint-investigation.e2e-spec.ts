import fc from 'fast-check';
import { checkHostileActions, checkHostileDrafts, jsonValue, mutated } from '../support/hostile-bodies';
import { type TeamParties, teamBody, teamInStatus, withNorway } from '../support/joint-investigation';
import { seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Hostile input on the joint investigation channel's actions and drafts: broken bodies of every action,
 * sent by every party (the three of the team and one party to nothing) to teams in every open state, and
 * broken drafts, further parties included. Never a 5xx, every 4xx names its problem, nothing changes.
 */

const future = (days: number): string => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

describe('Hostile input on the joint investigation channel', () => {
  let t: TestApp;
  let p: TeamParties;
  let ids: string[];
  let draft: string;
  let tokens: string[];
  let valid: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_TOKEN: '1000000000' } });
    p = await withNorway(await seedParties(t));
    const terms = (teamBody(p).details as { terms: Record<string, unknown> }).terms;
    valid = {
      propose: {},
      'join-negotiation': {},
      decline: { reasons: 'No resources' },
      'propose-terms': { terms },
      'sign-agreement': { termsVersion: 1, signatory: 'Dr. Huber' },
      start: {},
      'record-activity': {
        kind: 'investigative-measure',
        hostAuthorityId: p.gha.authorityId,
        date: future(0),
        summary: 'Search',
        hostAuthorisation: 'Order 17',
      },
      'propose-extension': { newEndDate: future(500), reasons: 'More servers' },
      'agree-extension': {},
      'decline-extension': { reasons: 'No' },
      leave: { reasons: 'Done' },
      end: { reasons: 'Done' },
      evaluate: { assessment: 'Useful', lessons: 'Sooner' },
      withdraw: { reasons: 'Treaty team instead' },
      close: {},
    };
    draft = await teamInStatus(p, 'DRAFT');
    // Delivered teams only; the clocks the start sets are months away, so nothing changes behind a refusal.
    ids = [];
    for (const status of [
      'PROPOSED',
      'NEGOTIATING',
      'AGREEMENT_SIGNED',
      'ACTIVE',
      'ACTIVE+EXTENSION',
      'ENDED',
    ]) {
      ids.push(await teamInStatus(p, status));
    }
    tokens = [
      p.admin,
      p.vnm.officer,
      p.vnm.approver,
      p.aut.approver,
      p.gha.officer,
      p.gha.approver,
      p.nor.approver,
    ].map((api) => api.token as string);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should refuse broken bodies of every action on teams in every state, by every party, cleanly', async () => {
    await checkHostileActions(t, ids, tokens, valid, 500);
  }, 300_000);

  it('should validate broken team drafts field by field, further parties and terms included, and store none', async () => {
    const base = teamBody(p);
    const details = base.details as Record<string, unknown>;
    const terms = details.terms as Record<string, unknown>;
    const body = fc.oneof(
      mutated(base),
      mutated(details).map((d) => ({ ...base, details: d })),
      mutated(terms).map((x) => ({ ...base, details: { ...details, terms: x } })),
      fc.record({ value: jsonValue }).map(({ value }) => ({ ...base, additionalPartyIds: value })),
      fc
        .record({ value: jsonValue })
        .map(({ value }) => ({ ...base, additionalPartyIds: [p.gha.authorityId, value] })),
      fc.record({ value: jsonValue }).map(({ value }) => ({
        ...base,
        details: {
          ...details,
          terms: { ...terms, members: [{ partyAuthorityId: value, name: value, role: value }] },
        },
      })),
    );
    await checkHostileDrafts(t, draft, p.vnm.officer.token as string, body);
  }, 300_000);
});
