import type { Api } from './api';
import type { Parties } from './parties';
import { dbSnapshot, errorBodyProblems, randomId } from './state';
import type { TestApp } from './test-app';

/*
 * The access matrix of a channel's actions (test/e2e/access-control*.e2e-spec.ts): for one action in one
 * state, every caller but the allowed side and role is refused (403, or 404 where the request is not
 * theirs to see, as for a missing id) and nothing changes; then the allowed caller takes it.
 */

export type PartyKey = 'vnm' | 'aut' | 'gha';
export type MatrixRole = 'officer' | 'approver' | 'auditor';

export interface MatrixCaller {
  key: string;
  api: Api;
  admin?: boolean;
  party?: PartyKey;
  role?: MatrixRole;
}

export interface MatrixCase {
  action: string;
  from: string;
  to: string;
  side: 'requesting' | 'requested';
  role: MatrixRole;
  payload: () => object;
}

/** The operator admin and every role of the three States (VNM requesting, AUT requested, GHA a third). */
export function matrixCallers(p: Parties): MatrixCaller[] {
  return [
    { key: 'admin', api: p.admin, admin: true },
    ...(['vnm', 'aut', 'gha'] as const).flatMap((party) =>
      (['officer', 'approver', 'auditor'] as const).map((role) => ({
        key: `${party}.${role}`,
        api: p[party][role],
        party,
        role,
      })),
    ),
  ];
}

/** `action from` of every user action of the channel's table in GET /v1/workflows. */
export async function userActionsOfTable(p: Parties, channel: string): Promise<string[]> {
  const res = await p.vnm.auditor.get('/v1/workflows');
  const table = (
    res.body as { channel: string; actions: { action: string; from: string[]; actors: unknown[] }[] }[]
  ).find((w) => w.channel === channel);
  return (table?.actions ?? [])
    .filter((a) => a.actors.length > 0)
    .flatMap((a) => a.from.map((from) => `${a.action} ${from}`));
}

/**
 * The parties read each request (the requested State once it was delivered: `delivered`) on every path, and
 * nobody else: admin 403, a third State 404 with the body of a missing id. Returns what differs.
 */
export async function readProblems(
  callers: readonly MatrixCaller[],
  requests: readonly (readonly [id: string, delivered: boolean])[],
  paths: (id: string) => string[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const [id, delivered] of requests) {
    for (const c of callers) {
      const want = c.admin ? 403 : c.party === 'vnm' || (c.party === 'aut' && delivered) ? 200 : 404;
      for (const path of paths(id)) {
        const res = await c.api.get(path);
        if (res.status !== want) {
          problems.push(`${c.key} GET ${path}: ${res.status}, expected ${want}`);
        }
        if (want === 404) {
          const missing = await c.api.get(path.replace(id, randomId()));
          if (JSON.stringify([missing.status, missing.body.code]) !== JSON.stringify([404, res.body.code])) {
            problems.push(`${c.key} GET ${path}: 404 differs from a missing id`);
          }
        }
      }
    }
  }
  return problems;
}

/**
 * Request `id` is in `ac.from`. Every caller but the allowed ones (the case's side and role, and the keys of
 * `alsoAllowed`) is refused without a change and is not offered the action; then the allowed side's user
 * of the case's role takes it, conditionally on the version it read: one event, the expected status.
 */
export async function expectOnlyAllowed(
  t: TestApp,
  p: Parties,
  callers: readonly MatrixCaller[],
  ac: MatrixCase,
  id: string,
  alsoAllowed: readonly string[] = [],
): Promise<void> {
  const allowedParty: PartyKey = ac.side === 'requesting' ? 'vnm' : 'aut';
  const delivered = ac.from !== 'DRAFT';
  const problems: string[] = [];
  for (const c of callers) {
    if ((c.party === allowedParty && c.role === ac.role) || alsoAllowed.includes(c.key)) {
      continue;
    }
    const partyVisible = c.party === 'vnm' || (c.party === 'aut' && delivered);
    // The role gate (officer/approver) comes first and reveals nothing; then visibility; then side/role.
    const want = c.admin || c.role === 'auditor' ? 403 : partyVisible ? 403 : 404;
    const before = await dbSnapshot(t);
    const res = await c.api.act(id, ac.action, ac.payload());
    const after = await dbSnapshot(t);
    if (res.status !== want) {
      problems.push(`${c.key}: got ${res.status} ${JSON.stringify(res.body?.code)}, expected ${want}`);
    }
    problems.push(...errorBodyProblems(res).map((x) => `${c.key}: ${x}`));
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      problems.push(`${c.key}: the database changed`);
    }
    if (partyVisible) {
      const view = await c.api.get(`/v1/requests/${id}`);
      if (view.body?.availableActions?.includes(ac.action)) {
        problems.push(`${c.key}: ${ac.action} listed in availableActions`);
      }
    }
  }
  expect(problems).toEqual([]);

  const allowed = p[allowedParty][ac.role as 'officer' | 'approver'];
  const view = await allowed.get(`/v1/requests/${id}`);
  expect(view.body.status).toBe(ac.from);
  expect(view.body.availableActions).toContain(ac.action);
  const before = await dbSnapshot(t);
  const res = await allowed.act(id, ac.action, ac.payload(), { 'If-Match': view.headers.etag });
  expect({ status: res.status, to: res.body.status }).toEqual({ status: 200, to: ac.to });
  expect(res.body.version).toBe(view.body.version + 1);
  expect((await dbSnapshot(t)).audit_events).toBe(before.audit_events + 1);
}
