import type { AuditEvent } from './history/audit-event.entity';
import type { ColumnValue } from './entity-columns';

/**
 * The SQL of the transition hot path. A change is one statement: the request UPDATE (conditional on the
 * version the decision was made on), its audit event and its outbox rows, so that a transition costs one
 * round trip to write (plus BEGIN/COMMIT where a row lock is held for other reasons).
 */

/** What a change's answer lists about the requests that follow a request up (e.g. MLA after preservation). */
export interface FollowUpSummary {
  id: string;
  reference: string;
  channel: string;
  status: string;
  requestingAuthorityId: string;
  requestedAuthorityId: string;
  additionalPartyIds: string[];
  deliveredAt: Date | null;
}

/**
 * Selects a request (`r.*`) with what a change needs: the hash its next event chains to (the event whose
 * seq is the version), whether every hook is idle for it, and its follow-ups. Never with FOR UPDATE: after
 * waiting for a lock, the row would be the newest but the subqueries would still see the statement's
 * older snapshot (a stale last hash); lockers lock in a statement of their own first.
 */
export function readRequestSql(hooksIdle: string): string {
  return `SELECT ${snapshotColumns(hooksIdle)} FROM cooperation_requests r WHERE r.id = $1`;
}

/**
 * An outbox row ($1; its columns as given by `outboxColumns`, alias `o`) with the snapshot of the request
 * its job acts on (all null when that request is gone) and the channel of the request that scheduled it.
 */
export function readJobSql(hooksIdle: string, outboxColumns: string): string {
  return `SELECT ${snapshotColumns(hooksIdle)}, ${outboxColumns}, s.channel AS source_channel
  FROM outbox o
  LEFT JOIN cooperation_requests r ON r.id = o.request_id
  LEFT JOIN cooperation_requests s ON s.id = o.source_request_id
 WHERE o.id = $1`;
}

function snapshotColumns(hooksIdle: string): string {
  return `r.*,
       (SELECT e.hash FROM audit_events e WHERE e.request_id = r.id AND e.seq = r.version) AS last_hash,
       (${hooksIdle}) AS hooks_idle,
       (SELECT coalesce(json_agg(json_build_object(
                 'id', f.id, 'reference', f.reference, 'channel', f.channel, 'status', f.status,
                 'requestingAuthorityId', f.requesting_authority_id,
                 'requestedAuthorityId', f.requested_authority_id,
                 'additionalPartyIds', f.additional_party_ids, 'deliveredAt', f.delivered_at)
               ORDER BY f.created_at, f.id), '[]'::json)
          FROM cooperation_requests f WHERE f.follows_up_request_id = r.id) AS follow_ups`;
}

export function followUpsFrom(json: unknown): FollowUpSummary[] {
  return (json as (Omit<FollowUpSummary, 'deliveredAt'> & { deliveredAt: string | null })[]).map((f) => ({
    ...f,
    deliveredAt: f.deliveredAt === null ? null : new Date(f.deliveredAt),
  }));
}

/** An outbox row as the write statement inserts it. */
export interface OutboxRow {
  requestId: string;
  sourceRequestId: string;
  kind: string;
  label: string | null;
  basis: string | null;
  queue: string;
  jobName: string;
  jobId: string;
  transitionSeq: number;
  payload: Record<string, unknown>;
  priority: number;
  runAt: Date;
}

export interface WriteSpec {
  requestId: string;
  fromVersion: number;
  /** Changed columns, version and updated_at included. */
  columns: ColumnValue[];
  event: Omit<AuditEvent, 'id'>;
  outbox: OutboxRow[];
  /** Extra SQL conditions on `r` for the UPDATE (the optimistic path: hooks still idle). */
  conditions: string[];
  /** The advisory lock every event append holds shared (checkpoints take it exclusively). */
  fenceLock: number;
  /** The outbox row whose job this change is; marked applied in the same statement if still undone. */
  consumes?: { outboxId: string; at: Date };
}

/**
 * One statement: UPDATE the request if it is still at `fromVersion` (and, for a job, its outbox row is still
 * undone), then (only if it was updated) take the append fence, insert the event and the outbox rows, and
 * mark the job's outbox row applied. Returns
 * `event_id` (null when the version moved on: nothing was written) and the new outbox rows' ids.
 * The fence is taken after the row lock, like every appender, so the two locks never wait on each other
 * in opposite orders.
 */
export function writeChangeSql(spec: WriteSpec): { sql: string; params: unknown[] } {
  const params: unknown[] = [spec.requestId, spec.fromVersion];
  const p = (value: unknown, cast: string): string => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const sets = spec.columns.map((c) => `${c.column} = ${p(c.value, c.cast)}`).join(', ');
  const conditions = spec.conditions.map((c) => ` AND (${c})`).join('');
  const e = spec.event;
  const eventValues = [
    p(e.seq, 'int'),
    p(e.action, 'text'),
    p(e.fromStatus, 'text'),
    p(e.toStatus, 'text'),
    p(e.actorType, 'text'),
    p(e.actorUserId, 'uuid'),
    p(e.actorAuthorityId, 'uuid'),
    p(JSON.stringify(e.payload), 'jsonb'),
    p(e.occurredAt, 'timestamptz'),
    p(e.prevHash, 'text'),
    p(e.hash, 'text'),
  ].join(', ');
  const fence = p(spec.fenceLock, 'bigint');
  const outbox = p(JSON.stringify(spec.outbox), 'jsonb');
  // A job's change: its outbox row is locked first and must still be undone; marked applied only with
  // the request's UPDATE, so a job runs at most once even when two workers race for it.
  const job = spec.consumes
    ? {
        before: `job AS (
  SELECT id FROM outbox WHERE id = ${p(spec.consumes.outboxId, 'bigint')} AND processed_at IS NULL FOR UPDATE
), `,
        condition: ' AND EXISTS (SELECT 1 FROM job)',
        after: `, done AS (
  UPDATE outbox SET processed_at = ${p(spec.consumes.at, 'timestamptz')}, outcome = 'applied',
         attempts = attempts + 1, last_error = NULL
   WHERE id IN (SELECT id FROM job) AND EXISTS (SELECT 1 FROM req))`,
      }
    : { before: '', condition: '', after: '' };
  const sql = `WITH ${job.before}req AS (
  UPDATE cooperation_requests r SET ${sets}
   WHERE r.id = $1 AND r.version = $2${conditions}${job.condition}
  RETURNING r.id
), fenced AS (
  SELECT id FROM req WHERE pg_advisory_xact_lock_shared(${fence}) IS NOT NULL
), ev AS (
  INSERT INTO audit_events (request_id, seq, action, from_status, to_status, actor_type, actor_user_id,
                            actor_authority_id, payload, occurred_at, prev_hash, hash)
  SELECT id, ${eventValues} FROM fenced
  RETURNING id
), ob AS (${insertOutboxSql(outbox, 'CROSS JOIN req')})${job.after}
SELECT (SELECT id::text FROM ev) AS event_id,
       (SELECT coalesce(json_agg(json_build_object('id', id::text, 'jobId', job_id)), '[]'::json) FROM ob)
         AS outbox`;
  return { sql, params };
}

/** Inserts outbox rows given as a JSON array of OutboxRow; `join` may make it conditional. */
export function insertOutboxSql(rowsParam: string, join = ''): string {
  return `
  INSERT INTO outbox (request_id, source_request_id, kind, label, basis, queue, job_name, job_id,
                      transition_seq, payload, priority, run_at, attempts)
  SELECT x."requestId", x."sourceRequestId", x.kind, x.label, x.basis, x.queue, x."jobName", x."jobId",
         x."transitionSeq", x.payload, x.priority, x."runAt", 0
    FROM jsonb_to_recordset(${rowsParam}) AS x("requestId" uuid, "sourceRequestId" uuid, kind text,
         label text, basis text, queue text, "jobName" text, "jobId" text, "transitionSeq" int,
         payload jsonb, priority int, "runAt" timestamptz) ${join}
  RETURNING id, job_id`;
}

/**
 * A job whose occasion has passed: its outbox row is marked skipped if still undone and the request still
 * at the version the decision was made on ($4; null when the caller holds both rows' locks). Returns the
 * row's id, or nothing (then decide on locked rows).
 */
export const SKIP_JOB_SQL = `UPDATE outbox SET processed_at = $2, outcome = 'skipped', attempts = attempts + 1,
       last_error = NULL
 WHERE id = $1 AND processed_at IS NULL
   AND ($4::int IS NULL OR EXISTS (SELECT 1 FROM cooperation_requests WHERE id = $3 AND version = $4))
RETURNING id`;
