import { Client } from 'pg';

/**
 * Fills a migrated scratch database with `requests` closed MLA requests of ten events each, between
 * `authorities` authorities, in bulk SQL (generate_series). Every event is hashed in SQL exactly as
 * computeEventHash does (SHA-256 of the canonical JSON, keys sorted) and chained to the previous one, so
 * the engine's verifiers must find the log valid.
 */
export async function seedAuditLog(
  url: string,
  requests: number,
  authorities: number,
): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO authorities (code, name, country, kind, languages)
       SELECT 'BENCH-' || n, 'Bench authority ' || n, chr(65 + n / 26 % 26) || chr(65 + n % 26) || 'X', 'central', '{en}'
         FROM generate_series(0, $1 - 1) AS n`,
      [authorities],
    );
    await c.query(
      `INSERT INTO users (authority_id, name, roles)
       SELECT id, 'Officer of ' || code, '{officer,approver}' FROM authorities`,
    );
    // One row per request: its parties, users, reference and a start time (whole milliseconds).
    await c.query(
      `CREATE UNLOGGED TABLE bench_req AS
       WITH a AS (SELECT row_number() OVER (ORDER BY code) - 1 AS k, id FROM authorities),
            u AS (SELECT authority_id, id FROM users)
       SELECT n, gen_random_uuid() AS id, ra.id AS requesting, qa.id AS requested, ru.id AS requesting_user,
              qu.id AS requested_user, 'BENCH-' || n AS reference,
              -- Spread over 2025, in whole milliseconds.
              1735689600000::bigint + (n::bigint * 7919 * 1000 % 31536000000) AS t0
         FROM generate_series(1, $1) AS n
         JOIN a ra ON ra.k = n % $2
         -- Another authority: an offset of 1 to $2 - 1.
         JOIN a qa ON qa.k = (n % $2 + 1 + (n / $2) % ($2 - 1)) % $2
         JOIN u ru ON ru.authority_id = ra.id
         JOIN u qu ON qu.authority_id = qa.id`,
      [requests, authorities],
    );
    await c.query(
      `INSERT INTO cooperation_requests (id, reference, channel, status, version, requesting_authority_id,
         requested_authority_id, created_by_user_id, urgency, language, subject, proceeding_type, offences,
         facts_summary, assistance_sought, purpose, persons_concerned, confidential, suggested_deadline,
         deadline_reason, details, case_data, created_at, updated_at, submitted_at, delivered_at)
       SELECT id, reference, 'mla', 'CLOSED', 10, requesting, requested, requesting_user, 'normal', 'en',
              'Bench request ' || n, 'investigation', '[]', 'Facts', 'Logs', 'Purpose', '[]', false,
              CASE WHEN n % 4 = 0 THEN ${at('t0 + 20 * 86400000')} END,
              CASE WHEN n % 4 = 0 THEN 'Trial' END,
              '{}', '{}', ${at('t0')}, ${at('t0')}, ${at(`t0 + ${OFFSETS[1]}`)}, ${at(`t0 + ${OFFSETS[2]}`)}
         FROM bench_req`,
    );
    // The indexes of audit_events other than its keys are built once, after the load.
    const { rows: indexes } = await c.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
        WHERE tablename = 'audit_events' AND indexname NOT IN (
          SELECT conname FROM pg_constraint WHERE conrelid = 'audit_events'::regclass)`,
    );
    for (const index of indexes) {
      await c.query(`DROP INDEX "${index.name}"`);
    }
    for (const [i, step] of STEPS.entries()) {
      await c.query(eventInsert(i + 1, step));
    }
    for (const index of indexes) {
      await c.query(index.def);
    }
    await c.query('DROP TABLE bench_req');
    await c.query('VACUUM ANALYZE');
    const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
    return { events: rows[0].n, seconds: (performance.now() - started) / 1000 };
  } finally {
    await c.end();
  }
}

interface Step {
  action: string;
  from: string | null;
  to: string;
  /** Who acts: the requesting side's user, the requested side's, or the engine. */
  by: 'requesting' | 'requested' | 'system';
  /** Canonical JSON of the payload (keys sorted), as SQL. */
  payload: string;
}

/** An MLA request from draft to closure: the lifecycle table's path, ten events. */
const STEPS: Step[] = [
  {
    action: 'create',
    from: null,
    to: 'DRAFT',
    by: 'requesting',
    payload: `'{"reference":' || to_json(b.reference)::text || '}'`,
  },
  { action: 'submit', from: 'DRAFT', to: 'SUBMITTED', by: 'requesting', payload: `'{}'` },
  { action: 'deliver', from: 'SUBMITTED', to: 'RECEIVED', by: 'system', payload: `'{}'` },
  { action: 'acknowledge', from: 'RECEIVED', to: 'UNDER_REVIEW', by: 'requested', payload: `'{}'` },
  {
    action: 'request-information',
    from: 'UNDER_REVIEW',
    to: 'INFO_REQUESTED',
    by: 'requested',
    payload: `'{"questions":"Which period?"}'`,
  },
  {
    action: 'provide-information',
    from: 'INFO_REQUESTED',
    to: 'UNDER_REVIEW',
    by: 'requesting',
    payload: `'{"answers":"14-16 March"}'`,
  },
  { action: 'accept', from: 'UNDER_REVIEW', to: 'ACCEPTED', by: 'requested', payload: `'{}'` },
  { action: 'start-execution', from: 'ACCEPTED', to: 'IN_EXECUTION', by: 'requested', payload: `'{}'` },
  {
    action: 'transmit-results',
    from: 'IN_EXECUTION',
    to: 'EXECUTED',
    by: 'requested',
    payload: `'{"final":true,"items":[{"name":"logs.zip","sha256":"${'ab'.repeat(32)}"}],"summary":"Logs"}'`,
  },
  { action: 'confirm-receipt', from: 'EXECUTED', to: 'CLOSED', by: 'requesting', payload: `'{}'` },
];

/** Milliseconds after the request's start at which each event happens (days to weeks apart). */
const OFFSETS = [
  0, 3_600_000, 3_601_250, 90_000_000, 180_000_000, 400_000_000, 700_000_000, 800_000_000, 1_500_000_000,
  1_600_000_000,
];

/** A time from epoch milliseconds, exactly (integer arithmetic, no float rounding). */
const at = (ms: string): string => `('1970-01-01Z'::timestamptz + (${ms}) * interval '1 millisecond')`;

const sqlText = (s: string | null): string => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
const jsonOrNull = (expr: string): string => `coalesce(to_json(${expr})::text, 'null')`;

/** The INSERT of every request's event number `seq`, chained to its event seq - 1. */
function eventInsert(seq: number, s: Step): string {
  const userId = s.by === 'system' ? 'NULL::uuid' : `b.${s.by}_user`;
  const authorityId = s.by === 'system' ? 'NULL::uuid' : `b.${s.by}`;
  const prevHash = seq === 1 ? 'NULL::char(64)' : 'p.hash';
  const occurred = at(`b.t0 + ${OFFSETS[seq - 1]}`);
  // computeEventHash's canonical JSON: keys in code-unit order, no whitespace, ISO times in UTC.
  const canonical = `'{"action":' || to_json(${sqlText(s.action)}::text)::text
    || ',"actorAuthorityId":' || ${jsonOrNull(authorityId)}
    || ',"actorType":' || to_json(${sqlText(s.by === 'system' ? 'system' : 'user')}::text)::text
    || ',"actorUserId":' || ${jsonOrNull(userId)}
    || ',"fromStatus":' || ${jsonOrNull(`${sqlText(s.from)}::text`)}
    || ',"occurredAt":"' || to_char(${occurred} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'
    || ',"payload":' || ${s.payload}
    || ',"prevHash":' || ${jsonOrNull(prevHash)}
    || ',"requestId":"' || b.id || '"'
    || ',"seq":${seq}'
    || ',"toStatus":' || to_json(${sqlText(s.to)}::text)::text
    || ',"v":1}'`;
  return `INSERT INTO audit_events (request_id, seq, action, from_status, to_status, actor_type, actor_user_id,
            actor_authority_id, payload, occurred_at, prev_hash, hash)
          SELECT b.id, ${seq}, ${sqlText(s.action)}, ${sqlText(s.from)}, ${sqlText(s.to)},
                 ${sqlText(s.by === 'system' ? 'system' : 'user')}, ${userId}, ${authorityId},
                 (${s.payload})::jsonb, ${occurred}, ${prevHash},
                 encode(sha256(convert_to(${canonical}, 'UTF8')), 'hex')
            FROM bench_req b
            ${seq === 1 ? '' : `JOIN audit_events p ON p.request_id = b.id AND p.seq = ${seq - 1}`}
           ORDER BY b.n`;
}
