import type { RawEvent } from '@/modules/audit/audit.repository';
import 'reflect-metadata';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDatabase } from '@/database/ensure-database';
import { runMigrations } from '@/database/run-migrations';
import { type HashedEventFields, verifyChain } from '@/modules/audit/audit-hash';
import {
  type Channel,
  CHANNELS,
  type ChaosParties,
  CLOCK_ACTIONS,
  CLOCK_ENV,
  type Expectation,
  LINK_ACTIONS,
  type Scenario,
  type ScenarioClient,
  SCENARIOS,
  seedChaosParties,
} from './chaos-scenarios';
import { pick } from '../../tools/harness/engine-client';
import { HttpClient, type HttpResult } from '../../tools/harness/http-client';
import { PrivatePostgres } from '../../tools/harness/private-postgres';
import { startRedisServer } from '../../tools/harness/redis-server';
import {
  engineScript,
  freePort,
  isRunning,
  killProcess,
  type NodeProcess,
  sleep,
  startNode,
  stopProcess,
  tail,
  waitUntil,
} from '../../tools/harness/processes';
import { withClient } from '../../tools/harness/scratch';

/**
 * `npm run test:chaos`: load on the engine while a fault injector repeatedly kills the worker (kill -9) and
 * restarts it, flushes Redis and restarts (or crashes) Postgres. Everything runs on a private redis-server
 * and a private PostgreSQL instance started and removed by this script. Clients walk MLA, preservation,
 * extradition and 24/7 network requests through the scenarios of chaos-scenarios.ts, legal clocks firing during the faults
 * (Austria declares periods of seconds). Afterwards the database must show that every request the API
 * accepted reached exactly the state its action sequence implies, with an unbroken audit chain, no
 * transition recorded twice and no due outbox row left undone; and no call may have got a 500 (while
 * Postgres is down the API answers 503 and clients retry). Exits non-zero otherwise.
 *
 * Several API and worker processes, as an install that outgrew one machine runs them: the clients are spread
 * over the API processes (rate limits and the database shared), and each kill -9 takes one worker while the
 * others go on.
 *
 * Options: --seconds N (load duration, default 45), --clients N (default 10), --apis N and --workers N
 * (processes of each, default 2 and 2), --sabotage (damage the database before the check, to see the check
 * fail: one event deleted, one doubled, one outbox row undone).
 */

const RUN_DIR = resolve(
  process.cwd(),
  'bench',
  'results',
  `chaos-${new Date().toISOString().replace(/[:.]/g, '-')}`,
);
const HARD_LIMIT_MS = 170_000;

const log = (msg: string): void => {
  process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 23)}] ${msg}\n`);
};

interface Counters {
  requests: number;
  transitions: number;
  kills: number;
  flushes: number;
  pgRestarts: number;
  http503: number;
  http500: number;
  networkErrors: number;
  ambiguousResolved: number;
  probesWhileDown: number;
}

const counters: Counters = {
  requests: 0,
  transitions: 0,
  kills: 0,
  flushes: 0,
  pgRestarts: 0,
  http503: 0,
  http500: 0,
  networkErrors: 0,
  ambiguousResolved: 0,
  probesWhileDown: 0,
};
const failures: string[] = [];

class ScenarioError extends Error {}

/**
 * One client of the API. Every step is retried through 503s and connection errors; an action carries
 * If-Match, so that when its first attempt committed but the answer was lost, the retry's 412/409 is
 * resolved from the request's history instead of being applied twice.
 */
class Client implements ScenarioClient {
  /** The requests this run of a scenario drives (the first, and any follow-up it tracks). */
  private readonly mine: Expectation[] = [];

  constructor(
    private readonly http: HttpClient,
    readonly parties: ChaosParties,
    readonly n: number,
    private readonly expect: (channel: Channel, scenario: string) => Expectation,
  ) {}

  async run(scenario: Scenario): Promise<void> {
    const e = this.track(scenario.channel, scenario.name);
    await scenario.run(this, e);
    this.mine.forEach((x) => (x.done = true));
  }

  track(channel: Channel, scenario: string): Expectation {
    const e = this.expect(channel, scenario);
    this.mine.push(e);
    return e;
  }

  private async send(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    const deadline = Date.now() + 60000;
    for (;;) {
      let res: HttpResult | undefined;
      try {
        res = await this.http.send(
          method,
          path,
          token,
          typeof body === 'function' ? (body as () => unknown)() : body,
          headers,
        );
      } catch {
        counters.networkErrors++;
      }
      if (res && res.status !== 503 && res.status !== 500) {
        return res;
      }
      if (res?.status === 503) {
        counters.http503++;
      }
      if (res?.status === 500) {
        counters.http500++;
        failures.push(`500 on ${method} ${path}: ${JSON.stringify(res.body)}`);
      }
      if (Date.now() > deadline) {
        throw new ScenarioError(
          `${method} ${path}: no answer but ${res?.status ?? 'network errors'} for 60 s`,
        );
      }
      await sleep(150 + Math.random() * 250);
    }
  }

  async create(e: Expectation, body: Record<string, unknown>): Promise<void> {
    const res = await this.send('POST', '/v1/requests', pick(this.parties.vnm.officers, this.n), body);
    if (res.status !== 201) {
      throw new ScenarioError(`create: ${res.status} ${JSON.stringify(res.body)}`);
    }
    e.id = (res.body as { id: string }).id;
    e.actions.push('create');
    e.status = 'DRAFT';
    counters.requests++;
  }

  async edit(e: Expectation, patch: Record<string, unknown>): Promise<void> {
    const res = await this.send(
      'PATCH',
      `/v1/requests/${e.id}`,
      pick(this.parties.vnm.officers, this.n),
      patch,
    );
    if (res.status !== 200) {
      throw new ScenarioError(`edit: ${res.status} ${JSON.stringify(res.body)}`);
    }
    this.applied(e, 'edit', 'DRAFT');
  }

  /** Performs `action` at the version the expectation implies; resolves a lost answer from the history. */
  async act(e: Expectation, action: string, token: string, payload: unknown, to: string): Promise<void> {
    const version = e.actions.length;
    const res = await this.send('POST', `/v1/requests/${e.id}/actions/${action}`, token, payload, {
      'if-match': `"${version}"`,
    });
    if (res.status === 200) {
      this.applied(e, action, to);
      return;
    }
    if (res.status === 412 || res.status === 409) {
      const history = await this.send(
        'GET',
        `/v1/requests/${e.id}/history`,
        pick(this.parties.vnm.officers, this.n),
      );
      const event = (history.body as { seq: number; action: string }[]).find?.(
        (ev) => ev.seq === version + 1,
      );
      if (history.status === 200 && event?.action === action) {
        counters.ambiguousResolved++;
        this.applied(e, action, to);
        return;
      }
    }
    throw new ScenarioError(
      `${action} on ${e.id} at version ${version}: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }

  private applied(e: Expectation, action: string, to: string): void {
    e.actions.push(action);
    e.status = to;
    counters.transitions++;
  }

  /** Waits until the system (delivery job, timers, a linked request) has taken the request to `status`. */
  async awaitSystem(
    e: Expectation,
    actions: string | string[],
    status: string,
    token: string,
  ): Promise<void> {
    const deadline = Date.now() + 90000;
    for (;;) {
      const res = await this.send('GET', `/v1/requests/${e.id}`, token);
      if (res.status === 200 && (res.body as { status: string }).status === status) {
        for (const action of typeof actions === 'string' ? [actions] : actions) {
          this.applied(e, action, status);
        }
        return;
      }
      if (Date.now() > deadline) {
        throw new ScenarioError(
          `${e.id} not ${status} after 90 s (last ${res.status} ${JSON.stringify(res.body).slice(0, 200)})`,
        );
      }
      await sleep(100);
    }
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const seconds = opt('seconds', 45);
  const clients = opt('clients', 10);
  const apiCount = Math.max(1, opt('apis', 2));
  const workerCount = Math.max(1, opt('workers', 2));
  mkdirSync(RUN_DIR, { recursive: true });
  const started = Date.now();
  let pg: PrivatePostgres | undefined;
  let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
  const apis: NodeProcess[] = [];
  const workers: (NodeProcess | undefined)[] = [];
  const https: HttpClient[] = [];
  let cleaning: Promise<void> | undefined;
  // Once only, and every caller (the end of the run, Ctrl-C, the time limit) waits for the same work.
  const cleanup = (): Promise<void> => (cleaning ??= removeEverything());
  const removeEverything = async (): Promise<void> => {
    https.forEach((h) => h.close());
    await Promise.all([...apis, ...workers].map((p) => stopProcess(p, 10000)));
    await redis?.stop().catch(() => undefined);
    pg?.stop();
  };
  const hardLimit = setTimeout(() => {
    log(`over ${HARD_LIMIT_MS / 1000} s: giving up`);
    void cleanup().finally(() => process.exit(3));
  }, HARD_LIMIT_MS);
  hardLimit.unref();
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  let ok: boolean;
  try {
    const privatePg = await new PrivatePostgres().start();
    pg = privatePg;
    const privateRedis = await startRedisServer();
    redis = privateRedis;
    const dbUrl = privatePg.url.replace(/\/postgres$/, '/chaos');
    await ensureDatabase(dbUrl);
    await runMigrations(dbUrl);
    log(`private postgres on ${privatePg.port}, private redis at ${privateRedis.url}; logs in ${RUN_DIR}`);

    const adminToken = `chaos-admin-${Date.now()}-token`;
    const env: Record<string, string> = {
      DATABASE_URL: dbUrl,
      REDIS_URL: privateRedis.url,
      QUEUE_PREFIX: 'chaos',
      ADMIN_TOKEN: adminToken,
      RUN_MIGRATIONS: 'false',
      OUTBOX_POLL_MS: '200',
      OUTBOX_SWEEP_MS: '1000',
      // Few attempts: a job that keeps failing while Postgres is down is dropped and re-offered by the sweep.
      JOB_ATTEMPTS: '3',
      RATE_LIMIT_PER_IP: '1000000000',
      RATE_LIMIT_PER_TOKEN: '1000000000',
      ...CLOCK_ENV,
    };
    for (let i = 0; i < apiCount; i++) {
      const port = await freePort();
      const api = startNode(
        `api-${i + 1}`,
        engineScript('main.js'),
        { ...env, PORT: String(port), WORKERS_ENABLED: 'false' },
        join(RUN_DIR, `api-${i + 1}.log`),
      );
      apis.push(api);
      const h = new HttpClient(`http://127.0.0.1:${port}`, clients * 4, 20000);
      https.push(h);
      await waitUntil(
        'an API process',
        async () => (await h.send('GET', '/health', null)).status === 200,
        30000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n${tail(api.logFile)}`);
      });
    }
    let workerGeneration = 0;
    const startWorker = (): NodeProcess =>
      startNode('worker', engineScript('worker.js'), env, join(RUN_DIR, `worker-${++workerGeneration}.log`));
    for (let i = 0; i < workerCount; i++) {
      workers.push(startWorker());
    }
    const client = https[0];
    const parties = await seedChaosParties(client, adminToken);

    // Load: each client runs scenarios back to back until the end of the load period.
    const expectations: Expectation[] = [];
    const expect = (channel: Channel, scenario: string): Expectation => {
      const e: Expectation = { id: '', channel, scenario, actions: [], status: '', done: false };
      expectations.push(e);
      return e;
    };
    const loadEnds = Date.now() + seconds * 1000;
    let seq = 0;
    const loaders = Array.from({ length: clients }, async (_, c) => {
      while (Date.now() < loadEnds) {
        const n = seq++;
        const scenario = SCENARIOS[n % SCENARIOS.length];
        try {
          await new Client(https[c % https.length], parties, n, expect).run(scenario);
        } catch (err) {
          failures.push(`client ${c}, ${scenario.name} (run ${n}): ${String(err)}`);
        }
      }
    });

    // Faults, in turn, until the load period ends.
    const faultLog: FaultWindow[] = [];
    const faults = (async () => {
      let turn = 0;
      await sleep(2000);
      while (Date.now() < loadEnds - 3000) {
        const kind = turn++ % 3;
        if (kind === 0) {
          const w = counters.kills % workers.length;
          log(`kill -9 worker ${w + 1} of ${workers.length}`);
          const from = Date.now();
          await killProcess(workers[w]);
          counters.kills++;
          await sleep(300 + Math.random() * 1200);
          workers[w] = startWorker();
          faultLog.push({ kind: 'kill', from, to: Date.now() });
        } else if (kind === 1) {
          log('FLUSHALL');
          const at = Date.now();
          await privateRedis.flushAll();
          counters.flushes++;
          faultLog.push({ kind: 'flush', from: at, to: at });
        } else {
          const mode = counters.pgRestarts % 2 === 0 ? 'immediate' : 'fast';
          log(`postgres restart (${mode})`);
          const from = Date.now();
          const down = privatePg.restart(mode, 1500);
          // While it is down, the API must say 503, never 500.
          await sleep(300);
          for (let i = 0; i < 3; i++) {
            const res = await client
              .send('GET', '/v1/authorities/x', pick(parties.vnm.officers, i))
              .catch(() => undefined);
            const probe = await client
              .send(
                'GET',
                `/v1/requests/${expectations[0]?.id || '00000000-0000-4000-8000-000000000000'}`,
                pick(parties.vnm.officers, i),
              )
              .catch(() => undefined);
            for (const r of [res, probe]) {
              if (r) {
                counters.probesWhileDown++;
                if (r.status >= 500 && r.status !== 503) {
                  failures.push(`while Postgres was down: ${r.status} ${JSON.stringify(r.body)}`);
                }
              }
            }
          }
          await down;
          counters.pgRestarts++;
          faultLog.push({ kind: 'postgres', from, to: Date.now() });
        }
        await sleep(2500 + Math.random() * 2000);
      }
    })();

    await Promise.all([...loaders, faults]);
    log(`load over after ${Math.round((Date.now() - started) / 1000)} s; waiting for the outbox to drain`);
    workers.forEach((w, i) => {
      if (!isRunning(w)) {
        workers[i] = startWorker();
      }
    });
    const undone = async (): Promise<number> =>
      withClient(dbUrl, async (c) =>
        Number(
          (
            await c.query<{ n: string }>(
              'SELECT count(*) AS n FROM outbox WHERE processed_at IS NULL AND run_at <= now()',
            )
          ).rows[0].n,
        ),
      );
    await waitUntil('the outbox to drain', async () => (await undone()) === 0, 60000, 250).catch(
      (err: Error) => failures.push(err.message),
    );

    if (argv.includes('--sabotage')) {
      await sabotage(dbUrl, expectations);
    }
    const verdict = await verify(dbUrl, expectations);
    const channels = perChannel(expectations);
    const exposure = await clockExposure(dbUrl, faultLog);
    const report = {
      processes: { apis: apiCount, workers: workerCount },
      ...counters,
      channels,
      scenarios: Object.fromEntries(
        SCENARIOS.map((sc) => [sc.name, expectations.filter((e) => e.scenario === sc.name && e.done).length]),
      ),
      timers: { ...verdict.timers, ...exposure },
      lost: verdict.lost,
      duplicated: verdict.duplicated,
      brokenChains: verdict.brokenChains,
      undoneOutbox: verdict.undone,
      orphanDrafts: verdict.orphans,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(
      [
        '',
        `requests     ${report.requests}`,
        `transitions  ${report.transitions}`,
        ...CHANNELS.map(
          (ch) =>
            `  ${ch.padEnd(13)}${String(channels[ch].requests).padStart(4)} requests (${channels[ch].completed} walked to the end), ` +
            `${channels[ch].transitions} transitions, of which ${channels[ch].deliveries} deliveries, ` +
            `${channels[ch].clocks} by legal clocks, ${channels[ch].linked} by a linked request`,
        ),
        `legal clocks fired ${report.timers.applied} (latest ${report.timers.latestSeconds} s after due), ` +
          `void when due ${report.timers.skipped}; struck by a fault: ${exposure.pendingAtFlush} pending in Redis ` +
          `at a FLUSHALL, ${exposure.dueWhileWorkerDead} due while the worker was dead, ` +
          `${exposure.dueWhilePostgresDown} due while Postgres was down`,
        `kills        ${report.kills}`,
        `flushes      ${report.flushes}`,
        `pg restarts  ${report.pgRestarts}`,
        `503 answers  ${report.http503} (retried), 500 answers ${report.http500}, connection errors ${report.networkErrors}`,
        `lost answers resolved from the history: ${report.ambiguousResolved}; probes while Postgres was down: ${report.probesWhileDown}`,
        `lost         ${report.lost}`,
        `duplicated   ${report.duplicated}`,
        `broken audit chains ${report.brokenChains}, undone outbox rows ${report.undoneOutbox}, unacknowledged drafts ${report.orphanDrafts}`,
        '',
        JSON.stringify(report),
        '',
      ].join('\n'),
    );
    failures.push(...verdict.problems);
    ok =
      failures.length === 0 &&
      report.lost === 0 &&
      report.duplicated === 0 &&
      report.brokenChains === 0 &&
      report.undoneOutbox === 0 &&
      report.http500 === 0 &&
      report.kills > 0 &&
      report.flushes > 0 &&
      report.pgRestarts > 0;
  } finally {
    await cleanup();
    clearTimeout(hardLimit);
  }
  if (ok) {
    rmSync(RUN_DIR, { recursive: true, force: true });
  }
  if (!ok) {
    process.stderr.write(
      `\nCHAOS FAILED:\n${failures
        .slice(0, 30)
        .map((f) => `  - ${f}`)
        .join('\n')}\n`,
    );
    process.exit(1);
  }
  process.stdout.write('chaos: nothing lost, nothing doubled\n');
}

/** Damages what the check must catch: a lost transition, a doubled one, an undone outbox row. */
async function sabotage(dbUrl: string, expectations: Expectation[]): Promise<void> {
  const done = expectations.filter((e) => e.done);
  await withClient(dbUrl, async (c) => {
    // The audit log refuses changes through triggers; a superuser of this private server can skip them.
    await c.query('SET session_replication_role = replica');
    await c.query(
      'DELETE FROM audit_events WHERE request_id = $1 AND seq = (SELECT max(seq) FROM audit_events WHERE request_id = $1)',
      [done[0].id],
    );
    await c.query(
      `INSERT INTO audit_events (request_id, seq, action, from_status, to_status, actor_type, payload, occurred_at, prev_hash, hash)
       SELECT request_id, seq + 100, action, from_status, to_status, actor_type, payload, occurred_at, hash, hash
         FROM audit_events WHERE request_id = $1 AND action = 'deliver'`,
      [done[1].id],
    );
    await c.query('UPDATE outbox SET processed_at = NULL WHERE id = (SELECT min(id) FROM outbox)');
  });
  log(
    `sabotaged ${done[0].id} (last event deleted), ${done[1].id} (delivery doubled), one outbox row undone`,
  );
}

interface FaultWindow {
  kind: 'kill' | 'flush' | 'postgres';
  from: number;
  /** The worker restarted, Postgres up again (a flush is an instant). */
  to: number;
}

/**
 * How many of the legal clocks that came due during the run a fault struck: wiped from Redis while pending,
 * or due while the worker or Postgres was down.
 */
async function clockExposure(
  dbUrl: string,
  faultLog: FaultWindow[],
): Promise<{ pendingAtFlush: number; dueWhileWorkerDead: number; dueWhilePostgresDown: number }> {
  const clocks = await withClient(
    dbUrl,
    async (c) =>
      (
        await c.query<{ created_at: Date; run_at: Date }>(
          `SELECT created_at, run_at FROM outbox WHERE kind = 'timer' AND processed_at IS NOT NULL`,
        )
      ).rows,
  );
  const struck = (
    kind: FaultWindow['kind'],
    hit: (created: number, due: number, f: FaultWindow) => boolean,
  ) =>
    clocks.filter((t) =>
      faultLog.some((f) => f.kind === kind && hit(t.created_at.getTime(), t.run_at.getTime(), f)),
    ).length;
  return {
    pendingAtFlush: struck('flush', (created, due, f) => created < f.from && due > f.from),
    dueWhileWorkerDead: struck('kill', (_, due, f) => due >= f.from && due <= f.to),
    dueWhilePostgresDown: struck('postgres', (_, due, f) => due >= f.from && due <= f.to),
  };
}

interface ChannelFigures {
  requests: number;
  completed: number;
  transitions: number;
  deliveries: number;
  clocks: number;
  linked: number;
}

/** Per channel: requests created, walked to the end, and the transitions they imply (by whom). */
function perChannel(expectations: Expectation[]): Record<Channel, ChannelFigures> {
  const figures = (channel: Channel): ChannelFigures => {
    const list = expectations.filter((e) => e.channel === channel && e.id);
    const count = (actions: readonly string[]): number =>
      list.reduce((sum, e) => sum + e.actions.filter((a) => actions.includes(a)).length, 0);
    return {
      requests: list.length,
      completed: list.filter((e) => e.done).length,
      transitions: list.reduce((sum, e) => sum + e.actions.length - 1, 0),
      deliveries: count(['deliver']),
      clocks: count(CLOCK_ACTIONS),
      linked: count(LINK_ACTIONS),
    };
  };
  return Object.fromEntries(CHANNELS.map((ch) => [ch, figures(ch)])) as Record<Channel, ChannelFigures>;
}

const tally = (actions: string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  actions.forEach((a) => counts.set(a, (counts.get(a) ?? 0) + 1));
  return counts;
};

interface EventRow extends HashedEventFields {
  id: string;
  hash: string;
}

/** Compares what the database holds with what the clients know they did. */
async function verify(
  dbUrl: string,
  expectations: Expectation[],
): Promise<{
  lost: number;
  duplicated: number;
  brokenChains: number;
  undone: number;
  orphans: number;
  timers: { applied: number; skipped: number; latestSeconds: number };
  problems: string[];
}> {
  return withClient(dbUrl, async (c) => {
    const problems: string[] = [];
    const rows = (await c.query<RawEvent>('SELECT * FROM audit_events ORDER BY request_id, seq')).rows;
    const events = new Map<string, EventRow[]>();
    for (const r of rows) {
      const list = events.get(r.request_id) ?? [];
      list.push({
        id: String(r.id),
        requestId: r.request_id,
        seq: r.seq,
        action: r.action,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        actorType: r.actor_type,
        actorUserId: r.actor_user_id,
        actorAuthorityId: r.actor_authority_id,
        payload: r.payload,
        occurredAt: r.occurred_at,
        prevHash: r.prev_hash,
        hash: r.hash,
      });
      events.set(r.request_id, list);
    }
    const requests = new Map(
      (
        await c.query<{ id: string; status: string; version: number }>(
          'SELECT id, status, version FROM cooperation_requests',
        )
      ).rows.map((r) => [r.id, r]),
    );
    let lost = 0;
    let duplicated = 0;
    let brokenChains = 0;
    for (const [id, list] of events) {
      const chain = verifyChain(list, requests.get(id)?.version);
      if (!chain.valid) {
        brokenChains++;
        problems.push(`audit chain of ${id} broken: ${JSON.stringify(chain.brokenAt)}`);
      }
    }
    const known = new Set<string>();
    for (const e of expectations.filter((x) => x.id)) {
      known.add(e.id);
      const row = requests.get(e.id);
      const actual = (events.get(e.id) ?? []).map((ev) => ev.action);
      if (!row) {
        lost += e.actions.length;
        problems.push(`${e.id} (${e.scenario}) accepted by the API but not in the database`);
        continue;
      }
      // Each action as many times as expected (once, but for reminders): more is a transition recorded
      // twice (or one that should not have happened), fewer is a lost one.
      const expected = tally(e.actions);
      const found = tally(actual);
      const extra = [...found]
        .map(([a, n]) => [a, n - (expected.get(a) ?? 0)] as const)
        .filter(([, d]) => d > 0);
      if (extra.length > 0) {
        duplicated += extra.reduce((sum, [, d]) => sum + d, 0);
        problems.push(
          `${e.id} (${e.scenario}): recorded more often than done: ${extra.map(([a, d]) => `${a} +${d}`).join(', ')}`,
        );
      }
      const missing = [...expected].reduce((sum, [a, n]) => sum + Math.max(0, n - (found.get(a) ?? 0)), 0);
      lost += missing;
      const inOrder = e.actions.length === actual.length && e.actions.every((a, i) => actual[i] === a);
      if (!inOrder || row.status !== e.status || row.version !== e.actions.length) {
        problems.push(
          `${e.id} (${e.scenario}): expected ${e.actions.join(',')} -> ${e.status} v${e.actions.length}, ` +
            `found ${actual.join(',')} -> ${row.status} v${row.version}`,
        );
        if (missing === 0 && extra.length === 0) {
          lost++;
        }
      }
    }
    const orphans = [...requests.keys()].filter((id) => !known.has(id)).length;
    const undone = Number(
      (
        await c.query<{ n: string }>(
          'SELECT count(*) AS n FROM outbox WHERE processed_at IS NULL AND run_at <= now()',
        )
      ).rows[0].n,
    );
    if (undone > 0) {
      problems.push(`${undone} due outbox rows left undone`);
    }
    const doubled = await c.query<{ request_id: string; job_id: string; n: string }>(
      'SELECT request_id, job_id, count(*) AS n FROM outbox GROUP BY request_id, job_id HAVING count(*) > 1',
    );
    duplicated += doubled.rowCount ?? 0;
    // Legal clocks that came due: applied (their occasion held) or skipped (voided by a later transition).
    const clocks = (
      await c.query<{ outcome: string | null; n: string; latest: string | null }>(
        `SELECT outcome, count(*) AS n, max(extract(epoch FROM processed_at - run_at)) AS latest
           FROM outbox WHERE kind = 'timer' AND processed_at IS NOT NULL GROUP BY outcome`,
      )
    ).rows;
    const applied = clocks.find((r) => r.outcome === 'applied');
    const timers = {
      applied: Number(applied?.n ?? 0),
      skipped: clocks.filter((r) => r.outcome !== 'applied').reduce((sum, r) => sum + Number(r.n), 0),
      latestSeconds: Math.round(Number(applied?.latest ?? 0) * 10) / 10,
    };
    return { lost, duplicated, brokenChains, undone, orphans, timers, problems };
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
