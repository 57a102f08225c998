import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { migrateQueueSchema } from '@/database/queue-schema';
import { runMigrations } from '@/database/run-migrations';
import { bullmqBaseline, pgTransactionBaseline, type RateResult } from './baselines';
import { type CrossNodeResult, measureCrossNode } from './cross-node';
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
import {
  machineCpuMs,
  postgresCpuBetween,
  redisServerCpuMs,
  samplePostgresCpu,
} from '../tools/harness/server-cpu';
import { mlaDraft, RESULTS_PAYLOAD } from '../tools/samples/drafts';

/**
 * `npm run bench`: the engine's end-to-end transition rate against the bare cost of the same work on this
 * machine, measured in the same run, with the queues on Redis and with the queues on PostgreSQL (BullMQ's
 * PostgreSQL backend) side by side. For each backend it creates its own database on the same PostgreSQL
 * server (and, for Redis, its own key prefix), starts the API process(es) (WORKERS_ENABLED=false) and a
 * worker as child processes, walks requests over HTTP, and stops them. One baseline serves both: the bare
 * pg transaction loop, run in equal slices before, between and after the measured walks (so that drift of
 * the machine's speed during the run reaches both ratios alike), and the bare BullMQ no-op job on each
 * backend. Prints one table (and JSON), and removes everything it created.
 *
 * Options: --backends redis,postgres (which queue backends, in this order; default both),
 * --requests N (walked requests per backend, default 600), --concurrency C (parallel walks and baseline
 * loops, default 16), --baseline-seconds S (the pg baseline's total time, default 9), --jobs N (BullMQ
 * baseline, default 5000), --api-processes N (API processes behind the load generator's round robin,
 * default 1), --profile (CPU profiles of the API and the worker, summarised at the end),
 * --cross-node-requests N (requests walked across two nodes, default 120; 0: no cross-node figure).
 * The cross-node figure (bench/cross-node.ts) walks the same requests with Viet Nam's authority on one node
 * and Austria's on another, the queues on the first backend's kind, against that backend's single-node rate.
 * Environment: BENCH_PG_URL (the PostgreSQL server's `postgres` database, default the machine's on
 * 127.0.0.1:5432), BENCH_REDIS_URL or REDIS_URL (default redis://127.0.0.1:6379).
 */

const RESULTS_DIR = resolve(process.cwd(), 'bench', 'results');
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * The whole run stops by itself: about 25 s per backend and 40 s for the cross-node figure with the
 * defaults, given up after this.
 */
const HARD_LIMIT_MS = 260_000;
/** How often the counterpart's system looks into its inbox while it expects a request. */
const INBOX_POLL_MS = 20;
/** The walk every measured request goes through: 6 transitions, 5 over HTTP and the delivery. */
const TRANSITIONS_PER_WALK = 6;

type Backend = 'redis' | 'postgres';
const BACKENDS: readonly Backend[] = ['redis', 'postgres'];
const BACKEND_TITLE: Record<Backend, string> = { redis: 'queues on Redis', postgres: 'queues on PostgreSQL' };

interface Options {
  backends: Backend[];
  requests: number;
  concurrency: number;
  baselineSeconds: number;
  jobs: number;
  apiProcesses: number;
  profile: boolean;
  crossNodeRequests: number;
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
  const b = argv.indexOf('--backends');
  const backends = (b >= 0 ? (argv[b + 1] ?? '') : BACKENDS.join(','))
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const unknown = backends.filter((x) => !(BACKENDS as readonly string[]).includes(x));
  if (backends.length === 0 || unknown.length > 0) {
    throw new Error(
      `--backends takes a comma-separated list of ${BACKENDS.join(', ')} (got "${argv[b + 1] ?? ''}")`,
    );
  }
  return {
    backends: [...new Set(backends as Backend[])],
    requests: value('requests', 600),
    concurrency: value('concurrency', 16),
    baselineSeconds: value('baseline-seconds', 9),
    jobs: value('jobs', 5000),
    apiProcesses: value('api-processes', 1),
    profile: argv.includes('--profile'),
    crossNodeRequests: argv.includes('--cross-node-requests')
      ? nonNegative(argv[argv.indexOf('--cross-node-requests') + 1])
      : 120,
  };
}

function nonNegative(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error('--cross-node-requests must be a whole number, 0 or more');
  }
  return n;
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

/** CPU ms per transition during the measured walk; undefined where it could not be measured. */
interface CpuPerTransition {
  api: number;
  worker: number;
  loadGenerator: number;
  /** The PostgreSQL server: the backends of this backend's database and the server's background work. */
  postgresServer: number | undefined;
  /** The whole redis-server (shared: other clients' work included); undefined when the queues are on PostgreSQL. */
  redisServer: number | undefined;
  /** Every process of the machine (other work included). */
  machine: number;
  /** The machine less everything above: other work that ran during the walk (near 0 on a quiet machine). */
  otherWork: number;
}

interface BackendResult {
  backend: Backend;
  database: string;
  engine: EngineResult & { createDrafts: number; cpuMsPerTransition: CpuPerTransition };
  bullmqNoopJob: RateResult;
  peakRssMb: { api: number; worker: number };
  /** Engine transitions per second over the pg baseline's (the same baseline for every backend). */
  ratio: number;
}

/** Set when the API or the worker dies during the run: every walk stops at once. */
let fatal: Error | undefined;

const log = (msg: string): void => {
  process.stderr.write(`[bench] ${msg}\n`);
};

const load = (): number[] => loadavg().map((x) => round(x, 2));

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const suffix = scratchSuffix();
  const prefix = `bench_${suffix}`;
  const runDir = join(RESULTS_DIR, runId);
  mkdirSync(runDir, { recursive: true });
  const loadAtStart = load();
  const hardLimit = setTimeout(() => {
    log(`over ${HARD_LIMIT_MS / 1000} s: giving up`);
    fatal = new Error('time limit reached');
    void cleanup().finally(() => process.exit(2));
  }, HARD_LIMIT_MS);
  hardLimit.unref();

  const databases: ScratchDatabase[] = [];
  const processes: NodeProcess[] = [];
  /** Processes stopped on purpose: their exit is no failure. */
  const stopped = new Set<NodeProcess>();
  const clients: HttpClient[] = [];
  let cleaned = false;
  let cleaning: Promise<void> | undefined;
  // Once only, and every caller (the end of the run, Ctrl-C, the time limit) waits for the same work.
  const cleanup = (): Promise<void> => (cleaning ??= removeEverything());
  async function removeEverything(): Promise<void> {
    cleaned = true;
    clients.forEach((c) => c.close());
    await Promise.all(processes.map((p) => stopProcess(p, 15000)));
    for (const db of databases) {
      await db.drop().catch((err: unknown) => log(`could not drop ${db.name}: ${String(err)}`));
    }
    if (options.backends.includes('redis')) {
      await deleteRedisPrefix(REDIS_URL, prefix).catch((err: unknown) =>
        log(`could not clean Redis: ${String(err)}`),
      );
    }
  }
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  const stopAll = async (procs: NodeProcess[]): Promise<void> => {
    procs.forEach((p) => stopped.add(p));
    await Promise.all(procs.map((p) => stopProcess(p, 15000)));
  };
  const watch = (proc: NodeProcess): void => {
    proc.child.once('exit', (code, signal) => {
      if (!cleaned && !stopped.has(proc)) {
        fatal = new Error(`${proc.name} exited (${signal ?? code}) during the run:\n${tail(proc.logFile)}`);
      }
    });
  };

  try {
    if (options.backends.includes('redis')) {
      await redisServerCpuMs(REDIS_URL).catch((err: unknown) => {
        throw new Error(
          `the queues on Redis need a Redis at ${REDIS_URL} (BENCH_REDIS_URL), or run --backends postgres: ${String(err)}`,
        );
      });
    }
    const adminToken = `bench-admin-${suffix}-${suffix}`;
    const workerConcurrency = Number(process.env.WORKER_CONCURRENCY ?? 8);
    // The pg baseline: equal slices before the first walk, between walks and after the last one, all on the
    // first backend's database (copies of its tables, see pgTransactionBaseline).
    const slices = options.backends.length + 1;
    const sliceSeconds = options.baselineSeconds / slices;
    const pgLatency = new Latencies();
    const pgSlices: RateResult[] = [];
    let baselineDbUrl = '';
    let baselineClientCpu = 0;
    const pgSlice = async (which: string): Promise<void> => {
      log(
        `baseline (${which}): bare pg transaction loop, ${options.concurrency} connections, ${round(sliceSeconds, 2)} s`,
      );
      const before = cpuMsOf('self');
      pgSlices.push(await pgTransactionBaseline(baselineDbUrl, options.concurrency, sliceSeconds, pgLatency));
      baselineClientCpu += cpuMsOf('self') - before;
    };
    const results: BackendResult[] = [];

    for (const [index, backend] of options.backends.entries()) {
      const db = await createScratchDatabase(
        PG_ADMIN_URL,
        `bench_${suffix}_${backend === 'redis' ? 'r' : 'p'}`,
      );
      databases.push(db);
      log(
        `${BACKEND_TITLE[backend]}: database ${db.name}` +
          (backend === 'redis' ? `, Redis ${REDIS_URL} prefix ${prefix}` : ', BullMQ in its schema bullmq') +
          `, logs in ${runDir}`,
      );
      await runMigrations(db.url);
      if (backend === 'postgres') {
        await migrateQueueSchema(db.url);
      }
      const ports: number[] = [];
      for (let i = 0; i < options.apiProcesses; i++) {
        ports.push(await freePort());
      }
      const env: Record<string, string | undefined> = {
        DATABASE_URL: db.url,
        // Unset: the queues run on PostgreSQL (src/config/backends.ts), whatever our own environment says.
        REDIS_URL: backend === 'redis' ? REDIS_URL : undefined,
        REDIS_URL_FILE: undefined,
        DATABASE_URL_FILE: undefined,
        QUEUE_PREFIX: prefix,
        ADMIN_TOKEN: adminToken,
        RUN_MIGRATIONS: 'false',
        // The load comes from one address and a few tokens: limits that never bite, the limiter still runs.
        RATE_LIMIT_PER_IP: '100000000',
        RATE_LIMIT_PER_TOKEN: '100000000',
      };
      const nodeArgs = (name: string): string[] =>
        options.profile
          ? [
              '--cpu-prof',
              '--cpu-prof-dir',
              join(runDir, `profiles-${backend}`),
              `--cpu-prof-name=${name}.cpuprofile`,
            ]
          : [];
      // Several API processes (a deployment behind a load balancer), each on its own port.
      const apis = ports.map((port, i) =>
        startNode(
          `${backend} api-${i + 1}`,
          engineScript('main.js'),
          { ...env, PORT: String(port), WORKERS_ENABLED: 'false' },
          join(runDir, `${backend}-api-${i + 1}.log`),
          nodeArgs(`api-${i + 1}`),
        ),
      );
      const worker = startNode(
        `${backend} worker`,
        engineScript('worker.js'),
        env,
        join(runDir, `${backend}-worker.log`),
        nodeArgs('worker'),
      );
      processes.push(...apis, worker);
      apis.forEach(watch);
      watch(worker);
      const perApi = ports.map((port) => new HttpClient(`http://127.0.0.1:${port}`, options.concurrency * 2));
      const client = new SpreadingClient(perApi);
      clients.push(client);
      for (const [i, one] of perApi.entries()) {
        const health = await waitUntil(
          `API process ${i + 1} (${BACKEND_TITLE[backend]}) to answer /health`,
          async () => {
            const res = await one.send('GET', '/health', null);
            return res.status === 200 ? res : undefined;
          },
          30000,
        ).catch((err: Error) => {
          throw new Error(
            `${err.message}\n--- api log\n${tail(apis[i].logFile)}\n--- worker log\n${tail(worker.logFile)}`,
          );
        });
        // The engine says where its queues run; a different answer (e.g. a REDIS_URL from .env) is a wrong run.
        const inUse = queueBackendOf(health.body);
        if (inUse === undefined) {
          log(`API process ${i + 1}: /health does not name its queue backend; taking it to be ${backend}`);
        } else if (inUse !== backend) {
          throw new Error(
            `API process ${i + 1} reports its queues on ${inUse}, not ${backend} (is REDIS_URL in .env?)`,
          );
        }
      }

      const parties = await seedParties(client, adminToken);
      log(`${backend}: creating ${options.requests} drafts (+ warm-up)`);
      const warmup = Math.min(options.requests, options.concurrency * 4);
      const drafts = await createDrafts(client, parties, warmup + options.requests, options.concurrency);
      log(`${backend}: warm-up walk`);
      await walkAll(
        client,
        parties,
        drafts.ids.slice(0, warmup),
        options.concurrency,
        new Map(),
        new Latencies(),
      );
      if (index === 0) {
        baselineDbUrl = db.url;
        await pgSlice('before the first walk');
      }
      log(`${backend}: measured walk, ${options.requests} requests, ${options.concurrency} in parallel`);
      const measured = drafts.ids.slice(warmup);
      const apiCpu = (): number => apis.reduce((sum, a) => sum + cpuMsOf(a.child.pid), 0);
      const before = {
        api: apiCpu(),
        worker: cpuMsOf(worker.child.pid),
        bench: cpuMsOf('self'),
        machine: machineCpuMs(),
        postgres: await samplePostgresCpu(PG_ADMIN_URL, db.name).catch(() => undefined),
        redis: backend === 'redis' ? await redisServerCpuMs(REDIS_URL) : undefined,
      };
      const engine = await measureEngine(client, db.url, parties, measured, options.concurrency);
      const after = {
        api: apiCpu(),
        worker: cpuMsOf(worker.child.pid),
        bench: cpuMsOf('self'),
        machine: machineCpuMs(),
        postgres: await samplePostgresCpu(PG_ADMIN_URL, db.name).catch(() => undefined),
        redis: backend === 'redis' ? await redisServerCpuMs(REDIS_URL) : undefined,
      };
      const per = (ms: number | undefined): number | undefined =>
        ms === undefined ? undefined : round(ms / engine.transitions, 3);
      const postgresMs = postgresCpuBetween(before.postgres, after.postgres);
      const redisMs =
        after.redis !== undefined && before.redis !== undefined ? after.redis - before.redis : undefined;
      const ours = [
        after.api - before.api,
        after.worker - before.worker,
        after.bench - before.bench,
        postgresMs ?? 0,
        redisMs ?? 0,
      ];
      const machineMs = after.machine - before.machine;
      const cpuMsPerTransition: CpuPerTransition = {
        api: per(ours[0])!,
        worker: per(ours[1])!,
        loadGenerator: per(ours[2])!,
        postgresServer: per(postgresMs),
        redisServer: per(redisMs),
        machine: per(machineMs)!,
        otherWork: per(Math.max(0, machineMs - ours.reduce((a, b) => a + b, 0)))!,
      };
      const peaks = { api: Math.max(...apis.map(samplePeak)), worker: samplePeak(worker) };
      await stopAll([...apis, worker]);
      client.close();

      await pgSlice(index === options.backends.length - 1 ? 'after the last walk' : 'between the walks');
      log(
        `${backend}: baseline: bare BullMQ no-op jobs, ${options.jobs} jobs, worker concurrency ${workerConcurrency}`,
      );
      const bull = await bullmqBaseline(
        backend === 'redis'
          ? { backend: 'redis', url: REDIS_URL, prefix: `${prefix}:baseline` }
          : { backend: 'postgres', databaseUrl: db.url },
        options.jobs,
        options.concurrency,
        workerConcurrency,
      );
      results.push({
        backend,
        database: db.name,
        engine: { ...engine, createDrafts: drafts.rate, cpuMsPerTransition },
        bullmqNoopJob: bull,
        peakRssMb: { api: mb(peaks.api), worker: mb(peaks.worker) },
        ratio: 0,
      });
    }

    let crossNode: (CrossNodeResult & { singleNodeRate: number; ratio: number }) | undefined;
    if (options.crossNodeRequests > 0) {
      const first = results[0];
      const measuredCross = await measureCrossNode({
        pgAdminUrl: PG_ADMIN_URL,
        redisUrl: first.backend === 'redis' ? REDIS_URL : undefined,
        requests: options.crossNodeRequests,
        concurrency: options.concurrency,
        log,
        stopped: () => fatal !== undefined,
      });
      crossNode = {
        ...measuredCross,
        singleNodeRate: first.engine.rate,
        ratio: round(measuredCross.rate / first.engine.rate, 3),
      };
    }

    const operations = pgSlices.reduce((sum, x) => sum + x.operations, 0);
    const seconds = pgSlices.reduce((sum, x) => sum + x.seconds, 0);
    const pg: RateResult & { slices: number[]; clientCpuMsPerTransaction: number } = {
      rate: operations / seconds,
      operations,
      seconds,
      latency: pgLatency.summary(),
      slices: pgSlices.map((x) => round(x.rate)),
      clientCpuMsPerTransaction: round(baselineClientCpu / operations, 3),
    };
    for (const r of results) {
      r.ratio = round(r.engine.rate / pg.rate, 3);
    }
    const report: Report = {
      runId,
      machine: {
        cpus: cpus().length,
        node: process.version,
        loadAverage: { atStart: loadAtStart, atEnd: load() },
      },
      options,
      baseline: { pgTransaction: pg },
      backends: results,
      crossNode,
      peakRssMbBench: mb(peakRssKbOf('self')),
      target: 0.4,
    };
    const profiles = options.profile
      ? await summariseProfilesAfterExit(options.backends.map((b) => join(runDir, `profiles-${b}`)))
      : undefined;
    const file = join(runDir, 'throughput.json');
    writeFileSync(file, JSON.stringify({ ...report, profiles }, null, 2));
    writeFileSync(join(RESULTS_DIR, 'latest.json'), JSON.stringify({ ...report, profiles }, null, 2));
    process.stdout.write(table(report) + '\n');
    for (const p of profiles ?? []) {
      process.stdout.write(`${p.dir}\n${p.text}\n`);
    }
    process.stdout.write(JSON.stringify(report) + '\n');
    log(`results in ${file}`);
  } finally {
    await cleanup();
    clearTimeout(hardLimit);
  }
}

interface Report {
  runId: string;
  machine: { cpus: number; node: string; loadAverage: { atStart: number[]; atEnd: number[] } };
  options: Options;
  baseline: { pgTransaction: RateResult & { slices: number[]; clientCpuMsPerTransaction: number } };
  backends: BackendResult[];
  crossNode?: CrossNodeResult & { singleNodeRate: number; ratio: number };
  peakRssMbBench: number;
  target: number;
}

/** The queue backend a /health answer names (`redis` or `queue`, each with its `backend`). */
function queueBackendOf(body: unknown): Backend | undefined {
  const seen = JSON.stringify(body ?? null);
  const match = /"backend":"(redis|postgres)"/.exec(seen);
  return match ? (match[1] as Backend) : undefined;
}

const mb = (kb: number): number => round(kb / 1024, 1);

async function summariseProfilesAfterExit(
  dirs: string[],
): Promise<(ReturnType<typeof summariseProfiles> & { dir: string })[]> {
  // Profiles are written when the processes exit (they were stopped above).
  await sleep(200);
  return dirs.map((dir) => ({ dir, ...summariseProfiles(dir) }));
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

/** The side-by-side table: one group of columns per backend, the shared baseline above it. */
function table(r: Report): string {
  const pg = r.baseline.pgTransaction;
  const titles = r.backends.map((b) => BACKEND_TITLE[b.backend]);

  // Rates and latencies: three columns per backend.
  const rows: string[][] = [['measure', ...r.backends.flatMap(() => ['per second', 'p50 ms', 'p99 ms'])]];
  const row = (label: string, cell: (b: BackendResult) => [string, string, string]): void => {
    rows.push([label, ...r.backends.flatMap(cell)]);
  };
  row(`engine: transitions end to end over HTTP, ${r.options.concurrency} walks`, (b) => [
    fmt(b.engine.rate),
    '',
    '',
  ]);
  const keys = [...new Set(r.backends.flatMap((b) => Object.keys(b.engine.http)))];
  for (const key of keys) {
    row(`  HTTP ${key === 'GET' ? 'GET inbox (delivery poll, all walks)' : `POST ${key}`}`, (b) => {
      const s = b.engine.http[key];
      return s ? ['', fmt(s.p50), fmt(s.p99)] : ['', '-', '-'];
    });
  }
  row('  delivery submit -> RECEIVED (audit times)', (b) => [
    '',
    fmt(b.engine.delivery.db.p50),
    fmt(b.engine.delivery.db.p99),
  ]);
  row('  delivery submit -> RECEIVED seen by client', (b) => [
    '',
    fmt(b.engine.delivery.client.p50),
    fmt(b.engine.delivery.client.p99),
  ]);
  row('baseline: BullMQ no-op jobs on that backend (add -> completed)', (b) => [
    fmt(b.bullmqNoopJob.rate),
    fmt(b.bullmqNoopJob.latency.p50),
    fmt(b.bullmqNoopJob.latency.p99),
  ]);
  row('engine: create draft (setup, not in the ratio)', (b) => [fmt(b.engine.createDrafts), '', '']);

  // One figure per backend.
  const figures: string[][] = [['per backend', ...titles]];
  const figure = (label: string, value: (b: BackendResult) => number | undefined, digits = 3): void => {
    figures.push([
      label,
      ...r.backends.map((b) => {
        const v = value(b);
        return v === undefined ? '-' : v.toFixed(digits);
      }),
    ]);
  };
  figure(`ratio engine / pg baseline (${fmt(pg.rate)}/s, the same for both)`, (b) => b.ratio);
  figure(
    'CPU ms per transition: API process' + (r.options.apiProcesses > 1 ? 'es (all)' : ''),
    (b) => b.engine.cpuMsPerTransition.api,
  );
  figure('CPU ms per transition: worker process', (b) => b.engine.cpuMsPerTransition.worker);
  figure(
    'CPU ms per transition: load generator (this process)',
    (b) => b.engine.cpuMsPerTransition.loadGenerator,
  );
  figure(
    'CPU ms per transition: PostgreSQL server (this database, background)',
    (b) => b.engine.cpuMsPerTransition.postgresServer,
  );
  figure(
    'CPU ms per transition: redis-server (whole server)',
    (b) => b.engine.cpuMsPerTransition.redisServer,
  );
  figure(
    'CPU ms per transition: machine (every process, other work included)',
    (b) => b.engine.cpuMsPerTransition.machine,
  );
  figure(
    '  of which other work (the machine less the rows above)',
    (b) => b.engine.cpuMsPerTransition.otherWork,
  );
  figure('peak RSS MB: API process', (b) => b.peakRssMb.api, 1);
  figure('peak RSS MB: worker process', (b) => b.peakRssMb.worker, 1);

  const labelWidth = Math.max(...[...rows, ...figures].map((x) => x[0].length));
  const render = (lines: string[][], header?: string[]): string[] => {
    const width = lines
      .map((x) => x.map((c) => c.length))
      .reduce((a, b) => a.map((w, i) => Math.max(w, b[i])));
    width[0] = labelWidth;
    const out = lines.map((x) =>
      x.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  '),
    );
    if (header) {
      // Each backend's title over its three columns.
      const spans = header.map((title, k) => {
        const span = width.slice(1 + k * 3, 4 + k * 3).reduce((a, w) => a + w, 0) + 4;
        return title.padStart(span);
      });
      out.unshift([''.padEnd(labelWidth), ...spans].join('  '));
    }
    return out;
  };
  const sliceNames = ['before', ...r.backends.slice(0, -1).map(() => 'between'), 'after'];
  return [
    '',
    `baseline: bare pg transaction (lock+update, audit, outbox), ${r.options.concurrency} connections: ` +
      `${fmt(pg.rate)} per second, p50 ${fmt(pg.latency.p50)} ms, p99 ${fmt(pg.latency.p99)} ms ` +
      `(client CPU ${pg.clientCpuMsPerTransaction} ms per transaction)`,
    `  slices ${sliceNames.join(' / ')} the walks: ${pg.slices.map(fmt).join(' / ')} per second`,
    '',
    ...render(rows, titles),
    '',
    ...render(figures),
    '',
    ...r.backends.map(
      (b) =>
        `${BACKEND_TITLE[b.backend]}: ${b.engine.transitions} transitions in ${b.engine.seconds} s ` +
        `(${b.engine.requestsWalked} requests, ${b.engine.errors} errors, ${b.engine.deliveryPolls} delivery polls), ` +
        `ratio ${b.ratio} (target >= ${r.target})`,
    ),
    ...crossNodeLines(r),
    `machine: ${r.machine.cpus} CPUs, Node ${r.machine.node}, load average (1, 5, 15 min) ` +
      `${r.machine.loadAverage.atStart.join(', ')} at the start, ${r.machine.loadAverage.atEnd.join(', ')} at the end; ` +
      `bench peak RSS ${r.peakRssMbBench} MB`,
    '',
  ].join('\n');
}

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

/** The cross-node figure against the single-node one of the same run. */
function crossNodeLines(r: Report): string[] {
  const c = r.crossNode;
  if (!c) {
    return [];
  }
  return [
    '',
    `across two nodes (${BACKEND_TITLE[c.queues]}; each node one process, API and workers): ` +
      `${fmt(c.rate)} transitions per second against ${fmt(c.singleNodeRate)} on one node in this run ` +
      `(ratio ${c.ratio}); ${c.transitions} transitions of ${c.requests} requests in ${c.seconds} s, ` +
      `${c.concurrency} walks, ${c.errors} errors`,
    `  delivery node to node (envelope written -> stored by the other node, ${c.envelopes} envelopes): ` +
      `p50 ${fmt(c.envelope.p50)} ms, p99 ${fmt(c.envelope.p99)} ms, max ${fmt(c.envelope.max)} ms`,
    `  submit on one node -> RECEIVED on the other: p50 ${fmt(c.submitToReceived.p50)} ms, ` +
      `p99 ${fmt(c.submitToReceived.p99)} ms`,
    '',
  ];
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
