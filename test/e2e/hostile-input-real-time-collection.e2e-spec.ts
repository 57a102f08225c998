import fc from 'fast-check';
import request from 'supertest';
import type { ApiResponse } from '../support/api';
import { type Parties, seedParties } from '../support/parties';
import { authorisedEnd, BATCH, collectionBody, collectionInStatus } from '../support/real-time-collection';
import { dbSnapshot, errorBodyProblems } from '../support/state';
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
const ACTIONS = Object.keys(VALID);

const jsonValue = fc.jsonValue({ maxDepth: 3 });

/** A valid body with one thing broken: a field's value replaced, a field removed, or an unknown field added. */
function mutated(body: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(body);
  const options: fc.Arbitrary<unknown>[] = [
    fc
      .record({ key: fc.string({ maxLength: 20 }), value: jsonValue })
      .map(({ key, value }) => ({ ...body, [key]: value })),
    fc
      .constantFrom('__proto__', 'constructor', 'prototype')
      .map((key) => JSON.parse(`{"${key}":{"x":1}}`) as unknown),
    jsonValue,
  ];
  if (keys.length > 0) {
    options.push(
      fc
        .record({ key: fc.constantFrom(...keys), value: jsonValue })
        .map(({ key, value }) => ({ ...body, [key]: value })),
      fc
        .constantFrom(...keys)
        .map((key) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key))),
    );
  }
  return fc.oneof(...options);
}

const rawBody = (action: string): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: mutated(VALID[action] ?? {}).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{',
        '[1,',
        '"x"',
        'null',
        '{"items":[{"sha256":"' + 'A'.repeat(64) + '"}]}',
        '1e999',
      ),
    },
  );

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
    tokens = [
      p.admin,
      p.vnm.officer,
      p.vnm.approver,
      p.vnm.auditor,
      p.aut.officer,
      p.aut.approver,
      p.gha.approver,
    ].map((api) => api.token as string);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Raw text as the body (malformed JSON included), with a bearer token. */
  async function send(
    method: string,
    path: string,
    token: string,
    body: string | undefined,
  ): Promise<ApiResponse> {
    let req = request(t.baseUrl)
      [method.toLowerCase() as 'post'](path)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json');
    if (body !== undefined) {
      req = req.send(body);
    }
    const r = await req;
    return { status: r.status, body: r.body as unknown, headers: r.headers };
  }

  async function check(method: string, path: string, token: string, body: string | undefined): Promise<void> {
    const before = await dbSnapshot(t);
    const res = await send(method, path, token, body);
    const problems: string[] = [];
    if (res.status >= 500) {
      problems.push(`status ${res.status}`);
    }
    if (res.status >= 400) {
      problems.push(...errorBodyProblems(res));
      const b = res.body as { code?: string; details?: { field?: string; messages?: string[] }[] };
      if (res.status === 400 && b.code === 'VALIDATION_FAILED') {
        const named =
          Array.isArray(b.details) &&
          b.details.length > 0 &&
          b.details.every((d) => d.field && d.messages?.length);
        if (!named) {
          problems.push(`VALIDATION_FAILED without field details: ${JSON.stringify(b.details)}`);
        }
      }
      if (JSON.stringify(await dbSnapshot(t)) !== JSON.stringify(before)) {
        problems.push('the database changed on a refused call');
      }
    }
    if (problems.length > 0) {
      throw new Error(
        `${problems.join('; ')}\n${method} ${path} ${body?.slice(0, 300)}\n${res.status} ${JSON.stringify(res.body)}`,
      );
    }
  }

  it('should refuse broken bodies of every action on requests in every state, by every party, cleanly', async () => {
    const call = fc
      .record({
        id: fc.constantFrom(...ids),
        action: fc.constantFrom(...ACTIONS),
        token: fc.constantFrom(...tokens),
      })
      .chain(({ id, action, token }) => rawBody(action).map((body) => ({ id, action, token, body })));
    await fc.assert(
      fc.asyncProperty(call, ({ id, action, token, body }) =>
        check('POST', `/v1/requests/${id}/actions/${action}`, token, body),
      ),
      { numRuns: 600 },
    );
  }, 300_000);

  it('should validate broken collection and interception drafts field by field and store none of the invalid ones', async () => {
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
    const call = fc.record({ body, patch: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(call, ({ body: b, patch }) =>
        check(
          patch ? 'PATCH' : 'POST',
          patch ? `/v1/requests/${draft}` : '/v1/requests',
          p.vnm.officer.token as string,
          JSON.stringify(b),
        ),
      ),
      { numRuns: 400 },
    );
  }, 300_000);
});
