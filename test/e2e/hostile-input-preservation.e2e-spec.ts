import fc from 'fast-check';
import { contactPoint, type ContactPoint, preservationBody } from '../support/contact-points';
import { checkHostileActions, checkHostileDrafts, mutated } from '../support/hostile-bodies';
import { userActionsOf } from '../support/access-matrix';
import { type Parties, seedParties } from '../support/parties';
import { preservationInStatus } from '../support/preservation';
import { startTestApp, startWorker, type TestApp } from '../support/test-app';

/**
 * Hostile input on the preservation channel's actions and drafts: broken bodies of every action, sent by
 * every party (both sides, the requested State's central authority and a State party to nothing) to
 * requests in every state a user action applies in (a draft, SENT undelivered), and broken drafts. Never
 * a 5xx, every 4xx names its problem, nothing changes. The states are reached with a worker, stopped
 * before the calls: a call that passes (an empty body is a valid one of several actions) sets nothing
 * going behind a later refusal.
 */

describe('Hostile input on the preservation channel', () => {
  let t: TestApp;
  let p: Parties;
  let poc: ContactPoint;
  let ids: string[];
  let draft: string;
  let tokens: string[];
  const reasons = { reasons: 'Suspect identified' };
  const valid: Record<string, Record<string, unknown>> = {
    'start-preservation': { orderReference: 'AUT-PO-7' },
    refuse: { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'Security' },
    'issue-warning': { concern: 'DATA_NOT_SECURED', reasons: 'Partly deleted' },
    proceed: {},
    'confirm-preservation': { custodianConfirmation: 'Preserved' },
    'request-extension': reasons,
    'grant-extension': { days: 30 },
    'decline-extension': reasons,
    'disclose-traffic-data': { providerName: 'Accra Hosting', providerCountry: 'GHA', trafficData: 'Relay' },
    'withhold-traffic-data': {
      providerName: 'Relay Inc',
      providerCountry: 'USA',
      grounds: ['ESSENTIAL_INTERESTS'],
      reasons: 'Domestic operation',
    },
    withdraw: reasons,
    send: {},
  };

  beforeAll(async () => {
    t = await startTestApp({
      workers: false,
      env: { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_TOKEN: '1000000000' },
    });
    p = await seedParties(t);
    poc = await contactPoint(p, 'AUT-BK-247', 'AUT');
    draft = await preservationInStatus(p, poc, 'DRAFT');
    const worker = await startWorker(t);
    // A draft of its own for the actions (one that passes sends it), the other for the broken drafts.
    ids = [await preservationInStatus(p, poc, 'DRAFT')];
    // Every state a user action applies in: SENT once the worker stopped, where it stays undelivered.
    const states = new Set((await userActionsOf(p.vnm.auditor, 'preservation')).map((a) => a.from));
    for (const status of states) {
      if (status !== 'DRAFT' && status !== 'SENT') {
        ids.push(await preservationInStatus(p, poc, status));
      }
    }
    await worker.close();
    expect(states).toContain('SENT');
    ids.push(await preservationInStatus(p, poc, 'SENT'));
    tokens = [
      p.admin,
      p.vnm.officer,
      p.vnm.approver,
      poc.officer,
      poc.approver,
      p.aut.approver,
      p.gha.officer,
    ].map((api) => api.token as string);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should refuse broken bodies of every action on requests in every state, by every party, cleanly', async () => {
    await checkHostileActions(t, ids, tokens, valid);
  }, 300_000);

  it('should validate broken preservation drafts field by field and store none', async () => {
    const base = preservationBody(poc.authorityId);
    const details = base.details as Record<string, unknown>;
    const body = fc.oneof(
      mutated(base),
      mutated(details).map((d) => ({ ...base, details: d })),
    );
    await checkHostileDrafts(t, draft, p.vnm.officer.token as string, body);
  }, 300_000);
});
