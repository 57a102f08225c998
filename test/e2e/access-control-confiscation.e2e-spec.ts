import type { Api } from '../support/api';
import { CONFISCATION_PAYLOADS, confiscationInStatus } from '../support/confiscation';
import { type Parties, seedParties } from '../support/parties';
import { dbSnapshot, errorBodyProblems, randomId } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The access matrix of the confiscation channel (arts 49-52), as test/e2e/access-control does it for MLA:
 * every user action from every state it applies in, by every caller. Only the side and role of the table may
 * take it; everyone else gets 403 (admin, auditors, a party's wrong role or side) or 404 (a third State, or
 * the requested State before the request reached it), the same as for a missing id, and nothing changes.
 * Actions offered only on a condition of the case file are prepared first (an open question, a consultation,
 * the requesting State's reasons, a claim, an enquiry).
 */

type PartyKey = 'vnm' | 'aut' | 'gha';
type Role = 'officer' | 'approver' | 'auditor';
type Side = 'requesting' | 'requested';

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
  /** How the case reaches `from` when that differs from the state's name (a 1b review). */
  reach?: string;
  to: string;
  side: Side;
  role: Role;
}

const HELD = [
  'FROZEN',
  'LIFT_PROPOSED',
  'CONFISCATION_REQUESTED',
  'UNDER_REVIEW',
  'ORDER_OBTAINED',
  'ORDER_RECOGNISED',
  'ENFORCED',
];
const OPEN = ['FREEZE_REQUESTED', ...HELD.filter((s) => s !== 'ENFORCED')];
const IN_HAND = ['FREEZE_REQUESTED', ...HELD, 'DISPOSAL_DECIDED'];
const DECIDING = ['FREEZE_REQUESTED', 'UNDER_REVIEW'];

/** [action, from states, to (same: a side event), side, role], transcribed from DOMAIN.md 4.8 by hand. */
const TABLE: [string, string[], string, Side, Role][] = [
  ['submit', ['DRAFT'], 'FREEZE_REQUESTED', 'requesting', 'officer'],
  ['request-information', DECIDING, 'same', 'requested', 'officer'],
  ['provide-information', DECIDING, 'same', 'requesting', 'officer'],
  ['freeze', ['FREEZE_REQUESTED'], 'FROZEN', 'requested', 'approver'],
  ['open-consultation', DECIDING, 'same', 'requested', 'approver'],
  ['refuse', DECIDING, 'REFUSED', 'requested', 'approver'],
  ['propose-lift', ['FROZEN'], 'LIFT_PROPOSED', 'requested', 'approver'],
  ['argue-against-lift', ['LIFT_PROPOSED'], 'same', 'requesting', 'officer'],
  ['keep-frozen', ['LIFT_PROPOSED'], 'FROZEN', 'requested', 'approver'],
  ['lift', ['LIFT_PROPOSED'], 'LIFTED', 'requested', 'approver'],
  ['request-confiscation', ['FROZEN'], 'CONFISCATION_REQUESTED', 'requesting', 'officer'],
  ['acknowledge', ['CONFISCATION_REQUESTED'], 'UNDER_REVIEW', 'requested', 'officer'],
  ['obtain-order', ['UNDER_REVIEW'], 'ORDER_OBTAINED', 'requested', 'approver'],
  ['recognise-order', ['UNDER_REVIEW'], 'ORDER_RECOGNISED', 'requested', 'approver'],
  ['enforce', ['ORDER_OBTAINED', 'ORDER_RECOGNISED'], 'ENFORCED', 'requested', 'approver'],
  ['decide-disposal', ['ENFORCED'], 'DISPOSAL_DECIDED', 'requested', 'approver'],
  ['close', ['DISPOSAL_DECIDED', 'REFUSED', 'LIFTED'], 'CLOSED', 'requesting', 'officer'],
  ['withdraw', OPEN, 'WITHDRAWN', 'requesting', 'officer'],
  ['record-third-party-claim', HELD, 'same', 'requested', 'officer'],
  ['resolve-third-party-claim', HELD, 'same', 'requested', 'approver'],
  ['query-status', IN_HAND, 'same', 'requesting', 'officer'],
  ['answer-status', IN_HAND, 'same', 'requested', 'officer'],
];
const CASES: ActionCase[] = TABLE.flatMap(([action, froms, to, side, role]) =>
  froms.map((from) => ({
    action,
    from,
    ...(action === 'recognise-order' ? { reach: 'UNDER_REVIEW_1B' } : {}),
    to: to === 'same' ? from : to,
    side,
    role,
  })),
);

/** What makes a conditional action available: [who, action] taken first. */
const PREPARE: Record<string, [PartyKey, 'officer' | 'approver', string]> = {
  'provide-information': ['aut', 'officer', 'request-information'],
  refuse: ['aut', 'approver', 'open-consultation'],
  lift: ['vnm', 'officer', 'argue-against-lift'],
  'resolve-third-party-claim': ['aut', 'officer', 'record-third-party-claim'],
  'answer-status': ['vnm', 'officer', 'query-status'],
};

describe('Access control of the confiscation channel: every action, every caller', () => {
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

  it('should let the parties read a request (the requested State once delivered) and nobody else, as for a missing id', async () => {
    const draft = await confiscationInStatus(p, 'DRAFT');
    const sent = await confiscationInStatus(p, 'FREEZE_REQUESTED');
    const problems: string[] = [];
    for (const [id, delivered] of [
      [draft, false],
      [sent, true],
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
    ).find((w) => w.channel === 'confiscation');
    const table = (channel?.actions ?? [])
      .filter((a) => a.actors.length > 0)
      .flatMap((a) => a.from.map((from) => `${a.action} ${from}`));
    expect(table.sort()).toEqual(CASES.map((c) => `${c.action} ${c.from}`).sort());
  });

  for (const ac of CASES) {
    it(`should let only the ${ac.side} ${ac.role} ${ac.action} from ${ac.from}`, async () => {
      const id = await confiscationInStatus(p, ac.reach ?? ac.from);
      const prepare = PREPARE[ac.action];
      if (prepare) {
        const [party, role, action] = prepare;
        expect((await p[party][role].act(id, action, CONFISCATION_PAYLOADS[action]())).status).toBe(200);
      }
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
        const res = await c.api.act(id, ac.action, CONFISCATION_PAYLOADS[ac.action]());
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
      const res = await allowed.act(id, ac.action, CONFISCATION_PAYLOADS[ac.action](), {
        'If-Match': view.headers.etag,
      });
      expect({ status: res.status, to: res.body.status }).toEqual({ status: 200, to: ac.to });
      expect(res.body.version).toBe(view.body.version + 1);
      expect((await dbSnapshot(t)).audit_events).toBe(before.audit_events + 1);
    });
  }
});
