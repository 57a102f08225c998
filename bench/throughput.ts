import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { runMigrations } from '@/database/run-migrations';
import { bullmqBaseline, pgTransactionBaseline, type RateResult } from './baselines';
import { type BenchParties, expectStatus, pick, seedParties } from '../tools/harness/engine-client';
import { HttpClient, Latencies, round, SpreadingClient } from '../tools/harness/http-client';
import {
  cpuMsOf,
  engineScript,
  freePort,
  type NodeProcess,
  peakRssKbOf,
  samplePeak,
  sleep,
  startNode,
  stopProcess,
  tail,
  waitUntil,
} from '../tools/harness/processes';
import { summariseProfiles } from '../tools/harness/profile-summary';
import {
  createScratchDatabase,
  deleteRedisPrefix,
  type ScratchDatabase,
  scratchSuffix,
  withClient,
} from '../tools/harness/scratch';
import { mlaDraft, RESULTS_PAYLOAD } from '../tools/samples/drafts';

/**
 * `npm run bench`: the engine's end-to-end transition rate against the bare cost of the same work on this
 * machine, measured in the same run. Creates its own database and Redis prefix, starts the API
 * process(es) (WORKERS_ENABLED=false) and a worker as child processes, walks requests over HTTP, then runs the
 * baselines, prints one table (and JSON), and removes everything it created.
 *
 * Options: --requests N (walked requests, default 600), --concurrency C (parallel walks and baseline
 * loops, default 16), --baseline-seconds S (default 8), --jobs N (BullMQ baseline, default 5000),
 * --api-processes N (API processes behind the load generator's round robin, default 1),
 * --profile (CPU profiles of the API and the worker, summarised at the end).
 */

const RESULTS_DIR = resolve(process.cwd(), 'bench', 'results');
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The whole run must stop by itself within 5 minutes. */
const HARD_LIMIT_MS = 285_000;
/** How often the counterpart's system looks into its inbox while it expects a request. */
const INBOX_POLL_MS = 20;
/** The walk every measured request goes through: 6 transitions, 5 over HTTP and the delivery. */
const TRANSITIONS_PER_WALK = 6;

interface Options {
  requests: number;
  concurrency: number;
  baselineSeconds: number;
  jobs: number;
  apiProcesses: number;
  profile: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(`--${name} must be a positive integer`);
    }
    return n;
  };
  return {
    requests: value('requests', 600),
    concurrency: value('concurrency', 16),
    baselineSeconds: value('baseline-seconds', 8),
    jobs: value('jobs', 5000),
    apiProcesses: value('api-processes', 1),
    profile: argv.includes('--profile'),
  };
}

interface EngineResult {
  transitions: number;
  seconds: number;
  rate: number;
  requestsWalked: number;
  expectedTransitions: number;
  http: Record<string, ReturnType<Latencies['summary']>>;
  delivery: { db: ReturnType<Latencies['summary']>; client: ReturnType<Latencies['summary']> };
  deliveryPolls: number;
  errors: number;
}

/** Set when the API or the worker dies during the run: every walk stops at once. */
let fatal: Error | undefined;

const log = (msg: string): void => {
  process.stderr.write(`[bench] ${msg}\n`);
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const suffix = scratchSuffix();
  const prefix = `bench_${suffix}`;
  const runDir = join(RESULTS_DIR, runId);
  mkdirSync(runDir, { recursive: true });
  const hardLimit = setTimeout(() => {
    log(`over ${HARD_LIMIT_MS / 1000} s: giving up`);
    fatal = new Error('time limit reached');
    void cleanup().finally(() => process.exit(2));
  }, HARD_LIMIT_MS);
  hardLimit.unref();

  let db: ScratchDatabase | undefined;
  let apis: NodeProcess[] = [];
  let worker: NodeProcess | undefined;
  let http: HttpClient | undefined;
  let cleaned = false;
  let stopping = false;
  let cleaning: Promise<void> | undefined;
  // Once only, and every caller (the end of the run, Ctrl-C, the time limit) waits for the same work.
  const cleanup = (): Promise<void> => (cleaning ??= removeEverything());
  async function removeEverything(): Promise<void> {
    cleaned = true;
    http?.close();
    await Promise.all([...apis.map((a) => stopProcess(a, 15000)), stopProcess(worker, 15000)]);
    await db?.drop().catch((err: unknown) => log(`could not drop ${db?.name}: ${String(err)}`));
    await deleteRedisPrefix(REDIS_URL, prefix).catch((err: unknown) =>
      log(`could not clean Redis: ${String(err)}`),
    );
  }
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    db = await createScratchDatabase(PG_ADMIN_URL, `bench_${suffix}`);
    log(`database ${db.name}, Redis prefix ${prefix}, logs in ${runDir}`);
    await runMigrations(db.url);

    const ports: number[] = [];
    for (let i = 0; i < options.apiProcesses; i++) {
      ports.push(await freePort());
    }
    const adminToken = `bench-admin-${suffix}-${suffix}`;
    const env: Record<string, string> = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_URL,
      QUEUE_PREFIX: prefix,
      ADMIN_TOKEN: adminToken,
      RUN_MIGRATIONS: 'false',
      // The load comes from one address and a few tokens: limits that never bite, the limiter still runs.
      RATE_LIMIT_PER_IP: '100000000',
      RATE_LIMIT_PER_TOKEN: '100000000',
    };
    const nodeArgs = (name: string): string[] =>
      options.profile
        ? ['--cpu-prof', '--cpu-prof-dir', join(runDir, 'profiles'), `--cpu-prof-name=${name}.cpuprofile`]
        : [];
    const watch = (proc: NodeProcess): void => {
      proc.child.once('exit', (code, signal) => {
        if (!cleaned && !stopping) {
          fatal = new Error(`${proc.name} exited (${signal ?? code}) during the run:\n${tail(proc.logFile)}`);
        }
      });
    };
    // Several API processes (a deployment behind a load balancer), each on its own port.
    apis = ports.map((port, i) =>
      startNode(
        `api-${i + 1}`,
        engineScript('main.js'),
        { ...env, PORT: String(port), WORKERS_ENABLED: 'false' },
        join(runDir, `api-${i + 1}.log`),
        nodeArgs(`api-${i + 1}`),
      ),
    );
    worker = startNode(
      'worker',
      engineScript('worker.js'),
      env,
      join(runDir, 'worker.log'),
      nodeArgs('worker'),
    );
    apis.forEach(watch);
    watch(worker);
    const perApi = ports.map((port) => new HttpClient(`http://127.0.0.1:${port}`, options.concurrency * 2));
    http = new SpreadingClient(perApi);
    const client = http;
    for (const [i, one] of perApi.entries()) {
      await waitUntil(
        `API process ${i + 1} to answer /health`,
        async () => (await one.send('GET', '/health', null)).status === 200,
        30000,
      ).catch((err: Error) => {
        throw new Error(
          `${err.message}\n--- api log\n${tail(apis[i].logFile)}\n--- worker.log\n${tail(worker!.logFile)}`,
        );
      });
    }

    const parties = await seedParties(client, adminToken);
    log(`creating ${options.requests} drafts (+ warm-up)`);
    const warmup = Math.min(options.requests, options.concurrency * 4);
    const drafts = await createDrafts(client, parties, warmup + options.requests, options.concurrency);
    log('warm-up walk');
    await walkAll(
      client,
      parties,
      drafts.ids.slice(0, warmup),
      options.concurrency,
      new Map(),
      new Latencies(),
    );
    // The pg baseline runs on both sides of the measured walk, half its time each: when the machine's
    // speed drifts during a run (it does here), both figures of the ratio see the drift alike.
    const halfBaseline = options.baselineSeconds / 2;
    const pgLatency = new Latencies();
    log(
      `baseline (first half): bare pg transaction loop, ${options.concurrency} connections, ${halfBaseline} s`,
    );
    const benchCpuBefore = cpuMsOf('self');
    const pgBefore = await pgTransactionBaseline(db.url, options.concurrency, halfBaseline, pgLatency);
    const pgBeforeCpu = cpuMsOf('self') - benchCpuBefore;
    log(`measured walk: ${options.requests} requests, ${options.concurrency} in parallel`);
    const measured = drafts.ids.slice(warmup);
    const apiCpu = (): number => apis.reduce((sum, a) => sum + cpuMsOf(a.child.pid), 0);
    const cpuBefore = {
      api: apiCpu(),
      worker: cpuMsOf(worker.child.pid),
      bench: cpuMsOf('self'),
    };
    const engine = await measureEngine(client, db.url, parties, measured, options.concurrency);
    const cpuPerTransition = {
      api: round((apiCpu() - cpuBefore.api) / engine.transitions, 3),
      worker: round((cpuMsOf(worker.child.pid) - cpuBefore.worker) / engine.transitions, 3),
      loadGenerator: round((cpuMsOf('self') - cpuBefore.bench) / engine.transitions, 3),
    };
    const peaks = { api: Math.max(...apis.map(samplePeak)), worker: samplePeak(worker) };
    stopping = true;
    await Promise.all([...apis.map((a) => stopProcess(a, 15000)), stopProcess(worker, 15000)]);

    log(
      `baseline (second half): bare pg transaction loop, ${options.concurrency} connections, ${halfBaseline} s`,
    );
    const benchCpu = cpuMsOf('self');
    const pgAfter = await pgTransactionBaseline(db.url, options.concurrency, halfBaseline, pgLatency);
    const operations = pgBefore.operations + pgAfter.operations;
    const seconds = pgBefore.seconds + pgAfter.seconds;
    const pg: RateResult & { halves: number[] } = {
      rate: operations / seconds,
      operations,
      seconds,
      latency: pgLatency.summary(),
      halves: [round(pgBefore.rate), round(pgAfter.rate)],
    };
    const baselineCpuPerTx = round((pgBeforeCpu + cpuMsOf('self') - benchCpu) / pg.operations, 3);
    const workerConcurrency = Number(process.env.WORKER_CONCURRENCY ?? 8);
    log(`baseline: bare BullMQ no-op jobs, ${options.jobs} jobs, worker concurrency ${workerConcurrency}`);
    const bull = await bullmqBaseline(
      REDIS_URL,
      `${prefix}:baseline`,
      options.jobs,
      options.concurrency,
      workerConcurrency,
    );

    const report = {
      runId,
      machine: { cpus: cpus().length, node: process.version },
      options,
      baseline: {
        pgTransaction: { ...pg, clientCpuMsPerTransaction: baselineCpuPerTx },
        bullmqNoopJob: bull,
      },
      engine: { ...engine, createDrafts: drafts.rate, cpuMsPerTransition: cpuPerTransition },
      peakRssMb: { api: mb(peaks.api), worker: mb(peaks.worker), bench: mb(peakRssKbOf('self')) },
      ratio: {
        engineTransitionsOverPgBaseline: round(engine.rate / pg.rate, 3),
        target: 0.4,
      },
    };
    const profiles = options.profile ? await summariseProfilesAfterExit(join(runDir, 'profiles')) : undefined;
    const file = join(runDir, 'throughput.json');
    writeFileSync(file, JSON.stringify({ ...report, profiles }, null, 2));
    writeFileSync(join(RESULTS_DIR, 'latest.json'), JSON.stringify({ ...report, profiles }, null, 2));
    process.stdout.write(table(report) + '\n');
    if (profiles) {
      process.stdout.write(profiles.text + '\n');
    }
    process.stdout.write(JSON.stringify(report) + '\n');
    log(`results in ${file}`);
  } finally {
    await cleanup();
    clearTimeout(hardLimit);
  }
}

const mb = (kb: number): number => round(kb / 1024, 1);

async function summariseProfilesAfterExit(dir: string): Promise<ReturnType<typeof summariseProfiles>> {
  // Profiles are written when the processes exit (they were stopped above).
  await sleep(200);
  return summariseProfiles(dir);
}

async function createDrafts(
  http: HttpClient,
  parties: BenchParties,
  count: number,
  concurrency: number,
): Promise<{ ids: string[]; rate: number }> {
  const ids: string[] = new Array<string>(count);
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const n = next++;
        const res = expectStatus(
          'create draft',
          await http.send(
            'POST',
            '/v1/requests',
            pick(parties.vnm.officers, n),
            mlaDraft(parties.aut.authorityId, n),
          ),
          201,
        );
        ids[n] = (res.body as { id: string }).id;
      }
    }),
  );
  return { ids, rate: round(count / ((Date.now() - started) / 1000)) };
}

/** One request through submit -> (delivery) -> acknowledge -> accept -> start-execution -> transmit-results. */
async function walk(
  http: HttpClient,
  parties: BenchParties,
  id: string,
  n: number,
  lat: Map<string, Latencies>,
  delivery: Latencies,
  inbox: InboxWatcher,
): Promise<void> {
  const timed = async (action: string, token: string, payload: unknown): Promise<void> => {
    const res = await http.send('POST', `/v1/requests/${id}/actions/${action}`, token, payload);
    expectStatus(action, res, 200);
    record(lat, action, res.ms);
    record(lat, 'all actions', res.ms);
  };
  const submittedAt = Date.now();
  await timed('submit', pick(parties.vnm.officers, n), {});
  await inbox.arrival(id);
  if (fatal) {
    throw fatal;
  }
  delivery.add(Date.now() - submittedAt);
  await timed('acknowledge', pick(parties.aut.officers, n), {});
  await timed('accept', pick(parties.aut.approvers, n), {});
  await timed('start-execution', pick(parties.aut.officers, n), {});
  await timed('transmit-results', pick(parties.aut.approvers, n), RESULTS_PAYLOAD);
}

/**
 * The counterpart's system, learning of deliveries as a real one would: it polls its inbox for received
 * requests (GET /v1/requests?box=incoming&status=RECEIVED) every INBOX_POLL_MS while any walk waits, one
 * call for all the requests in flight, rather than each walk polling its own request.
 */
class InboxWatcher {
  polls = 0;
  private readonly waiting = new Map<string, { resolve: () => void; since: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly token: string,
    private readonly lat: Map<string, Latencies>,
  ) {}

  arrival(id: string): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve, since: Date.now() });
      this.timer ??= setTimeout(() => void this.poll(), INBOX_POLL_MS);
    });
  }

  private async poll(): Promise<void> {
    try {
      const res = await this.http.send(
        'GET',
        '/v1/requests?box=incoming&status=RECEIVED&limit=100',
        this.token,
      );
      this.polls++;
      record(this.lat, 'GET', res.ms);
      expectStatus('inbox poll', res, 200);
      for (const item of (res.body as { items: { id: string }[] }).items) {
        this.waiting.get(item.id)?.resolve();
        this.waiting.delete(item.id);
      }
      for (const [id, w] of this.waiting) {
        if (Date.now() - w.since > 60000) {
          fatal ??= new Error(`request ${id} not delivered after 60 s`);
        }
      }
    } catch (err) {
      fatal ??= err instanceof Error ? err : new Error(String(err));
    }
    if (fatal) {
      this.waiting.forEach((w) => w.resolve());
      this.waiting.clear();
    }
    this.timer = this.waiting.size > 0 ? setTimeout(() => void this.poll(), INBOX_POLL_MS) : undefined;
  }
}

function record(lat: Map<string, Latencies>, key: string, ms: number): void {
  let l = lat.get(key);
  if (!l) {
    l = new Latencies();
    lat.set(key, l);
  }
  l.add(ms);
}

async function walkAll(
  http: HttpClient,
  parties: BenchParties,
  ids: string[],
  concurrency: number,
  lat: Map<string, Latencies>,
  delivery: Latencies,
): Promise<{ polls: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const inbox = new InboxWatcher(http, parties.aut.officers[0], lat);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length && !fatal) {
        const n = next++;
        try {
          await walk(http, parties, ids[n], n, lat, delivery, inbox);
        } catch (err) {
          errors++;
          if (errors <= 5) {
            log(`walk failed: ${String(err)}`);
          }
        }
      }
    }),
  );
  if (fatal) {
    throw fatal;
  }
  return { polls: inbox.polls, errors };
}

async function measureEngine(
  http: HttpClient,
  dbUrl: string,
  parties: BenchParties,
  ids: string[],
  concurrency: number,
): Promise<EngineResult> {
  const lat = new Map<string, Latencies>();
  const clientDelivery = new Latencies();
  const started = process.hrtime.bigint();
  const { polls, errors } = await walkAll(http, parties, ids, concurrency, lat, clientDelivery);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Transitions actually recorded for the measured requests (from the audit log, not from the client).
  const counted = await withClient(dbUrl, async (c) => {
    const transitions = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_events WHERE request_id = ANY($1::uuid[]) AND action NOT IN ('create', 'edit')`,
      [ids],
    );
    const deliveries = await c.query<{ ms: number }>(
      `SELECT extract(epoch FROM (d.occurred_at - s.occurred_at)) * 1000 AS ms
         FROM audit_events s JOIN audit_events d ON d.request_id = s.request_id AND d.action = 'deliver'
        WHERE s.action = 'submit' AND s.request_id = ANY($1::uuid[])`,
      [ids],
    );
    return {
      transitions: Number(transitions.rows[0].n),
      deliveries: deliveries.rows.map((r) => Number(r.ms)),
    };
  });
  const dbDelivery = new Latencies();
  counted.deliveries.forEach((ms) => dbDelivery.add(ms));
  const http_: Record<string, ReturnType<Latencies['summary']>> = {};
  for (const [key, l] of lat) {
    http_[key] = l.summary();
  }
  return {
    transitions: counted.transitions,
    seconds: round(seconds, 2),
    rate: round(counted.transitions / seconds),
    requestsWalked: ids.length - errors,
    expectedTransitions: (ids.length - errors) * TRANSITIONS_PER_WALK,
    http: http_,
    delivery: { db: dbDelivery.summary(), client: clientDelivery.summary() },
    deliveryPolls: polls,
    errors,
  };
}

function table(r: {
  options: Options;
  baseline: {
    pgTransaction: RateResult & { clientCpuMsPerTransaction: number; halves: number[] };
    bullmqNoopJob: RateResult;
  };
  engine: EngineResult & {
    createDrafts: number;
    cpuMsPerTransition: { api: number; worker: number; loadGenerator: number };
  };
  peakRssMb: { api: number; worker: number; bench: number };
  ratio: { engineTransitionsOverPgBaseline: number; target: number };
}): string {
  const rows: [string, string, string, string][] = [
    ['measure', 'per second', 'p50 ms', 'p99 ms'],
    [
      `baseline: pg transaction (lock+update, audit, outbox), ${r.options.concurrency} conns`,
      fmt(r.baseline.pgTransaction.rate),
      fmt(r.baseline.pgTransaction.latency.p50),
      fmt(r.baseline.pgTransaction.latency.p99),
    ],
    [
      'baseline: BullMQ no-op jobs (add -> completed)',
      fmt(r.baseline.bullmqNoopJob.rate),
      fmt(r.baseline.bullmqNoopJob.latency.p50),
      fmt(r.baseline.bullmqNoopJob.latency.p99),
    ],
    [`engine: transitions end to end over HTTP, ${r.options.concurrency} walks`, fmt(r.engine.rate), '', ''],
  ];
  for (const [key, s] of Object.entries(r.engine.http)) {
    rows.push([
      `  HTTP ${key === 'GET' ? 'GET inbox (delivery poll, all walks)' : `POST ${key}`}`,
      '',
      fmt(s.p50),
      fmt(s.p99),
    ]);
  }
  rows.push([
    '  delivery submit -> RECEIVED (audit times)',
    '',
    fmt(r.engine.delivery.db.p50),
    fmt(r.engine.delivery.db.p99),
  ]);
  rows.push([
    '  delivery submit -> RECEIVED seen by client',
    '',
    fmt(r.engine.delivery.client.p50),
    fmt(r.engine.delivery.client.p99),
  ]);
  rows.push(['engine: create draft (setup, not in the ratio)', fmt(r.engine.createDrafts), '', '']);
  const width = rows
    .map((row) => row.map((c) => c.length))
    .reduce((a, b) => a.map((w, i) => Math.max(w, b[i])));
  const line = (row: string[]): string =>
    row.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [
    '',
    ...rows.map(line),
    '',
    `pg baseline before / after the walk: ${r.baseline.pgTransaction.halves.join(' / ')} per second`,
    `peak RSS: api ${r.options.apiProcesses} x up to ${r.peakRssMb.api} MB, worker ${r.peakRssMb.worker} MB, bench ${r.peakRssMb.bench} MB`,
    `CPU ms per transition: api (all processes) ${r.engine.cpuMsPerTransition.api}, worker ${r.engine.cpuMsPerTransition.worker}, ` +
      `load generator ${r.engine.cpuMsPerTransition.loadGenerator}; bare pg loop (client side) ${r.baseline.pgTransaction.clientCpuMsPerTransaction} per transaction`,
    `engine ${r.engine.transitions} transitions in ${r.engine.seconds} s (${r.engine.requestsWalked} requests, ${r.engine.errors} errors, ${r.engine.deliveryPolls} delivery polls)`,
    `ratio engine/baseline: ${r.ratio.engineTransitionsOverPgBaseline} (target >= ${r.ratio.target})`,
    '',
  ].join('\n');
}

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
