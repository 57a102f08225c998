import { randomBytes, randomUUID } from 'node:crypto';
import type { Api, ApiResponse } from './api';
import { deliveredRequest, mlaBody, type Parties } from './parties';
import type { TestApp } from './test-app';

/** What a rejected call must leave untouched: row counts, and every request's version and status. */
export interface DbSnapshot {
  cooperation_requests: number;
  audit_events: number;
  authorities: number;
  users: number;
  api_tokens: number;
  revoked_tokens: number;
  outbox: number;
  requests: Record<string, string>;
}

export async function dbSnapshot(t: TestApp): Promise<DbSnapshot> {
  const { rows } = await t.db.query<DbSnapshot>(`
    SELECT
      (SELECT count(*)::int FROM cooperation_requests) AS cooperation_requests,
      (SELECT count(*)::int FROM audit_events) AS audit_events,
      (SELECT count(*)::int FROM authorities) AS authorities,
      (SELECT count(*)::int FROM users) AS users,
      (SELECT count(*)::int FROM api_tokens) AS api_tokens,
      (SELECT count(*)::int FROM api_tokens WHERE revoked_at IS NOT NULL) AS revoked_tokens,
      (SELECT count(*)::int FROM outbox) AS outbox,
      (SELECT coalesce(json_object_agg(id, version || ' ' || status), '{}'::json)
         FROM cooperation_requests) AS requests`);
  return rows[0];
}

/** How many events of `action` the request's history holds, straight from the database. */
export async function dbEventCount(t: TestApp, id: string, action: string): Promise<number> {
  const { rows } = await t.db.query<{ count: string }>(
    'SELECT count(*) FROM audit_events WHERE request_id = $1 AND action = $2',
    [id, action],
  );
  return Number(rows[0].count);
}

/** The version and status of one request, straight from the database. */
export async function dbRequest(t: TestApp, id: string): Promise<{ version: number; status: string } | null> {
  const { rows } = await t.db.query<{ version: number; status: string }>(
    'SELECT version, status FROM cooperation_requests WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}

export function unknownToken(): string {
  return `ccr_${randomBytes(32).toString('base64url')}`;
}

export function randomId(): string {
  return randomUUID();
}

/** The error body contract of API.md: statusCode, error, message, code; details when present. */
export function errorBodyProblems(res: ApiResponse): string[] {
  const b = res.body as Record<string, unknown> | undefined;
  const problems: string[] = [];
  if (res.status < 400) {
    return [`not an error response: ${res.status}`];
  }
  if (res.status >= 500) {
    problems.push(`server error ${res.status}`);
  }
  if (!b || typeof b !== 'object') {
    return [...problems, 'no JSON error body'];
  }
  if (b.statusCode !== res.status) {
    problems.push(`statusCode ${String(b.statusCode)} != ${res.status}`);
  }
  for (const key of ['error', 'message', 'code']) {
    if (typeof b[key] !== 'string' || b[key] === '') {
      problems.push(`missing ${key}`);
    }
  }
  return problems;
}

/** Field names of a 400's details. */
export function fieldsOf(res: ApiResponse): string[] {
  const details: unknown = res.body?.details;
  return Array.isArray(details) ? details.map((d: { field?: unknown }) => String(d.field)) : [];
}

type Role = 'officer' | 'approver' | 'auditor';
export type Who = `${'vnm' | 'aut'}.${Role}`;
export type Step = [status: string, from: string, who: Who, action: string, payload: () => object];

const inAnHour = (): string => new Date(Date.now() + 3600_000).toISOString();

/**
 * How to reach each status of the MLA review (DOMAIN.md 4.1 up to ACCEPTED, shared by the channels that use
 * it: VNM requesting, AUT requested): the previous status and the step.
 */
export const REVIEW_STEPS: Step[] = [
  ['UNDER_REVIEW', 'RECEIVED', 'aut.officer', 'acknowledge', () => ({})],
  [
    'INFO_REQUESTED',
    'UNDER_REVIEW',
    'aut.officer',
    'request-information',
    () => ({ questions: 'Which period?' }),
  ],
  [
    'CONSULTATION',
    'UNDER_REVIEW',
    'aut.approver',
    'open-consultation',
    () => ({ intendedOutcome: 'refuse', reasons: 'Essential interests may be harmed' }),
  ],
  [
    'CONDITIONS_PROPOSED',
    'UNDER_REVIEW',
    'aut.approver',
    'propose-conditions',
    () => ({ conditions: [{ type: 'USE_LIMIT', text: 'Only for this case' }] }),
  ],
  ['ACCEPTED', 'UNDER_REVIEW', 'aut.approver', 'accept', () => ({})],
  [
    'POSTPONED',
    'UNDER_REVIEW',
    'aut.approver',
    'postpone',
    () => ({ reasons: 'Own case', until: inAnHour() }),
  ],
  [
    'REFUSED',
    'CONSULTATION',
    'aut.approver',
    'refuse',
    () => ({ grounds: ['ESSENTIAL_INTERESTS'], reasons: 'Sovereignty' }),
  ],
  ['WITHDRAWN', 'RECEIVED', 'vnm.officer', 'withdraw', () => ({ reasons: 'No longer needed' })],
];

/** How to reach each MLA status: the review, then execution. */
const STEPS: Step[] = [
  ...REVIEW_STEPS,
  ['IN_EXECUTION', 'ACCEPTED', 'aut.officer', 'start-execution', () => ({})],
  [
    'PARTIALLY_EXECUTED',
    'IN_EXECUTION',
    'aut.approver',
    'transmit-results',
    () => ({ final: false, summary: 'Part', items: [{ name: 'a.pdf', sha256: 'a'.repeat(64) }] }),
  ],
  [
    'EXECUTED',
    'IN_EXECUTION',
    'aut.approver',
    'transmit-results',
    () => ({ final: true, summary: 'All', items: [{ name: 'b.pdf', sha256: 'b'.repeat(64) }] }),
  ],
  ['CLOSED', 'EXECUTED', 'vnm.officer', 'confirm-receipt', () => ({})],
];

export function clientOf(p: Parties, who: Who): Api {
  const [party, role] = who.split('.') as ['vnm' | 'aut', Role];
  return p[party][role];
}

/**
 * A VNM -> AUT MLA request in the given status, reached through the API by the actors of the table.
 * DRAFT is created only; RECEIVED and later are delivered first (waits for the queue).
 */
export async function requestInStatus(p: Parties, status: string): Promise<string> {
  if (status === 'DRAFT') {
    const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    if (created.status !== 201) {
      throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    }
    return created.body.id as string;
  }
  if (status === 'RECEIVED') {
    return deliveredRequest(p);
  }
  const step = STEPS.find(([s]) => s === status);
  if (!step) {
    throw new Error(`No path to ${status}`);
  }
  const [, from, who, action, payload] = step;
  const id = await requestInStatus(p, from);
  const res = await clientOf(p, who).act(id, action, payload());
  if (res.status !== 200 || res.body.status !== status) {
    throw new Error(`${action} towards ${status} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return id;
}
