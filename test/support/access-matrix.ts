import type { Api } from './api';
import type { Party } from './parties';
import { dbSnapshot, errorBodyProblems, randomId } from './state';
import type { TestApp } from './test-app';

/*
 * The access matrix of a channel's table, as test/e2e/access-control does it for MLA: every user action
 * from every state it applies in, by every caller. Only the sides and roles of the row may take it;
 * everybody else gets 403 (the operator admin, auditors, a party's wrong role or side) or 404 (a State
 * party to nothing, or the requested side before delivery), and nothing changes.
 */

export type Role = 'officer' | 'approver' | 'auditor';

export interface Caller {
  key: string;
  api: Api;
  admin?: boolean;
  /** The party's key in the test's parties (vnm, aut...); none for the operator admin. */
  party?: string;
  role?: Role;
}

export interface MatrixCase {
  action: string;
  from: string;
  to: string;
  /** Callers the table lets take it (`party.role`). */
  allowed: string[];
  /** The one of them that takes it once everybody else was refused. */
  by: string;
  payload: () => object;
  /** The state to set up when it differs from `from` (e.g. with an extension proposed). */
  setUp?: string;
  /**
   * The world the case runs in when not the matrix's: e.g. an app without workers, where a request sent
   * stays undelivered (a status the delivery job leaves at once).
   */
  world?: () => MatrixWorld;
}

export interface MatrixWorld {
  t: TestApp;
  callers: Caller[];
  /** Whether the caller's party sees a request of this status (the requested side once delivered). */
  sees(caller: Caller, status: string): boolean;
  reach(status: string): Promise<string>;
  /** Any reader of GET /v1/workflows. */
  reader: Api;
}

/** The operator admin and every role of every named party. */
export function callersOf(admin: Api, parties: Record<string, Party>): Caller[] {
  return [
    { key: 'admin', api: admin, admin: true },
    ...Object.entries(parties).flatMap(([party, p]) =>
      (['officer', 'approver', 'auditor'] as const).map((role) => ({
        key: `${party}.${role}`,
        api: p[role],
        party,
        role,
      })),
    ),
  ];
}

/** The channel's user actions as GET /v1/workflows lists them, once for every state each applies in. */
export async function userActionsOf(
  reader: Api,
  channel: string,
): Promise<{ action: string; from: string }[]> {
  const res = await reader.get('/v1/workflows');
  const found = (
    res.body as { channel: string; actions: { action: string; from: string[]; actors: unknown[] }[] }[]
  ).find((w) => w.channel === channel);
  return (found?.actions ?? [])
    .filter((a) => a.actors.length > 0)
    .flatMap((a) => a.from.map((from) => ({ action: a.action, from })));
}

/**
 * Waits (up to 20 s) until no follow-up work that is due is still unprocessed (a delivery set going by an
 * earlier case's set-up, slower on the PostgreSQL queue backend), so that "nothing changed" is about the
 * refused calls alone. Clocks due later stay pending and change nothing meanwhile; the case's own request is
 * left out (a case may hold it undelivered on purpose, its workers stopped).
 */
async function settledWork(t: TestApp, caseRequestId: string): Promise<void> {
  const until = Date.now() + 20000;
  while (Date.now() < until) {
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL AND run_at <= now() AND request_id <> $1',
      [caseRequestId],
    );
    if (rows[0].n === 0) {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The client of `who` (`party.role`) among the world's callers: the one the case lets take the action. */
function callerApi(w: MatrixWorld, who: string): Api {
  const caller = w.callers.find((c) => c.key === who);
  if (!caller) {
    throw new Error(`${who} is not one of the matrix's callers`);
  }
  return caller.api;
}

/** Registers the matrix's tests in the current describe block; `world` is ready once beforeAll ran. */
export function accessMatrix(channel: string, cases: MatrixCase[], world: () => MatrixWorld): void {
  it('should have a case for every user action of the table, from every state it applies in', async () => {
    const table = (await userActionsOf(world().reader, channel)).map((a) => `${a.action} ${a.from}`);
    expect(table.sort()).toEqual([...new Set(cases.map((c) => `${c.action} ${c.from}`))].sort());
  });

  for (const ac of cases) {
    it(`should let only ${ac.allowed.join(', ')} ${ac.action} from ${ac.setUp ?? ac.from}`, async () => {
      const w = ac.world?.() ?? world();
      const id = await w.reach(ac.setUp ?? ac.from);
      await settledWork(w.t, id);
      const problems: string[] = [];
      for (const c of w.callers) {
        if (ac.allowed.includes(c.key)) {
          continue;
        }
        const visible = !c.admin && w.sees(c, ac.from);
        const want = c.admin || c.role === 'auditor' || visible ? 403 : 404;
        const before = await dbSnapshot(w.t);
        const res = await c.api.act(id, ac.action, ac.payload());
        const after = await dbSnapshot(w.t);
        if (res.status !== want) {
          problems.push(`${c.key}: got ${res.status} ${JSON.stringify(res.body?.code)}, expected ${want}`);
        }
        problems.push(...errorBodyProblems(res).map((x) => `${c.key}: ${x}`));
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          problems.push(`${c.key}: the database changed`);
        }
        if (visible) {
          const view = await c.api.get(`/v1/requests/${id}`);
          if (view.body?.availableActions?.includes(ac.action)) {
            problems.push(`${c.key}: ${ac.action} listed in availableActions`);
          }
        }
      }
      expect(problems).toEqual([]);

      const allowed = callerApi(w, ac.by);
      const view = await allowed.get(`/v1/requests/${id}`);
      expect(view.body.status).toBe(ac.from);
      expect(view.body.availableActions).toContain(ac.action);
      const before = await dbSnapshot(w.t);
      const res = await allowed.act(id, ac.action, ac.payload(), { 'If-Match': view.headers.etag });
      expect({ status: res.status, to: res.body.status }).toEqual({ status: 200, to: ac.to });
      expect(res.body.version).toBe(view.body.version + 1);
      expect((await dbSnapshot(w.t)).audit_events).toBe(before.audit_events + 1);
    });
  }
}

/**
 * Registers the read check: in each of `statuses`, the request, its history and its clocks are read by the
 * parties that may see it (`world.sees`) and by nobody else: 403 for the operator admin, 404 for the rest,
 * answered as for a missing id.
 */
export function readMatrix(statuses: string[], world: () => MatrixWorld): void {
  it(`should let the parties read a request (${statuses.join(', ')}) and nobody else, as for a missing id`, async () => {
    const w = world();
    const problems: string[] = [];
    for (const status of statuses) {
      const id = await w.reach(status);
      for (const c of w.callers) {
        const want = c.admin ? 403 : w.sees(c, status) ? 200 : 404;
        for (const path of [
          `/v1/requests/${id}`,
          `/v1/requests/${id}/history`,
          `/v1/requests/${id}/timers`,
        ]) {
          const res = await c.api.get(path);
          if (res.status !== want) {
            problems.push(`${c.key} GET ${path} in ${status}: ${res.status}, expected ${want}`);
          }
          if (want === 404) {
            const missing = await c.api.get(path.replace(id, randomId()));
            if (
              JSON.stringify([missing.status, missing.body.code]) !== JSON.stringify([404, res.body.code])
            ) {
              problems.push(`${c.key} GET ${path}: 404 differs from a missing id`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
}
