import { createHash } from 'node:crypto';
import { createPostgresBackend, Queue, Worker, withBackend } from 'bullmq';
import { Client } from 'pg';
import { postgresQueueConnection } from '@/config/queue-connection';
import { queueConfig } from '@/config/queue.config';
import { redisOptionsFromUrl } from '@/config/redis-connection';
import { jobOptionsFor } from '@/workflows/outbox/job-options';
import { Latencies } from '../tools/harness/http-client';

export interface RateResult {
  /** Operations per second. */
  rate: number;
  operations: number;
  seconds: number;
  latency: ReturnType<Latencies['summary']>;
}

type Row = Record<string, unknown>;

/** Columns of `table` that an INSERT names (everything but sequence-filled ids). */
async function insertableColumns(c: Client, table: string): Promise<string[]> {
  const { rows } = await c.query<{ column_name: string; column_default: string | null }>(
    `SELECT column_name, column_default FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.filter((r) => !(r.column_default ?? '').startsWith('nextval(')).map((r) => r.column_name);
}

function insertSql(table: string, columns: string[]): string {
  const names = columns.map((c) => `"${c}"`).join(', ');
  const params = columns.map((_, i) => `$${i + 1}`).join(', ');
  return `INSERT INTO ${table} (${names}) VALUES (${params})`;
}

/**
 * The bare database work of one transition, with node `pg` and no framework: lock the request row, update
 * its status and version, append an audit event, insert an outbox row, commit. It runs on copies of the
 * engine's own tables (same columns and indexes) filled from rows the engine wrote, so it follows the
 * schema as it evolves. `concurrency` loops, each on its own rows and connection, for `seconds`.
 */
export async function pgTransactionBaseline(
  url: string,
  concurrency: number,
  seconds: number,
  /** Where latencies go (several runs may share one, to report them together). */
  latency = new Latencies(),
): Promise<RateResult> {
  const setup = new Client({ connectionString: url });
  await setup.connect();
  let auditCols: string[];
  let outboxCols: string[];
  let auditTemplate: Row;
  let outboxTemplate: Row;
  let ids: string[];
  try {
    for (const t of ['cooperation_requests', 'audit_events', 'outbox']) {
      await setup.query(`DROP TABLE IF EXISTS bench_${t}`);
      await setup.query(`CREATE TABLE bench_${t} (LIKE ${t} INCLUDING ALL)`);
    }
    await setup.query('INSERT INTO bench_cooperation_requests SELECT * FROM cooperation_requests');
    await setup.query('UPDATE bench_cooperation_requests SET version = 0');
    ids = (
      await setup.query<{ id: string }>('SELECT id FROM bench_cooperation_requests ORDER BY id')
    ).rows.map((r) => r.id);
    auditTemplate = (await setup.query<Row>(`SELECT * FROM audit_events WHERE action = 'accept' LIMIT 1`))
      .rows[0];
    outboxTemplate = (await setup.query<Row>('SELECT * FROM outbox LIMIT 1')).rows[0];
    auditCols = await insertableColumns(setup, 'bench_audit_events');
    outboxCols = await insertableColumns(setup, 'bench_outbox');
  } finally {
    await setup.end();
  }
  if (!auditTemplate || !outboxTemplate || ids.length < concurrency) {
    throw new Error('the engine phase left no rows to copy for the baseline');
  }
  const insertAudit = insertSql('bench_audit_events', auditCols);
  const insertOutbox = insertSql('bench_outbox', outboxCols);
  const deadline = Date.now() + seconds * 1000;
  let operations = 0;
  const started = process.hrtime.bigint();

  const loop = async (worker: number): Promise<void> => {
    const c = new Client({ connectionString: url });
    await c.connect();
    const mine = ids.filter((_, i) => i % concurrency === worker);
    let prevHash: string | null = null;
    try {
      for (let n = 0; Date.now() < deadline; n++) {
        const id = mine[n % mine.length];
        const t0 = process.hrtime.bigint();
        await c.query('BEGIN');
        const locked = await c.query<{ version: number; status: string }>(
          'SELECT * FROM bench_cooperation_requests WHERE id = $1 FOR UPDATE',
          [id],
        );
        const version = locked.rows[0].version;
        const seq = version + 1;
        const now = new Date();
        await c.query(
          'UPDATE bench_cooperation_requests SET status = $2, version = $3, updated_at = $4 WHERE id = $1 AND version = $5',
          [id, seq % 2 === 0 ? 'ACCEPTED' : 'UNDER_REVIEW', seq, now, version],
        );
        const hash: string = createHash('sha256')
          .update(JSON.stringify({ id, seq, prevHash, at: now.toISOString() }))
          .digest('hex');
        const audit: Row = {
          ...auditTemplate,
          request_id: id,
          seq,
          occurred_at: now,
          prev_hash: prevHash,
          hash,
        };
        await c.query(
          insertAudit,
          auditCols.map((col) => toParam(audit[col])),
        );
        const outbox: Row = {
          ...outboxTemplate,
          request_id: id,
          ...('source_request_id' in outboxTemplate ? { source_request_id: id } : {}),
          job_id: `${id}_${seq}_Bench`,
          transition_seq: seq,
          run_at: now,
          created_at: now,
          enqueued_at: null,
          processed_at: null,
          outcome: null,
        };
        await c.query(
          insertOutbox,
          outboxCols.map((col) => toParam(outbox[col])),
        );
        await c.query('COMMIT');
        prevHash = hash;
        latency.add(Number(process.hrtime.bigint() - t0) / 1e6);
        operations++;
      }
    } finally {
      await c.end();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => loop(w)));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { rate: operations / elapsed, operations, seconds: elapsed, latency: latency.summary() };
}

/** jsonb values come back parsed; send objects and arrays of objects back as JSON text. */
function toParam(value: unknown): unknown {
  if (value === null || value === undefined || value instanceof Date) {
    return value ?? null;
  }
  if (Array.isArray(value)) {
    return value.every((v) => typeof v !== 'object' || v === null) ? value : JSON.stringify(value);
  }
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

/** Where the BullMQ baseline runs: a Redis (under a key prefix), or BullMQ's PostgreSQL backend. */
export type BullmqTarget =
  | { backend: 'redis'; url: string; prefix: string }
  /** `databaseUrl`'s schema `bullmq`, already migrated (the engine's connection settings). */
  | { backend: 'postgres'; databaseUrl: string };

/**
 * Bare BullMQ: `jobs` no-op jobs added by `producers` concurrent producers with the options the outbox
 * relay uses (job id, priority, attempts, backoff, removal), run by one worker with `workerConcurrency`,
 * on the backend the engine would use with the connection settings it uses.
 * Rate = jobs completed per second from the first add to the last completion.
 */
export async function bullmqBaseline(
  target: BullmqTarget,
  jobs: number,
  producers: number,
  workerConcurrency: number,
): Promise<RateResult> {
  const name = 'bench-noop';
  let completed = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const latency = new Latencies();
  const processor = (job: { timestamp: number }): Promise<string> => {
    latency.add(Date.now() - job.timestamp);
    return Promise.resolve('ok');
  };
  let queue: Queue;
  let worker: Worker;
  if (target.backend === 'redis') {
    const connection = redisOptionsFromUrl(target.url);
    queue = new Queue(name, { connection, prefix: target.prefix });
    worker = new Worker(name, processor, {
      connection,
      prefix: target.prefix,
      concurrency: workerConcurrency,
    });
  } else {
    // Bound to the PostgreSQL backend without touching the process-wide default factory.
    const pg = withBackend(createPostgresBackend);
    const connection = postgresQueueConnection(target.databaseUrl);
    queue = new pg.Queue(name, { connection }) as unknown as Queue;
    worker = new pg.Worker(name, processor, {
      connection,
      concurrency: workerConcurrency,
    }) as unknown as Worker;
  }
  worker.on('completed', () => {
    if (++completed >= jobs) {
      resolveDone();
    }
  });
  await worker.waitUntilReady();
  await queue.waitUntilReady();
  const started = process.hrtime.bigint();
  // The relay's own job options (defaults of the queue configuration).
  const relayConfig = queueConfig();
  let next = 0;
  const produce = async (): Promise<void> => {
    while (next < jobs) {
      const n = next++;
      await queue.add(
        'Noop',
        { outboxId: String(n), requestId: 'bench', transitionSeq: n },
        jobOptionsFor(
          { jobId: `bench_${n}_Noop`, runAt: new Date(0), priority: 5, kind: 'transition' },
          relayConfig,
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: producers }, () => produce()));
  await done;
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { rate: jobs / elapsed, operations: jobs, seconds: elapsed, latency: latency.summary() };
}
