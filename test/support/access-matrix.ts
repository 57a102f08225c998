import type { Api } from './api';
import type { Parties } from './parties';
import { dbSnapshot, errorBodyProblems } from './state';
import type { TestApp } from './test-app';

/*
 * The pieces of a channel's access matrix (every action from every state it applies in, by every caller):
 * the callers, and the check that everyone but the allowed callers is refused with nothing changed.
 */

export type PartyKey = 'vnm' | 'aut' | 'gha';
export type Role = 'officer' | 'approver' | 'auditor';

export interface Caller {
  key: string;
  api: Api;
  admin?: boolean;
  party?: PartyKey;
  role?: Role;
}

/** The admin, and an officer, an approver and an auditor of each of the three States. */
export function matrixCallers(p: Parties): Caller[] {
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

export interface RefusalCheck {
  id: string;
  action: string;
  payload: () => object;
  /** `party.role` keys allowed to take the action; they are skipped. */
  allowed: readonly string[];
  /** The requested State (AUT) sees the request (it was delivered). */
  delivered: boolean;
  /**
   * Callers for whom the action may still be listed in availableActions although a guard refuses it with
   * 403 (the table lets both sides' officers; which side may is in the case file, read by the guard).
   */
  listedButGuarded?: readonly string[];
}

/**
 * Every caller but the allowed ones takes the action: 403 (admin, auditors, a party's wrong role or side)
 * or 404 (a third State, or the requested State before delivery), the database unchanged, and the action
 * not offered to them. Returns the problems found.
 */
export async function othersRefused(
  t: TestApp,
  callers: readonly Caller[],
  c: RefusalCheck,
): Promise<string[]> {
  const problems: string[] = [];
  for (const caller of callers) {
    if (c.allowed.includes(caller.key)) {
      continue;
    }
    const partyVisible = caller.party === 'vnm' || (caller.party === 'aut' && c.delivered);
    const want = caller.admin || caller.role === 'auditor' ? 403 : partyVisible ? 403 : 404;
    const before = await dbSnapshot(t);
    const res = await caller.api.act(c.id, c.action, c.payload());
    const after = await dbSnapshot(t);
    if (res.status !== want) {
      problems.push(`${caller.key}: got ${res.status} ${JSON.stringify(res.body?.code)}, expected ${want}`);
    }
    problems.push(...errorBodyProblems(res).map((x) => `${caller.key}: ${x}`));
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      problems.push(`${caller.key}: the database changed`);
    }
    if (partyVisible && !c.listedButGuarded?.includes(caller.key)) {
      const view = await caller.api.get(`/v1/requests/${c.id}`);
      if (view.body?.availableActions?.includes(c.action)) {
        problems.push(`${caller.key}: ${c.action} listed in availableActions`);
      }
    }
  }
  return problems;
}
