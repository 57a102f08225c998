import type { Api } from './api';
import { type Parties, seedParties } from './parties';
import { dbSnapshot, errorBodyProblems, randomId } from './state';
import { startTestApp, type TestApp } from './test-app';

/*
 * A channel's access matrix, as test/e2e/access-control does it for MLA: every user action from every state
 * it applies in, by every caller. Only the side and role of the table may take it; everyone else gets 403
 * (admin, auditors, a party's wrong role or side) or 404 (a third State, or the requested side before the
 * request reached it), the same as for a missing id, and nothing changes. VNM is the requesting side, AUT the
 * requested one, GHA a third State.
 */

type PartyKey = 'vnm' | 'aut' | 'gha';
type Role = 'officer' | 'approver' | 'auditor';

interface Caller {
  key: string;
  api: Api;
  admin?: boolean;
  party?: PartyKey;
  role?: Role;
}

/** One user action from one state, as the spec transcribes the table by hand. */
export interface MatrixCase {
  action: string;
  from: string;
  to: string;
  side: 'requesting' | 'requested';
  role: Role;
  payload: () => object;
  /** How the case reaches `from` when that differs from the state's name (e.g. another type of request). */
  reach?: string;
  /** What makes a conditional action available, done before the callers try it. */
  prepare?: (p: Parties, id: string) => Promise<void>;
}

export interface MatrixOptions {
  channel: string;
  /** A request of the channel in `status`, reached over HTTP (DRAFT: created only). */
  inStatus: (p: Parties, status: string) => Promise<string>;
  /** The first status in which the requested side sees the request. */
  delivered: string;
  cases: readonly MatrixCase[];
}

/** The access-matrix tests of one channel (call it at the top level of an e2e spec). */
export function describeAccessMatrix({ channel, inStatus, delivered, cases }: MatrixOptions): void {
  describe(`Access control of the ${channel} channel: every action, every caller`, () => {
    let t: TestApp;
    let p: Parties;
    let callers: Caller[];

    beforeAll(async () => {
      t = await startTestApp();
      p = await seedParties(t);
      callers = [
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
    });
    afterAll(async () => {
      await t.close();
    });

    it('should let the parties read a request (the requested side once delivered) and nobody else, as for a missing id', async () => {
      const draft = await inStatus(p, 'DRAFT');
      const sent = await inStatus(p, delivered);
      const problems: string[] = [];
      for (const [id, seen] of [
        [draft, false],
        [sent, true],
      ] as const) {
        for (const c of callers) {
          const want = c.admin ? 403 : c.party === 'vnm' || (c.party === 'aut' && seen) ? 200 : 404;
          for (const path of [`/v1/requests/${id}`, `/v1/requests/${id}/history`]) {
            const res = await c.api.get(path);
            if (res.status !== want) {
              problems.push(`${c.key} GET ${path}: ${res.status}, expected ${want}`);
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

    it('should have a case for every user action of the table, from every state it applies in', async () => {
      const res = await p.vnm.auditor.get('/v1/workflows');
      const found = (
        res.body as { channel: string; actions: { action: string; from: string[]; actors: unknown[] }[] }[]
      ).find((w) => w.channel === channel);
      const table = (found?.actions ?? [])
        .filter((a) => a.actors.length > 0)
        .flatMap((a) => a.from.map((from) => `${a.action} ${from}`));
      expect(table.sort()).toEqual(cases.map((c) => `${c.action} ${c.from}`).sort());
    });

    for (const ac of cases) {
      it(`should let only the ${ac.side} ${ac.role} ${ac.action} from ${ac.from}`, async () => {
        const id = await inStatus(p, ac.reach ?? ac.from);
        await ac.prepare?.(p, id);
        const allowedParty: PartyKey = ac.side === 'requesting' ? 'vnm' : 'aut';
        const isDelivered = ac.from !== 'DRAFT';
        const problems: string[] = [];
        for (const c of callers) {
          if (c.party === allowedParty && c.role === ac.role) {
            continue;
          }
          const partyVisible = c.party === 'vnm' || (c.party === 'aut' && isDelivered);
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
      });
    }
  });
}
