import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { mkdirSync, writeFileSync } from 'node:fs';
import { AppModule } from '@/app.module';
import { JsonLogger } from '@/common/logging/json-logger';
import { loadEnvFile } from '@/config/load-env-file';
import { runMigrations } from '@/database/run-migrations';
import { OutboxRelay } from '@/workflows';
import { startRedisServer } from '../tools/harness/redis-server';
import { createScratchDatabase, scratchSuffix, withClient } from '../tools/harness/scratch';

/**
 * `npm run bench:timers`: 100,000 pending legal clocks (preservation expiries) in Postgres and BullMQ.
 * Reports the cost of scheduling them, how late the ones due during the run fire, and the cost of one
 * sweep, each against a bare-BullMQ baseline measured in the same run. Uses its own database and
 * redis-server, removed at the end.
 */
const TOTAL = Number(process.env.BENCH_TIMERS ?? 100000);
const DUE_IN_RUN = Number(process.env.BENCH_TIMERS_DUE ?? 2000);
// Far enough ahead that scheduling 100k and the baseline are done before the first falls due.
const WINDOW_START_MS = 40000;
const WINDOW_MS = 10000;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
const say = (line: string): void => {
  process.stdout.write(line + '\n');
};

async function main(): Promise<void> {
  loadEnvFile();
  const adminUrl = (
    process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  ).toString();
  const db = await createScratchDatabase(adminUrl, `bench_timers_${scratchSuffix()}`);
  // The scratch database goes away even when the private Redis cannot start.
  const redis = await startRedisServer().catch(async (err: unknown) => {
    await db.drop();
    throw err;
  });
  const results: Record<string, number> = {};
  try {
    await runMigrations(db.url);
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'bench',
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '60000',
      OUTBOX_SWEEP_MS: '3600000',
      WORKER_CONCURRENCY: '8',
    });
    say(
      `Scheduling ${TOTAL} preservation expiries (${DUE_IN_RUN} due in the next ${(WINDOW_START_MS + WINDOW_MS) / 1000} s)...`,
    );
    const seeded = await seed(db.url);
    const logger = new JsonLogger('warn');
    const api = await NestFactory.createApplicationContext(
      AppModule.register({ http: false, workers: false }),
      { logger },
    );
    const relay = api.get(OutboxRelay);

    // Engine scheduling: the rows are written (as transitions write them), then handed to BullMQ.
    let started = performance.now();
    for (;;) {
      if ((await relay.pollOnce()) === 0) {
        break;
      }
    }
    const enqueueMs = performance.now() - started;
    results.engineScheduleMs = seeded.insertMs + enqueueMs;
    results.engineSchedulePerSec = TOTAL / (results.engineScheduleMs / 1000);

    // Baseline: bare BullMQ, the same number of delayed no-op jobs.
    const bare = new Queue('bench-bare', { connection: { url: redis.url }, prefix: 'bare' });
    started = performance.now();
    for (let i = 0; i < TOTAL; i += 1000) {
      await bare.addBulk(
        Array.from({ length: Math.min(1000, TOTAL - i) }, (_, k) => ({
          name: 'noop',
          data: { i: i + k },
          opts: { jobId: `b${i + k}`, delay: dueOffset(i + k) },
        })),
      );
    }
    results.baselineScheduleMs = performance.now() - started;
    results.baselineSchedulePerSec = TOTAL / (results.baselineScheduleMs / 1000);

    // One sweep with everything pending (finds what is due and re-offers it).
    const sweeps: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await relay.sweepOnce();
      sweeps.push(performance.now() - t0);
    }
    results.sweepMsMedian = pct(sweeps, 50);
    const pingMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await withClient(db.url, (c) =>
        c.query('SELECT count(*) FROM outbox WHERE processed_at IS NULL AND run_at <= now()'),
      );
      pingMs.push(performance.now() - t0);
    }
    results.sweepBaselineMsMedian = pct(pingMs, 50);

    // Firing: workers start; measure lateness of the clocks due during the run, engine and bare.
    const bareLate: number[] = [];
    const bareWorker = new Worker(
      'bench-bare',
      (job) => {
        if (job.data && Number((job.data as { i: number }).i) < DUE_IN_RUN) {
          bareLate.push(Date.now() - (job.timestamp + (job.opts.delay ?? 0)));
        }
        return Promise.resolve();
      },
      { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: 'bare', concurrency: 8 },
    );
    const workers = await NestFactory.createApplicationContext(
      AppModule.register({ http: false, workers: true }),
      { logger },
    );
    const deadline = Date.now() + WINDOW_START_MS + WINDOW_MS + 120000;
    for (;;) {
      const done = await withClient(db.url, (c) =>
        c.query<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE processed_at IS NOT NULL`),
      );
      if (Number(done.rows[0].n) >= DUE_IN_RUN && bareLate.length >= DUE_IN_RUN) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`timers did not fire in time (${done.rows[0].n} of ${DUE_IN_RUN})`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const late = await withClient(db.url, (c) =>
      c.query<{ ms: number; fired: string }>(
        `SELECT EXTRACT(EPOCH FROM (e.occurred_at - o.run_at)) * 1000 AS ms
           FROM outbox o JOIN audit_events e ON e.request_id = o.request_id AND e.action = 'expire'
          WHERE o.processed_at IS NOT NULL`,
      ),
    );
    const engineLate = late.rows.map((r) => Number(r.ms));
    const fired = await withClient(db.url, (c) =>
      c.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE action = 'expire'`),
    );
    results.fired = Number(fired.rows[0].n);
    results.engineLateP50Ms = pct(engineLate, 50);
    results.engineLateP99Ms = pct(engineLate, 99);
    results.baselineLateP50Ms = pct(bareLate, 50);
    results.baselineLateP99Ms = pct(bareLate, 99);
    await bareWorker.close();
    await bare.obliterate({ force: true });
    await bare.close();
    await workers.close();
    await api.close();
  } finally {
    await redis.stop();
    await db.drop();
  }
  report(results);
}

/** Timers 0..DUE_IN_RUN-1 fall due during the run, spread over the window; the rest within 1-60 days. */
function dueOffset(i: number): number {
  return i < DUE_IN_RUN
    ? WINDOW_START_MS + Math.floor((i / DUE_IN_RUN) * WINDOW_MS)
    : 86400000 * (1 + (i % 60));
}

/** Preservations in PRESERVED_ACTIVE with their expiry rows, written in bulk. */
async function seed(url: string): Promise<{ insertMs: number }> {
  return withClient(url, async (c) => {
    const auth = await c.query<{ id: string }>(
      `INSERT INTO authorities (code, name, country, kind, languages) VALUES
         ('VNM-BENCH', 'Requesting', 'VNM', 'central', '{en}'), ('AUT-BENCH', 'Requested', 'AUT', 'contact-24-7', '{en}')
       RETURNING id`,
    );
    const [from, to] = auth.rows.map((r) => r.id);
    await c.query(`SELECT set_config('bench.now', (extract(epoch from now()) * 1000)::bigint::text, false)`);
    const t0 = performance.now();
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO cooperation_requests (id, reference, channel, status, version, requesting_authority_id,
          requested_authority_id, created_by_user_id, urgency, offences, persons_concerned, confidential,
          details, case_data, created_at, updated_at, submitted_at, delivered_at)
       SELECT md5('r' || i)::uuid, 'VNM-BENCH-' || i, 'preservation', 'PRESERVED_ACTIVE', 5, $1, $2,
              gen_random_uuid(), 'urgent', '[]', '[]', false, '{}',
              jsonb_build_object('preservation', jsonb_build_object('expiresAt',
                to_char(to_timestamp((current_setting('bench.now')::bigint +
                  CASE WHEN i < $3 THEN ${WINDOW_START_MS} + floor(i::float / $3 * ${WINDOW_MS})
                       ELSE 86400000::bigint * (1 + i % 60) END) / 1000.0) AT TIME ZONE 'UTC',
                  'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
              now(), now(), now(), now()
         FROM generate_series(0, $4::int - 1) AS i`,
      [from, to, DUE_IN_RUN, TOTAL],
    );
    await c.query(
      `INSERT INTO outbox (request_id, source_request_id, kind, label, basis, queue, job_name, job_id,
          transition_seq, payload, priority, run_at, attempts)
       SELECT r.id, r.id, 'timer', 'Preservation expiry', 'UNCC art. 42', 'preservation', 'PreservationExpire',
              r.id || '_5_PreservationExpire_0', 5,
              jsonb_build_object('expiresAt', r.case_data->'preservation'->>'expiresAt', 'action', 'expire'),
              2, (r.case_data->'preservation'->>'expiresAt')::timestamptz, 0
         FROM cooperation_requests r`,
    );
    await c.query('COMMIT');
    return { insertMs: performance.now() - t0 };
  });
}

function report(r: Record<string, number>): void {
  const rows: [string, string, string, string][] = [
    [
      'schedule 100k (ms)',
      String(round(r.engineScheduleMs, 0)),
      String(round(r.baselineScheduleMs, 0)),
      String(round(r.engineScheduleMs / r.baselineScheduleMs, 2)),
    ],
    [
      'schedule rate (/s)',
      String(round(r.engineSchedulePerSec, 0)),
      String(round(r.baselineSchedulePerSec, 0)),
      String(round(r.engineSchedulePerSec / r.baselineSchedulePerSec, 2)),
    ],
    ['lateness p50 (ms)', String(round(r.engineLateP50Ms)), String(round(r.baselineLateP50Ms)), '-'],
    ['lateness p99 (ms)', String(round(r.engineLateP99Ms)), String(round(r.baselineLateP99Ms)), '-'],
    [
      'sweep, 100k pending (ms)',
      String(round(r.sweepMsMedian)),
      String(round(r.sweepBaselineMsMedian)),
      String(round(r.sweepMsMedian / r.sweepBaselineMsMedian, 2)),
    ],
  ];
  say('');
  say(`| timers: ${TOTAL} pending, ${r.fired} fired during the run | engine | baseline | engine/baseline |`);
  say('|---|---|---|---|');
  for (const row of rows) {
    say(`| ${row.join(' | ')} |`);
  }
  say('');
  say(
    'Baselines: bare BullMQ delayed no-op jobs (scheduling, lateness); the due-rows count query alone (sweep).',
  );
  const json = { bench: 'timers', at: new Date().toISOString(), total: TOTAL, dueInRun: DUE_IN_RUN, ...r };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/timers-${Date.now()}.json`, JSON.stringify(json, null, 2));
  say(JSON.stringify(json));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench:timers failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
