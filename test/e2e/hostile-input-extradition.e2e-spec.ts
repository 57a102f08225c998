import fc from 'fast-check';
import { extraditionBody, extraditionInStatus } from '../support/extradition';
import { checkHostileActions, checkHostileDrafts, jsonValue, mutated } from '../support/hostile-bodies';
import { userActionsOf } from '../support/access-matrix';
import { type Parties, seedParties, seedParty } from '../support/parties';
import { startTestApp, startWorker, type TestApp } from '../support/test-app';

/**
 * Hostile input on the extradition channel's actions and drafts: broken bodies of every action, sent by
 * every party (both sides and a State party to nothing) to requests in every state a user action applies
 * in (a draft included), and broken drafts, the person sought, offences and warrant included. Never a
 * 5xx, every 4xx names its problem, nothing changes. The states are reached with a worker, stopped before
 * the calls: a formal request that passes (an empty body is valid) sets no delivery going behind a later
 * refusal.
 */

describe('Hostile input on the extradition channel', () => {
  let t: TestApp;
  let p: Parties;
  let ids: string[];
  let draft: string;
  let tokens: string[];
  const reasons = { reasons: 'UNTOC 16(10)' };
  const valid: Record<string, Record<string, unknown>> = {
    'request-provisional-arrest': {},
    'submit-formal-request': {},
    'execute-provisional-arrest': { measure: 'custody', details: 'Arrested in Vienna' },
    'open-judicial-review': { court: 'Landesgericht Wien', caseReference: '17 HR 2/26' },
    'accept-accessory-offences': { offenceIndexes: [1] },
    'open-consultation': { reasons: 'A national' },
    'submit-views': { views: 'Prosecute at home' },
    grant: {},
    'grant-with-conditions': { conditions: [{ type: 'OTHER', text: 'Return to serve the sentence' }] },
    refuse: { grounds: ['NATIONALITY'], reasons: 'A national' },
    'request-domestic-prosecution': reasons,
    'report-prosecution-outcome': { outcome: 'convicted', details: 'Four years' },
    surrender: { arrangements: 'Vienna airport' },
    close: {},
    withdraw: reasons,
  };

  beforeAll(async () => {
    t = await startTestApp({
      workers: false,
      env: { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_TOKEN: '1000000000' },
    });
    p = await seedParties(t);
    draft = await extraditionInStatus(p, 'DRAFT');
    const worker = await startWorker(t);
    // A draft of its own for the actions (one that passes sends it), the other for the broken drafts.
    ids = [await extraditionInStatus(p, 'DRAFT')];
    // Every state a user action applies in; a lapsed provisional arrest in Norway, whose period is a second.
    await p.admin.send('PUT', '/v1/states/NOR/settings', { provisionalArrestDays: 1 / 86400 });
    const nor = await seedParty(p.admin, 'NOR-RA-CA', 'NOR', ['no', 'en']);
    for (const status of new Set((await userActionsOf(p.vnm.auditor, 'extradition')).map((a) => a.from))) {
      if (status !== 'DRAFT') {
        ids.push(await extraditionInStatus(p, status, status === 'PA_LAPSED' ? nor : p.aut));
      }
    }
    await worker.close();
    tokens = [p.admin, p.vnm.officer, p.vnm.approver, p.aut.officer, p.aut.approver, p.gha.approver].map(
      (api) => api.token as string,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('should refuse broken bodies of every action on requests in every state, by every party, cleanly', async () => {
    await checkHostileActions(t, ids, tokens, valid);
  }, 300_000);

  it('should validate broken extradition drafts field by field, nested objects included, and store none', async () => {
    const base = extraditionBody(p.aut.authorityId);
    const details = base.details as Record<string, Record<string, unknown>>;
    const offence = (details.offences as unknown as Record<string, unknown>[])[0];
    const body = fc.oneof(
      mutated(base),
      mutated(details).map((d) => ({ ...base, details: d })),
      mutated(details.personSought).map((x) => ({ ...base, details: { ...details, personSought: x } })),
      mutated(details.warrant).map((x) => ({ ...base, details: { ...details, warrant: x } })),
      mutated(offence).map((x) => ({ ...base, details: { ...details, offences: [x] } })),
      fc
        .record({ value: jsonValue })
        .map(({ value }) => ({ ...base, details: { ...details, offences: value } })),
    );
    await checkHostileDrafts(t, draft, p.vnm.officer.token as string, body);
  }, 300_000);

  it('should refuse an array where an object is due (person sought, warrant, offence, condition), naming it', async () => {
    const base = extraditionBody(p.aut.authorityId);
    const details = base.details as Record<string, unknown>;
    const problems: string[] = [];
    for (const [key, value] of [
      ['personSought', []],
      ['warrant', []],
      ['warrant', [[]]],
      ['offences', [[]]],
    ] as const) {
      const res = await p.vnm.officer.post('/v1/requests', {
        ...base,
        details: { ...details, [key]: value },
      });
      const fields = ((res.body.details ?? []) as { field: string }[]).map((d) => d.field);
      if (res.status !== 400 || !fields.every((f) => f.startsWith(`details.${key}`))) {
        problems.push(`${key}=${JSON.stringify(value)}: ${res.status} ${JSON.stringify(fields)}`);
      }
    }
    const granted = await p.aut.approver.act(ids[ids.length - 1], 'grant-with-conditions', {
      conditions: [[{ type: 'OTHER', text: 'Return' }]],
    });
    expect({ problems, condition: granted.status }).toEqual({ problems: [], condition: 400 });
  });
});
