import fc from 'fast-check';
import request from 'supertest';
import type { ApiResponse } from './api';
import type { Parties } from './parties';
import { dbSnapshot, errorBodyProblems } from './state';
import type { TestApp } from './test-app';

/*
 * Hostile input on a channel's actions and drafts (as test/e2e/hostile-input does for every route): valid
 * bodies with one field broken, removed or added, random JSON and malformed text. `check` sends one and
 * fails on a 5xx, a 4xx that does not name its problem (a 400 VALIDATION_FAILED must list the fields), or a
 * refused call that changed the database.
 */

export const jsonValue = fc.jsonValue({ maxDepth: 3 });

/** A valid body with one thing broken: a field's value replaced, a field removed, or an unknown field added. */
export function mutated(body: Record<string, unknown>): fc.Arbitrary<unknown> {
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

/** The raw text of an action's body: mostly a mutated valid body, sometimes none or malformed JSON. */
export const rawBody = (valid: Record<string, unknown>): fc.Arbitrary<string | undefined> =>
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

/** Sends one hostile call and throws, with the call and its answer, if the answer is not clean. */
export async function checkHostileCall(
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

/** The callers a hostile call comes from: the admin, both parties' users, and a third State. */
export function hostileTokens(p: Parties): string[] {
  return [
    p.admin,
    p.vnm.officer,
    p.vnm.approver,
    p.vnm.auditor,
    p.aut.officer,
    p.aut.approver,
    p.gha.approver,
  ].map((api) => api.token as string);
}

/**
 * `numRuns` hostile action calls: a broken body of one of the `valid` actions, on one of the requests `ids`,
 * by one of the `tokens`, each checked by checkHostileCall.
 */
export async function assertActionsRefuseCleanly(
  t: TestApp,
  ids: readonly string[],
  valid: Record<string, Record<string, unknown>>,
  tokens: readonly string[],
  numRuns: number,
): Promise<void> {
  const call = fc
    .record({
      id: fc.constantFrom(...ids),
      action: fc.constantFrom(...Object.keys(valid)),
      token: fc.constantFrom(...tokens),
    })
    .chain(({ id, action, token }) =>
      rawBody(valid[action] ?? {}).map((body) => ({ id, action, token, body })),
    );
  await fc.assert(
    fc.asyncProperty(call, ({ id, action, token, body }) =>
      checkHostileCall(t, 'POST', `/v1/requests/${id}/actions/${action}`, token, body),
    ),
    { numRuns },
  );
}
