import fc from 'fast-check';
import request from 'supertest';
import type { ApiResponse } from './api';
import { type Parties, seedParties } from './parties';
import { dbSnapshot, errorBodyProblems } from './state';
import { startTestApp, type TestApp } from './test-app';

/*
 * Hostile input on one channel's actions and drafts (test/e2e/hostile-input-<channel>.e2e-spec.ts, as
 * hostile-input.e2e-spec does for every route): valid bodies of each action with one field broken, removed
 * or added, random JSON and malformed text, sent by every party to requests in every open state. Never a
 * 5xx; every 4xx names its problem (a 400 VALIDATION_FAILED lists the offending fields); a refused call
 * changes nothing.
 */

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

const rawBody = (valid: Record<string, unknown>): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: mutated(valid).map((v) => JSON.stringify(v)) },
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

/** Raw text as the body (malformed JSON included), with a bearer token. */
async function send(
  t: TestApp,
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

async function check(
  t: TestApp,
  method: string,
  path: string,
  token: string,
  body: string | undefined,
): Promise<void> {
  const before = await dbSnapshot(t);
  const res = await send(t, method, path, token, body);
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

export interface ChannelHostileInput {
  /** The describe block's title. */
  title: string;
  /** A valid body for each user action of the channel. */
  valid: Record<string, Record<string, unknown>>;
  /** Requests in every open state whose clocks are far away (nothing changes behind a refused call), and a draft. */
  requests(p: Parties): Promise<{ ids: string[]; draft: string }>;
  /** A complete draft body, broken field by field. */
  draftBody(p: Parties): Record<string, unknown>;
  /** `details` with one of the channel's nested fields given a random value. */
  nestedDetails(details: Record<string, unknown>, value: unknown): Record<string, unknown>;
}

/** The two property tests of a channel: every action's body broken, and the draft broken. */
export function describeChannelHostileInput(c: ChannelHostileInput): void {
  describe(c.title, () => {
    let t: TestApp;
    let p: Parties;
    let ids: string[];
    let draft: string;
    let tokens: string[];

    beforeAll(async () => {
      t = await startTestApp({
        env: { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_TOKEN: '1000000000' },
      });
      p = await seedParties(t);
      ({ ids, draft } = await c.requests(p));
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

    it('should refuse broken bodies of every action on requests in every state, by every party, cleanly', async () => {
      const call = fc
        .record({
          id: fc.constantFrom(...ids),
          action: fc.constantFrom(...Object.keys(c.valid)),
          token: fc.constantFrom(...tokens),
        })
        .chain(({ id, action, token }) =>
          rawBody(c.valid[action] ?? {}).map((body) => ({ id, action, token, body })),
        );
      await fc.assert(
        fc.asyncProperty(call, ({ id, action, token, body }) =>
          check(t, 'POST', `/v1/requests/${id}/actions/${action}`, token, body),
        ),
        { numRuns: 600 },
      );
    }, 300_000);

    it('should validate broken drafts field by field and store none of the invalid ones', async () => {
      const base = c.draftBody(p);
      const details = base.details as Record<string, unknown>;
      const body = fc.oneof(
        mutated(base),
        mutated(details).map((d) => ({ ...base, details: d })),
        fc
          .record({ value: jsonValue })
          .map(({ value }) => ({ ...base, details: c.nestedDetails(details, value) })),
      );
      const call = fc.record({ body, patch: fc.boolean() });
      await fc.assert(
        fc.asyncProperty(call, ({ body: b, patch }) =>
          check(
            t,
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
}
