import fc from 'fast-check';
import request from 'supertest';
import type { ApiResponse } from './api';
import { dbSnapshot, errorBodyProblems } from './state';
import type { TestApp } from './test-app';

/*
 * The pieces of a channel's hostile-input test (as hostile-input.e2e-spec does for every route): valid
 * bodies with one field broken, removed or added, random JSON and malformed text, and the check that the
 * answer is never a 5xx, every 4xx names its problem and a refused call changes nothing.
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

/** A raw body for `action`: its valid body mutated, none, or malformed text. */
export const rawBodyFor = (
  valid: Record<string, Record<string, unknown>>,
  action: string,
): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: mutated(valid[action] ?? {}).map((v) => JSON.stringify(v)) },
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

/** Sends raw text (malformed JSON included) with a bearer token, and checks the answer; throws on a problem. */
export function hostileChecker(
  t: TestApp,
): (method: string, path: string, token: string, body: string | undefined) => Promise<void> {
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

  return async function check(
    method: string,
    path: string,
    token: string,
    body: string | undefined,
  ): Promise<void> {
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
  };
}
