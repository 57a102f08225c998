import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { type PoolQuery, poolQuery } from '@/database/pool-query';
import { runMigrations } from '@/database/run-migrations';
import { typeormOptions } from '@/database/typeorm-options';
import { APP_DB_ROLE, asAppRole } from '@/modules/audit/database-role';
import {
  insertOutboxSql,
  type OutboxRow,
  readRequestSql,
  SKIP_JOB_SQL,
  type WriteSpec,
  writeChangeSql,
} from '@/workflows/change-statements';
import type { CooperationRequest } from '@/workflows/entities/cooperation-request.entity';
import { computeEventHash } from '@/workflows/history/event-hash';
import { APPEND_FENCE_LOCK, HistoryWriter } from '@/workflows/history/history-writer';
import type { OutboxEntry } from '@/workflows/outbox/outbox-entry.entity';
import type { OutboxRelay } from '@/workflows/outbox/outbox-relay.service';
import {
  type Change,
  type ChangeHook,
  type Committed,
  WorkflowRepository,
} from '@/workflows/workflow.repository';

/*
 * The change statement (src/workflows/change-statements.ts) against a real PostgreSQL, without the
 * application: a database of its own (`mla_test_<random>`, migrated like the app's, dropped at the end) on
 * the server of TEST_PG_ADMIN_URL (set by test/support/global-setup.ts: a given server such as
 * postgres://postgres@127.0.0.1:5432/postgres, or the embedded one). The statements run as the
 * application's role on the data source's pg pool or on connections of their own (to hold locks); then the
 * repository's one write path runs on real connections with a recording relay.
 */

const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUESTING = 'aaaaaaaa-0000-4000-8000-000000000001';
const REQUESTED = 'bbbbbbbb-0000-4000-8000-000000000002';
const USER = 'cccccccc-0000-4000-8000-000000000003';

const dbName = `mla_test_${randomBytes(6).toString('hex')}`;
const dbUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
const history = new HistoryWriter();
let dataSource: DataSource;
let sql: PoolQuery;
/** The test's own view of the database (as the owner), for setting up and checking. */
let db: Client;
const clients: Client[] = [];

async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** A connection of its own as the application's role (to hold a transaction or a lock open). */
async function appConnection(): Promise<Client & { pid: number }> {
  const c = new Client({ connectionString: dbUrl, options: `-c role=${APP_DB_ROLE}` });
  await c.connect();
  clients.push(c);
  const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return Object.assign(c, { pid: rows[0].pid });
}

beforeAll(async () => {
  await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
  await runMigrations(dbUrl);
  dataSource = new DataSource({ ...asAppRole(typeormOptions(dbUrl, 4)), logging: false });
  await dataSource.initialize();
  sql = poolQuery(dataSource);
  db = new Client({ connectionString: dbUrl });
  await db.connect();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await db?.end();
  await dataSource?.destroy();
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
});

const NOW = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60000);

interface Seeded {
  id: string;
  /** The hash of its first event (seq 1, at version 1). */
  hash: string;
}

/** A request at version 1 in UNDER_REVIEW with its first event, as `create` leaves it. */
async function seedRequest(): Promise<Seeded> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO cooperation_requests (id, reference, channel, status, version, requesting_authority_id,
       requested_authority_id, created_by_user_id, urgency, offences, persons_concerned, confidential, details,
       case_data, created_at, updated_at)
     VALUES ($1, $2, 'mla', 'UNDER_REVIEW', 1, $3, $4, $5, 'normal', '[]', '[]', false, '{}', '{}', $6, $6)`,
    [id, `TST-${id.slice(0, 8)}`, REQUESTING, REQUESTED, USER, NOW],
  );
  const first = history.seal(
    {
      requestId: id,
      seq: 1,
      action: 'create',
      fromStatus: null,
      toStatus: 'UNDER_REVIEW',
      actorType: 'user',
      actorUserId: USER,
      actorAuthorityId: REQUESTING,
      payload: {},
      occurredAt: NOW,
    },
    null,
  );
  await db.query(
    `INSERT INTO audit_events (request_id, seq, action, from_status, to_status, actor_type, actor_user_id,
       actor_authority_id, payload, occurred_at, prev_hash, hash)
     VALUES ($1, 1, 'create', NULL, 'UNDER_REVIEW', 'user', $2, $3, '{}', $4, NULL, $5)`,
    [id, USER, REQUESTING, NOW, first.hash],
  );
  return { id, hash: first.hash };
}

function outboxRow(requestId: string, seq: number, n: number, overrides: Partial<OutboxRow> = {}): OutboxRow {
  return {
    requestId,
    sourceRequestId: requestId,
    kind: 'timer',
    label: `Clock ${n}`,
    basis: 'UNCC art. 42',
    queue: 'mla',
    jobName: 'Remind',
    jobId: `${requestId}_${seq}_Remind_${n}`,
    transitionSeq: seq,
    payload: { n },
    priority: 5,
    runAt: at(60 * 24 * (n + 1)),
    ...overrides,
  };
}

/** The change `fromVersion` → `fromVersion + 1` to `status`, its event chained to `prevHash`. */
function change(
  requestId: string,
  fromVersion: number,
  prevHash: string | null,
  options: { status?: string; outbox?: OutboxRow[]; occurredAt?: Date } & Partial<WriteSpec> = {},
): WriteSpec {
  const seq = fromVersion + 1;
  const occurredAt = options.occurredAt ?? at(seq);
  const { status = 'ACCEPTED', outbox = [], ...rest } = options;
  return {
    requestId,
    fromVersion,
    columns: [
      { column: 'status', cast: 'text', value: status },
      { column: 'version', cast: 'int', value: seq },
      { column: 'updated_at', cast: 'timestamptz', value: occurredAt },
    ],
    event: history.seal(
      {
        requestId,
        seq,
        action: `move-to-${status.toLowerCase()}`,
        fromStatus: 'UNDER_REVIEW',
        toStatus: status,
        actorType: 'user',
        actorUserId: USER,
        actorAuthorityId: REQUESTED,
        payload: { seq },
        occurredAt,
      },
      prevHash,
    ),
    outbox,
    conditions: [],
    fenceLock: APPEND_FENCE_LOCK,
    ...rest,
  };
}

interface WriteResult {
  event_id: string | null;
  outbox: { id: string; jobId: string }[];
}

async function write(spec: WriteSpec, on?: Client): Promise<WriteResult> {
  const { sql: text, params } = writeChangeSql(spec);
  const rows = on ? (await on.query<WriteResult>(text, params)).rows : await sql<WriteResult>(text, params);
  return rows[0];
}

async function requestRow(id: string): Promise<{ status: string; version: number }> {
  return (await db.query('SELECT status, version FROM cooperation_requests WHERE id = $1', [id])).rows[0];
}

async function events(requestId: string) {
  return (
    await db.query(
      `SELECT id::text, request_id, seq, action, from_status, to_status, actor_type, actor_user_id,
              actor_authority_id, payload, occurred_at, prev_hash, hash
         FROM audit_events WHERE request_id = $1 ORDER BY seq`,
      [requestId],
    )
  ).rows as {
    id: string;
    request_id: string;
    seq: number;
    action: string;
    from_status: string | null;
    to_status: string;
    actor_type: 'user' | 'system';
    actor_user_id: string | null;
    actor_authority_id: string | null;
    payload: Record<string, unknown>;
    occurred_at: Date;
    prev_hash: string | null;
    hash: string;
  }[];
}

async function outboxOf(requestId: string) {
  return (
    await db.query(
      `SELECT id::text, request_id, source_request_id, kind, label, basis, queue, job_name, job_id,
              transition_seq, payload, priority, run_at, processed_at, outcome, attempts, last_error
         FROM outbox WHERE request_id = $1 ORDER BY id`,
      [requestId],
    )
  ).rows as Record<string, unknown>[];
}

/** Inserts undone outbox rows on their own (as the hooks do), returning their ids. */
async function insertOutbox(rows: OutboxRow[]): Promise<string[]> {
  const inserted = await sql<{ id: string; job_id: string }>(insertOutboxSql('$1::jsonb'), [
    JSON.stringify(rows),
  ]);
  return inserted.map((r) => String(r.id));
}

/** Whether `promise` is still pending after `ms`. */
async function stillPending(promise: Promise<unknown>, ms = 300): Promise<boolean> {
  const pending = Symbol('pending');
  return (await Promise.race([promise, new Promise((r) => setTimeout(() => r(pending), ms))])) === pending;
}

/** What the backend `pid` waits for right now ('Lock' while it waits for a row or advisory lock). */
async function waitEventOf(pid: number): Promise<string | null> {
  const { rows } = await db.query<{ wait_event_type: string | null }>(
    'SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1',
    [pid],
  );
  return rows[0]?.wait_event_type ?? null;
}

describe('the change statement (writeChangeSql) on PostgreSQL', () => {
  it('should apply once when the version matches, and write nothing when the same change runs again', async () => {
    const r = await seedRequest();
    const spec = change(r.id, 1, r.hash);

    const first = await write(spec);
    expect(first.event_id).toMatch(/^\d+$/);
    expect(await requestRow(r.id)).toEqual({ status: 'ACCEPTED', version: 2 });

    const again = await write(spec);
    expect(again).toEqual({ event_id: null, outbox: [] });
    expect(await requestRow(r.id)).toEqual({ status: 'ACCEPTED', version: 2 });
    expect((await events(r.id)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('should write nothing, no event and no outbox row, when the version is stale', async () => {
    const r = await seedRequest();
    // Someone else moved the request on (version 2) after this change was decided on version 1.
    await db.query(`UPDATE cooperation_requests SET version = 2, status = 'WITHDRAWN' WHERE id = $1`, [r.id]);

    const result = await write(
      change(r.id, 1, r.hash, { outbox: [outboxRow(r.id, 2, 0), outboxRow(r.id, 2, 1)] }),
    );

    expect(result).toEqual({ event_id: null, outbox: [] });
    expect(await requestRow(r.id)).toEqual({ status: 'WITHDRAWN', version: 2 });
    expect((await events(r.id)).map((e) => e.seq)).toEqual([1]);
    expect(await outboxOf(r.id)).toEqual([]);
  });

  it('should chain each event to the previous hash with the next seq, the hash over the stored fields', async () => {
    const r = await seedRequest();
    await write(change(r.id, 1, r.hash, { status: 'ACCEPTED' }));
    // The next change chains to the hash the read statement gives at the new version.
    const [read] = await sql<{ version: number; last_hash: string }>(readRequestSql('true'), [r.id]);
    expect(read.version).toBe(2);
    await write(change(r.id, 2, read.last_hash, { status: 'IN_EXECUTION' }));

    const chain = await events(r.id);
    expect(chain.map((e) => [e.seq, e.to_status])).toEqual([
      [1, 'UNDER_REVIEW'],
      [2, 'ACCEPTED'],
      [3, 'IN_EXECUTION'],
    ]);
    expect(chain[0].prev_hash).toBeNull();
    expect(chain[1].prev_hash).toBe(chain[0].hash);
    expect(chain[2].prev_hash).toBe(chain[1].hash);
    expect(read.last_hash).toBe(chain[1].hash);
    for (const e of chain) {
      expect(
        computeEventHash({
          requestId: e.request_id,
          seq: e.seq,
          action: e.action,
          fromStatus: e.from_status,
          toStatus: e.to_status,
          actorType: e.actor_type,
          actorUserId: e.actor_user_id,
          actorAuthorityId: e.actor_authority_id,
          payload: e.payload,
          occurredAt: e.occurred_at,
          prevHash: e.prev_hash,
        }),
      ).toBe(e.hash);
    }
    expect(await requestRow(r.id)).toEqual({ status: 'IN_EXECUTION', version: 3 });
  });

  it('should refuse a second event with the same seq (the unique chain position), writing nothing', async () => {
    const r = await seedRequest();
    // An event at seq 2 that no version change accounts for: the statement's insert must fail as a whole.
    await db.query(
      `INSERT INTO audit_events (request_id, seq, action, to_status, actor_type, payload, occurred_at, hash)
       VALUES ($1, 2, 'stray', 'UNDER_REVIEW', 'system', '{}', $2, $3)`,
      [r.id, NOW, 'f'.repeat(64)],
    );
    await expect(write(change(r.id, 1, r.hash, { outbox: [outboxRow(r.id, 2, 0)] }))).rejects.toThrow(
      /uq_audit_events_request_seq/,
    );
    expect(await requestRow(r.id)).toEqual({ status: 'UNDER_REVIEW', version: 1 });
    expect(await outboxOf(r.id)).toEqual([]);
  });

  it('should insert the outbox rows only with the update, and return their ids by job id', async () => {
    const r = await seedRequest();
    const rows = [
      outboxRow(r.id, 2, 0),
      outboxRow(r.id, 2, 1, { kind: 'transition', label: null, basis: null }),
    ];

    const result = await write(change(r.id, 1, r.hash, { outbox: rows }));

    const stored = await outboxOf(r.id);
    expect(stored).toHaveLength(2);
    expect(result.outbox.sort((a, b) => a.jobId.localeCompare(b.jobId))).toEqual(
      stored.map((s) => ({ id: s.id, jobId: s.job_id })),
    );
    expect(stored[0]).toMatchObject({
      request_id: r.id,
      source_request_id: r.id,
      kind: 'timer',
      label: 'Clock 0',
      basis: 'UNCC art. 42',
      queue: 'mla',
      job_name: 'Remind',
      job_id: `${r.id}_2_Remind_0`,
      transition_seq: 2,
      payload: { n: 0 },
      priority: 5,
      run_at: rows[0].runAt,
      processed_at: null,
      outcome: null,
      attempts: 0,
    });
    expect(stored[1]).toMatchObject({ kind: 'transition', label: null, basis: null, run_at: rows[1].runAt });
  });

  it("should write nothing when an extra condition (a hook's idle check) no longer holds", async () => {
    const r = await seedRequest();
    const webhooksIdle = `NOT EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.disabled_at IS NULL
                   AND s.authority_id IN (r.requesting_authority_id, r.requested_authority_id))`;
    await db.query(
      `INSERT INTO webhook_subscriptions (authority_id, url, secret, created_by_user_id)
       VALUES ($1, 'https://example.org/hook', 'whsec_x', $2)`,
      [REQUESTED, USER],
    );

    const held = await write(
      change(r.id, 1, r.hash, { conditions: [webhooksIdle], outbox: [outboxRow(r.id, 2, 0)] }),
    );
    expect(held).toEqual({ event_id: null, outbox: [] });
    expect(await requestRow(r.id)).toEqual({ status: 'UNDER_REVIEW', version: 1 });
    expect(await outboxOf(r.id)).toEqual([]);

    await db.query('UPDATE webhook_subscriptions SET disabled_at = now() WHERE authority_id = $1', [
      REQUESTED,
    ]);
    const applied = await write(change(r.id, 1, r.hash, { conditions: [webhooksIdle] }));
    expect(applied.event_id).not.toBeNull();
  });
});

describe("a job's change statement", () => {
  async function seedJob(): Promise<Seeded & { outboxId: string }> {
    const r = await seedRequest();
    const [outboxId] = await insertOutbox([
      outboxRow(r.id, 1, 0, { kind: 'transition', jobName: 'Deliver' }),
    ]);
    return { ...r, outboxId };
  }

  const jobRow = async (outboxId: string) =>
    (
      await db.query('SELECT processed_at, outcome, attempts, last_error FROM outbox WHERE id = $1', [
        outboxId,
      ])
    ).rows[0] as {
      processed_at: Date | null;
      outcome: string | null;
      attempts: number;
      last_error: string | null;
    };

  it('should mark its outbox row applied in the same statement as the change', async () => {
    const j = await seedJob();
    await db.query(`UPDATE outbox SET attempts = 2, last_error = 'timeout' WHERE id = $1`, [j.outboxId]);
    const done = at(30);

    const result = await write(change(j.id, 1, j.hash, { consumes: { outboxId: j.outboxId, at: done } }));

    expect(result.event_id).not.toBeNull();
    expect(await requestRow(j.id)).toEqual({ status: 'ACCEPTED', version: 2 });
    expect(await jobRow(j.outboxId)).toEqual({
      processed_at: done,
      outcome: 'applied',
      attempts: 3,
      last_error: null,
    });
  });

  it('should change nothing when its outbox row was already processed', async () => {
    const j = await seedJob();
    await db.query(`UPDATE outbox SET processed_at = $2, outcome = 'applied' WHERE id = $1`, [
      j.outboxId,
      NOW,
    ]);

    const result = await write(change(j.id, 1, j.hash, { consumes: { outboxId: j.outboxId, at: at(30) } }));

    expect(result).toEqual({ event_id: null, outbox: [] });
    expect(await requestRow(j.id)).toEqual({ status: 'UNDER_REVIEW', version: 1 });
    expect((await events(j.id)).map((e) => e.seq)).toEqual([1]);
  });

  it('should leave its outbox row undone when the request moved on', async () => {
    const j = await seedJob();
    await db.query('UPDATE cooperation_requests SET version = 2 WHERE id = $1', [j.id]);

    const result = await write(change(j.id, 1, j.hash, { consumes: { outboxId: j.outboxId, at: at(30) } }));

    expect(result.event_id).toBeNull();
    expect(await jobRow(j.outboxId)).toMatchObject({ processed_at: null, outcome: null, attempts: 0 });
  });

  it('should lock its outbox row: wait for a worker holding it, then run at most once', async () => {
    const j = await seedJob();
    const other = await appConnection();
    const mine = await appConnection();
    await other.query('BEGIN');
    await other.query('SELECT id FROM outbox WHERE id = $1 FOR UPDATE', [j.outboxId]);

    const attempt = write(change(j.id, 1, j.hash, { consumes: { outboxId: j.outboxId, at: at(30) } }), mine);
    expect(await stillPending(attempt)).toBe(true);
    expect(await waitEventOf(mine.pid)).toBe('Lock');
    // The other worker runs the job first (its own change and the row marked) and commits.
    await other.query(`UPDATE outbox SET processed_at = now(), outcome = 'applied' WHERE id = $1`, [
      j.outboxId,
    ]);
    await other.query('COMMIT');

    expect(await attempt).toEqual({ event_id: null, outbox: [] });
    expect(await requestRow(j.id)).toEqual({ status: 'UNDER_REVIEW', version: 1 });
    expect((await events(j.id)).map((e) => e.seq)).toEqual([1]);
  });

  describe('SKIP_JOB_SQL (a job whose occasion has passed)', () => {
    it('should mark the row skipped when the request is still at the version decided on', async () => {
      const j = await seedJob();
      const skipped = await sql<{ id: string }>(SKIP_JOB_SQL, [j.outboxId, at(5), j.id, 1]);
      expect(skipped.map((s) => String(s.id))).toEqual([j.outboxId]);
      expect(await jobRow(j.outboxId)).toEqual({
        processed_at: at(5),
        outcome: 'skipped',
        attempts: 1,
        last_error: null,
      });
    });

    it('should mark nothing when the request moved on or the row was processed', async () => {
      const j = await seedJob();
      await db.query('UPDATE cooperation_requests SET version = 2 WHERE id = $1', [j.id]);
      expect(await sql(SKIP_JOB_SQL, [j.outboxId, at(5), j.id, 1])).toEqual([]);
      expect(await jobRow(j.outboxId)).toMatchObject({ processed_at: null, attempts: 0 });

      // Without a version (the caller holds both rows' locks) it applies, once.
      expect(await sql(SKIP_JOB_SQL, [j.outboxId, at(6), j.id, null])).toHaveLength(1);
      expect(await sql(SKIP_JOB_SQL, [j.outboxId, at(7), j.id, null])).toEqual([]);
      expect(await jobRow(j.outboxId)).toMatchObject({
        processed_at: at(6),
        outcome: 'skipped',
        attempts: 1,
      });
    });
  });
});

describe('insertOutboxSql', () => {
  it('should insert rows given as JSON with every column, undone and never enqueued', async () => {
    const r = await seedRequest();
    const other = randomUUID();
    const rows = [
      outboxRow(other, 1, 0, { sourceRequestId: r.id, kind: 'transition', label: null, basis: null }),
      outboxRow(r.id, 1, 1, { kind: 'webhook', priority: 1, payload: { deliveryId: 'd' } }),
    ];
    const ids = await insertOutbox(rows);
    expect(ids).toHaveLength(2);
    const { rows: stored } = await db.query(
      `SELECT request_id, source_request_id, kind, priority, payload, run_at, enqueued_at, processed_at, attempts
         FROM outbox WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    );
    expect(stored).toEqual([
      {
        request_id: other,
        source_request_id: r.id,
        kind: 'transition',
        priority: 5,
        payload: { n: 0 },
        run_at: rows[0].runAt,
        enqueued_at: null,
        processed_at: null,
        attempts: 0,
      },
      {
        request_id: r.id,
        source_request_id: r.id,
        kind: 'webhook',
        priority: 1,
        payload: { deliveryId: 'd' },
        run_at: rows[1].runAt,
        enqueued_at: null,
        processed_at: null,
        attempts: 0,
      },
    ]);
  });
});

describe('the append fence', () => {
  const fenceLocks = async (pid: number) =>
    (
      await db.query<{ mode: string; granted: boolean }>(
        `SELECT mode, granted FROM pg_locks
          WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1 AND pid = $2`,
        [APPEND_FENCE_LOCK, pid],
      )
    ).rows;

  it('should be held shared from the statement to the commit of a change that applied', async () => {
    const r = await seedRequest();
    const mine = await appConnection();
    await mine.query('BEGIN');
    expect((await write(change(r.id, 1, r.hash), mine)).event_id).not.toBeNull();
    expect(await fenceLocks(mine.pid)).toEqual([{ mode: 'ShareLock', granted: true }]);
    await mine.query('COMMIT');
    expect(await fenceLocks(mine.pid)).toEqual([]);
  });

  it('should make a change wait while a checkpoint holds the fence, and not be taken by a stale change', async () => {
    const r = await seedRequest();
    const checkpoint = await appConnection();
    const mine = await appConnection();
    await checkpoint.query('SELECT pg_advisory_lock($1)', [APPEND_FENCE_LOCK]);
    try {
      // Stale: nothing is updated, so the fence is not even asked for.
      const stale = write(change(r.id, 0, null), mine);
      expect(await stillPending(stale)).toBe(false);
      expect((await stale).event_id).toBeNull();

      const attempt = write(change(r.id, 1, r.hash), mine);
      expect(await stillPending(attempt)).toBe(true);
      expect(await waitEventOf(mine.pid)).toBe('Lock');
      await checkpoint.query('SELECT pg_advisory_unlock($1)', [APPEND_FENCE_LOCK]);
      expect((await attempt).event_id).not.toBeNull();
    } finally {
      await checkpoint.query('SELECT pg_advisory_unlock_all()');
    }
    expect((await events(r.id)).map((e) => e.seq)).toEqual([1, 2]);
  });
});

describe('WorkflowRepository.apply: the one write path, on real connections', () => {
  /** A relay that records what it is given, and what another connection could see of it at that moment. */
  function recordingRelay() {
    const published: OutboxEntry[][] = [];
    const visible: Promise<number>[] = [];
    const relay = {
      publish: jest.fn((entries: OutboxEntry[]) => {
        published.push(entries);
        visible.push(
          db
            .query('SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::bigint[])', [
              entries.map((e) => e.id),
            ])
            .then((res) => (res.rows[0] as { n: number }).n),
        );
      }),
    };
    return { relay, published, visible };
  }

  function repositoryWith(hooks: ChangeHook[] = []) {
    const recording = recordingRelay();
    const repository = new WorkflowRepository(dataSource, history, recording.relay as unknown as OutboxRelay);
    hooks.forEach((h) => repository.addChangeHook(h));
    return { repository, ...recording };
  }

  /** A decision that moves the request to `status` and schedules one timer. */
  function moveTo(status: string, seen: CooperationRequest[] = []) {
    return (current: CooperationRequest): Change => {
      seen.push({ ...current });
      const fromStatus = current.status;
      current.status = status;
      return {
        request: current,
        event: {
          action: `move-to-${status.toLowerCase()}`,
          fromStatus,
          toStatus: status,
          actorType: 'system',
          actorUserId: null,
          actorAuthorityId: null,
          payload: {},
        },
        outbox: [
          {
            queue: 'mla',
            jobName: 'Remind',
            runAt: at(600),
            priority: 5,
            kind: 'timer',
            label: 'Clock',
            basis: 'b',
          },
        ],
      };
    };
  }

  const committedOf = (applied: { committed?: Committed }): Committed => {
    if (!applied.committed) {
      throw new Error('expected the change to apply');
    }
    return applied.committed;
  };

  it('should apply on the row as read in one statement, then publish its rows once they are committed', async () => {
    const { repository, relay, published, visible } = repositoryWith();
    const r = await seedRequest();
    const snapshot = await repository.findSnapshot(r.id);
    const seen: CooperationRequest[] = [];

    const applied = await repository.apply({
      requestId: r.id,
      read: snapshot,
      decide: moveTo('ACCEPTED', seen),
      now: at(2),
    });

    expect(applied.outcome).toBe('applied');
    expect(seen.map((s) => s.version)).toEqual([1]);
    const committed = committedOf(applied);
    expect(committed.request).toMatchObject({ status: 'ACCEPTED', version: 2 });
    expect(committed.event).toMatchObject({ seq: 2, prevHash: r.hash });
    expect(relay.publish).toHaveBeenCalledTimes(1);
    expect(published[0]).toBe(committed.outbox);
    expect(published[0].map((e) => e.jobId)).toEqual([`${r.id}_2_Remind_0`]);
    expect(await Promise.all(visible)).toEqual([1]);
  });

  it('should decide again on the locked row when the row changed after it was read, keeping one chain', async () => {
    const { repository, relay } = repositoryWith();
    const r = await seedRequest();
    const stale = await repository.findSnapshot(r.id);
    await repository.apply({ requestId: r.id, decide: moveTo('CONSULTATION'), now: at(2) });
    const seen: CooperationRequest[] = [];

    const applied = await repository.apply({
      requestId: r.id,
      read: stale,
      decide: moveTo('ACCEPTED', seen),
      now: at(3),
    });

    expect(seen.map((s) => [s.version, s.status])).toEqual([
      [1, 'UNDER_REVIEW'],
      [2, 'CONSULTATION'],
    ]);
    expect(committedOf(applied).request).toMatchObject({ status: 'ACCEPTED', version: 3 });
    const chain = await events(r.id);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chain[2].prev_hash).toBe(chain[1].hash);
    expect(relay.publish).toHaveBeenCalledTimes(2);
    expect(await outboxOf(r.id)).toHaveLength(2);
  });

  it('should take the locked path when a hook has work, and publish its rows with the change, after commit', async () => {
    const hookRuns: string[] = [];
    const hook: ChangeHook = {
      idleWhen: 'false',
      run: (_manager: EntityManager, request, event) => {
        hookRuns.push(`${request.id}#${event.seq}`);
        return Promise.resolve([
          {
            queue: 'notifications',
            jobName: 'WebhookDeliver',
            runAt: event.occurredAt,
            priority: 5,
            kind: 'webhook',
          },
        ]);
      },
    };
    const { repository, published, visible } = repositoryWith([hook]);
    const r = await seedRequest();
    const snapshot = await repository.findSnapshot(r.id);
    expect(snapshot?.hooksIdle).toBe(false);

    const applied = await repository.apply({
      requestId: r.id,
      read: snapshot,
      decide: moveTo('ACCEPTED'),
      now: at(2),
    });

    expect(hookRuns).toEqual([`${r.id}#2`]);
    expect(published).toEqual([committedOf(applied).outbox]);
    expect(published[0].map((e) => e.kind)).toEqual(['timer', 'webhook']);
    expect(await Promise.all(visible)).toEqual([2]);

    // Creating a request publishes its hooks' rows the same way.
    const created = await repository.create(
      {
        channel: 'mla',
        status: 'DRAFT',
        requestingAuthorityId: REQUESTING,
        requestedAuthorityId: REQUESTED,
        additionalPartyIds: [],
        createdByUserId: USER,
        urgency: 'normal',
        language: null,
        subject: null,
        proceedingType: null,
        offences: [],
        factsSummary: null,
        assistanceSought: null,
        purpose: null,
        personsConcerned: [],
        confidential: false,
        suggestedDeadline: null,
        deadlineReason: null,
        followsUpRequestId: null,
        details: {},
        caseData: {},
        submittedAt: null,
        deliveredAt: null,
      },
      'TST',
      {
        action: 'create',
        fromStatus: null,
        toStatus: 'DRAFT',
        actorType: 'user',
        actorUserId: USER,
        actorAuthorityId: REQUESTING,
        payload: {},
      },
      at(4),
    );
    expect(created.request.reference).toMatch(/^TST-2026-\d{6}$/);
    expect(published[1]).toBe(created.outbox);
    expect(published[1].map((e) => e.kind)).toEqual(['webhook']);
    expect(await Promise.all(visible)).toEqual([2, 1]);
  });

  it('should roll back the change and publish nothing when a write within its transaction fails', async () => {
    const { repository, relay } = repositoryWith();
    const r = await seedRequest();
    const attempt = repository.apply({
      requestId: r.id,
      decide: moveTo('ACCEPTED'),
      now: at(2),
      within: () => Promise.reject(new Error('disk full')),
    });
    await expect(attempt).rejects.toThrow('disk full');
    expect(await requestRow(r.id)).toEqual({ status: 'UNDER_REVIEW', version: 1 });
    expect((await events(r.id)).map((e) => e.seq)).toEqual([1]);
    expect(await outboxOf(r.id)).toEqual([]);
    expect(relay.publish).not.toHaveBeenCalled();
  });

  it('should consume a job with its change once: applied, then already done', async () => {
    const { repository, relay } = repositoryWith();
    const r = await seedRequest();
    const [outboxId] = await insertOutbox([
      outboxRow(r.id, 1, 0, { kind: 'transition', jobName: 'Deliver' }),
    ]);
    const context = await repository.findJob(outboxId);
    if (!context) {
      throw new Error('the job was not found');
    }
    const jobs: (OutboxEntry | undefined)[] = [];
    const decide = (current: CooperationRequest, job: OutboxEntry | undefined) => {
      jobs.push(job);
      return moveTo('RECEIVED')(current);
    };

    const first = await repository.apply({
      requestId: r.id,
      read: context.snapshot,
      job: context.entry,
      decide,
      now: at(2),
    });
    expect(first.outcome).toBe('applied');
    expect(jobs.map((j) => j?.id)).toEqual([outboxId]);
    const [row] = (await outboxOf(r.id)).filter((o) => o.id === outboxId);
    expect(row).toMatchObject({ processed_at: at(2), outcome: 'applied', attempts: 1 });

    // The same job again (a duplicate from Redis, with the rows as read before): nothing more happens.
    const again = await repository.apply({
      requestId: r.id,
      read: context.snapshot,
      job: context.entry,
      decide,
      now: at(3),
    });
    expect(again.outcome).toBe('already-done');
    expect((await events(r.id)).map((e) => e.seq)).toEqual([1, 2]);
    expect(relay.publish).toHaveBeenCalledTimes(1);
  });

  it('should mark a job skipped when its occasion has passed, writing no change', async () => {
    const { repository, relay } = repositoryWith();
    const r = await seedRequest();
    const [outboxId] = await insertOutbox([outboxRow(r.id, 1, 0, { jobName: 'Expire' })]);
    const context = await repository.findJob(outboxId);

    const applied = await repository.apply({
      requestId: r.id,
      read: context?.snapshot,
      job: context?.entry,
      decide: () => null,
      now: at(2),
    });

    expect(applied.outcome).toBe('skipped');
    expect((await outboxOf(r.id))[0]).toMatchObject({ processed_at: at(2), outcome: 'skipped', attempts: 1 });
    expect(await requestRow(r.id)).toEqual({ status: 'UNDER_REVIEW', version: 1 });
    expect(relay.publish).not.toHaveBeenCalled();
  });

  it('should answer missing for a request that does not exist, writing nothing', async () => {
    const { repository, relay } = repositoryWith();
    const applied = await repository.apply({
      requestId: randomUUID(),
      decide: moveTo('ACCEPTED'),
      now: at(2),
    });
    expect(applied).toEqual({ outcome: 'missing' });
    expect(relay.publish).not.toHaveBeenCalled();
  });
});
