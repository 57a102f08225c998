import type { Api } from '../support/api';
import { type Parties, seedParties } from '../support/parties';
import { DOCUMENTS, offerInStatus } from '../support/spontaneous';
import { dbSnapshot, errorBodyProblems, randomId } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The access matrix of the spontaneous information channel (arts 40, 51), as test/e2e/access-control does
 * it for MLA: every action from every state it applies in, by every caller. Only the side and role of the
 * table may take it; everyone else gets 403 (admin, auditors, a party's wrong role or side) or 404 (a third
 * State, or the receiver before the offer reached it), the same as for a missing id, and nothing changes.
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

interface ActionCase {
  action: string;
  from: string;
  to: string;
  side: 'requesting' | 'requested';
  role: Role;
  payload: () => object;
}

const none = () => ({});
const transmission = () => ({ summary: 'Chat logs', items: DOCUMENTS });
const HELD = ['TRANSMITTED', 'USE_LOGGED'];
const CASES: ActionCase[] = [
  { action: 'offer', from: 'DRAFT', to: 'OFFERED', side: 'requesting', role: 'officer', payload: none },
  {
    action: 'accept-conditions',
    from: 'OFFERED',
    to: 'CONDITIONS_ACCEPTED',
    side: 'requested',
    role: 'approver',
    payload: none,
  },
  {
    action: 'decline-conditions',
    from: 'OFFERED',
    to: 'CONDITIONS_DECLINED',
    side: 'requested',
    role: 'approver',
    payload: () => ({ reasons: 'Cannot comply', unacceptable: [1] }),
  },
  {
    action: 'revise-conditions',
    from: 'CONDITIONS_DECLINED',
    to: 'OFFERED',
    side: 'requesting',
    role: 'approver',
    payload: () => ({ conditions: [{ type: 'CONFIDENTIALITY', text: 'Keep the source secret' }] }),
  },
  {
    action: 'transmit',
    from: 'CONDITIONS_ACCEPTED',
    to: 'TRANSMITTED',
    side: 'requesting',
    role: 'approver',
    payload: transmission,
  },
  {
    action: 'transmit-without-conditions',
    from: 'CONDITIONS_DECLINED',
    to: 'TRANSMITTED',
    side: 'requesting',
    role: 'approver',
    payload: transmission,
  },
  ...['OFFERED', 'CONDITIONS_ACCEPTED', 'CONDITIONS_DECLINED'].map((from): ActionCase => ({
    action: 'cancel',
    from,
    to: 'CANCELLED',
    side: 'requesting',
    role: 'approver',
    payload: () => ({ reasons: 'Own proceedings' }),
  })),
  ...HELD.flatMap((from): ActionCase[] => [
    {
      action: 'log-use',
      from,
      to: 'USE_LOGGED',
      side: 'requested',
      role: 'officer',
      payload: () => ({ use: 'made-request', details: 'An MLA request followed' }),
    },
    {
      action: 'notify-exculpatory-disclosure',
      from,
      to: from,
      side: 'requested',
      role: 'approver',
      payload: () => ({ disclosure: 'A log clears a co-accused' }),
    },
    { action: 'close', from, to: 'CLOSED', side: 'requesting', role: 'officer', payload: none },
  ]),
];

describe('Access control of the spontaneous information channel: every action, every caller', () => {
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

  it('should let the parties read an offer (the receiver once delivered) and nobody else, as for a missing id', async () => {
    const draft = await offerInStatus(p, 'DRAFT');
    const offered = await offerInStatus(p, 'OFFERED');
    const problems: string[] = [];
    for (const [id, delivered] of [
      [draft, false],
      [offered, true],
    ] as const) {
      for (const c of callers) {
        const want = c.admin ? 403 : c.party === 'vnm' || (c.party === 'aut' && delivered) ? 200 : 404;
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
    const channel = (
      res.body as { channel: string; actions: { action: string; from: string[]; actors: unknown[] }[] }[]
    ).find((w) => w.channel === 'spontaneous');
    const table = (channel?.actions ?? [])
      .filter((a) => a.actors.length > 0)
      .flatMap((a) => a.from.map((from) => `${a.action} ${from}`));
    expect(table.sort()).toEqual(CASES.map((c) => `${c.action} ${c.from}`).sort());
  });

  for (const ac of CASES) {
    it(`should let only the ${ac.side} ${ac.role} ${ac.action} from ${ac.from}`, async () => {
      const id = await offerInStatus(p, ac.from);
      const allowedParty: PartyKey = ac.side === 'requesting' ? 'vnm' : 'aut';
      const delivered = ac.from !== 'DRAFT';
      const problems: string[] = [];
      for (const c of callers) {
        if (c.party === allowedParty && c.role === ac.role) {
          continue;
        }
        const partyVisible = c.party === 'vnm' || (c.party === 'aut' && delivered);
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
