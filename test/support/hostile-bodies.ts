import fc from 'fast-check';
import request from 'supertest';
import type { ApiResponse } from './api';
import type { Parties } from './parties';
import { dbSnapshot, errorBodyProblems } from './state';
import type { TestApp } from './test-app';

/*
 * Hostile bodies for a channel's actions and drafts (as hostile-input.e2e-spec does for every route): a
 * valid body with one field broken, removed or added, random JSON and malformed text. The check: never a
 * 5xx, every 4xx names its problem (a 400 VALIDATION_FAILED lists the offending fields), and a refused call
 * changes nothing.
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

/** The raw text sent: mostly a mutated valid body, sometimes none, sometimes malformed JSON. */
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

/** Sends one call and throws, with the call and the answer, when it breaks the rules above. */
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

/** Broken bodies of every action of `valid` (its valid body), on each of `ids`, by each of `tokens`. */
export async function checkHostileActions(
  t: TestApp,
  ids: string[],
  tokens: string[],
  valid: Record<string, Record<string, unknown>>,
  numRuns = 500,
): Promise<void> {
  const call = fc
    .record({
      id: fc.constantFrom(...ids),
      action: fc.constantFrom(...Object.keys(valid)),
      token: fc.constantFrom(...tokens),
    })
    .chain(({ id, action, token }) => rawBody(valid[action]).map((body) => ({ id, action, token, body })));
  await fc.assert(
    fc.asyncProperty(call, ({ id, action, token, body }) =>
      checkHostileCall(t, 'POST', `/v1/requests/${id}/actions/${action}`, token, body),
    ),
    { numRuns },
  );
}

/** Broken drafts: each body created as a new draft, or written onto the draft `draftId`, by `token`. */
export async function checkHostileDrafts(
  t: TestApp,
  draftId: string,
  token: string,
  body: fc.Arbitrary<unknown>,
  numRuns = 400,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.record({ body, patch: fc.boolean() }), ({ body: b, patch }) =>
      checkHostileCall(
        t,
        patch ? 'PATCH' : 'POST',
        patch ? `/v1/requests/${draftId}` : '/v1/requests',
        token,
        JSON.stringify(b),
      ),
    ),
    { numRuns },
  );
}

/**
 * The callers of a two-party channel's hostile calls: the operator admin, the requesting side's three
 * roles, the requested side's officer and approver, and a State party to nothing.
 */
export function twoPartyTokens(p: Parties): string[] {
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
