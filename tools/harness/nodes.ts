import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '@/database/embedded/embedded-postgres';
import { FaultProxy } from '../fault-proxy';
import {
  engineScript,
  freePort,
  isRunning,
  type NodeProcess,
  samplePeak,
  sleep,
  stopProcess,
  tail,
} from './processes';
import { createScratchDatabase, deleteRedisPrefix, type ScratchDatabase } from './scratch';

/*
 * Several engine nodes on one machine, each a separate process of the built engine (dist/main.js) with its
 * own database, queue prefix, keys and origin, and one fault proxy per directed link when asked: for
 * `npm run test:federation`, the two-node demo and the integration tests. See startNodes.
 */

/** The countries given to nodes in order when a node names none (the demo's States first). */
export const DEFAULT_COUNTRIES = ['VNM', 'AUT', 'GHA', 'BRA', 'KEN', 'FRA', 'JPN', 'CAN'];

/**
 * Settings that make a node quick to test, among the engine's existing variables. The federation's own
 * fast-mode variables (backoff, heartbeats, delivery timeouts) are passed by the caller in `extraEnv`.
 */
export const FAST_ENV: Readonly<Record<string, string>> = {
  OUTBOX_POLL_MS: '200',
  OUTBOX_SWEEP_MS: '1000',
  JOB_ATTEMPTS: '3',
  WEBHOOK_BACKOFF_MS: '200',
  // Every node and the test talk from 127.0.0.x: limits that never bite (the limiter still runs).
  RATE_LIMIT_PER_IP: '100000000',
  RATE_LIMIT_PER_TOKEN: '100000000',
  SHUTDOWN_TIMEOUT_S: '10',
  STARTUP_WAIT_S: '30',
};

export interface NodeSpec {
  /** `A`, `B`, `C`... (letters and digits): names the node in links, logs and its database. */
  name: string;
  /** ISO 3166-1 alpha-3 (NODE_COUNTRY); default: DEFAULT_COUNTRIES in order. */
  country?: string;
  /** Variables for this node only (after extraEnv; undefined removes one). */
  env?: Record<string, string | undefined>;
}

/**
 * How a sender reaches a peer through the proxy of their link, with the peer's `@target-uri` and Host
 * still what the sender signed (the proxy changes neither):
 * - `origin` (default): a node with one incoming link has that link's proxy address as its NODE_ORIGIN, so
 *   every sender addresses the proxy as the peer's origin, and the receiver, whose own origin it is, sees
 *   the URI the sender signed. Only one proxy can be a node's origin: a node with several incoming links
 *   needs the next form.
 * - `{ connectToEnv }`: every node's NODE_ORIGIN is its own address; each sender is told, in the variable
 *   named here, to dial the peer's origin at its link proxy instead (`<origin>=<host>:<port>`, comma
 *   separated, like curl's --connect-to): the URL, Host and signature stay the peer's origin, only the TCP
 *   connection goes to the proxy. The engine's variable is FEDERATION_CONNECT_TO (src/modules/federation/dial.ts).
 */
export type Addressing = 'origin' | { connectToEnv: string };

export interface StartNodesOptions {
  nodes: ReadonlyArray<string | NodeSpec>;
  /** Directed links with a fault proxy: `[['A', 'B']]` puts proxy `A->B` on the way from A to B. */
  links?: ReadonlyArray<readonly [string, string]>;
  addressing?: Addressing;
  /** Variables for every node, after FAST_ENV and the harness's own (the federation's fast mode, etc.). */
  extraEnv?: Record<string, string | undefined>;
  /**
   * Run the nodes' queues on this Redis (each under its own QUEUE_PREFIX), e.g. to flush it under them.
   * Default: none, the queues run on PostgreSQL (in each node's database).
   */
  redisUrl?: string;
  /** A PostgreSQL to create the databases on (its `postgres` database); default TEST_PG_ADMIN_URL, else the embedded one. */
  pgAdminUrl?: string;
  /** How long each node may take to answer /health/ready. Default 120 s. */
  readyTimeoutMs?: number;
  /**
   * The address each node listens on and is named by, in order (default 127.0.0.2, .3...: one each). A
   * machine without the other loopback addresses (macOS) can give 127.0.0.1 to all: ports tell them apart.
   */
  hosts?: string[];
  /** The port of each node, in order (default: a free one each). */
  ports?: number[];
  /** Where the temporary folder goes (default the OS's). */
  tempDir?: string;
  /** Keep the temporary folder (logs, keys) after stop(), e.g. to read a failed run's logs. */
  keepFiles?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** The engine's entry points (default: engineMainScript() and the cli.js beside it). */
  mainScript?: string;
  cliScript?: string;
}

export interface EngineNode {
  readonly name: string;
  readonly country: string;
  /** The loopback address that names this node (127.0.0.2, .3...); see `url`. */
  readonly host: string;
  readonly port: number;
  /** Where the test reaches the node directly, bypassing every proxy. */
  readonly url: string;
  /** NODE_ORIGIN: the URL other nodes use to reach it (through its proxy in `origin` addressing). */
  readonly origin: string;
  /** ADMIN_TOKEN (the bootstrap operator admin). */
  readonly adminToken: string;
  /** A second, stored admin (`node dist/cli.js issue-admin-token`): pinning needs two different admins. */
  readonly secondAdminToken: string;
  /** A connection to the node's database (as the owner), for checks. */
  readonly db: Client;
  /** A new `db` connection, e.g. after PostgreSQL was restarted under the nodes. */
  reconnectDb(): Promise<void>;
  readonly database: string;
  readonly queuePrefix: string;
  /** Its folder: keys, heartbeat file, logs. */
  readonly dir: string;
  /** The variables it runs with (what the harness set; the rest is inherited). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The current process's pid (undefined while stopped). */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** The current process's log file (a new one per start: engine-1.log, engine-2.log...). */
  readonly logFile: string;
  /** How many times it was started. */
  readonly starts: number;
  /**
   * Sends a signal (default SIGKILL, a crash) and, for one that ends the process, waits until it is gone.
   * SIGSTOP/SIGCONT freeze and thaw it.
   */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it if running (SIGTERM, graceful), starts it again with the same database, keys and origin, waits for readiness. */
  restart(): Promise<void>;
  /** Stops the process (SIGTERM, then SIGKILL after 15 s); restart() brings it back. */
  stop(): Promise<void>;
  /** The last lines of its current log. */
  logTail(lines?: number): string;
  /** Runs `node dist/cli.js <args>` with the node's variables (e.g. rotate-federation-key); its stdout. */
  cli(args: string[]): Promise<string>;
}

export interface EngineNodes {
  readonly nodes: Record<string, EngineNode>;
  readonly list: EngineNode[];
  node(name: string): EngineNode;
  /** Proxies by link, `A->B`. */
  readonly proxies: Record<string, FaultProxy>;
  /** The proxy on the way from `from` to `to` (throws if that link has none). */
  proxy(from: string, to: string): FaultProxy;
  readonly dir: string;
  readonly pgAdminUrl: string;
  /** Nodes (origin, pid, starts) and each proxy's counters, for a test's final report. */
  report(): string;
  /**
   * Stops every process (by pid), closes the proxies, deletes the nodes' Redis keys (with `redisUrl`), drops
   * the databases, removes the folder. Idempotent.
   */
  stop(): Promise<void>;
}

const SIGNALS_THAT_DO_NOT_END = new Set<NodeJS.Signals>([
  'SIGSTOP',
  'SIGCONT',
  'SIGTSTP',
  'SIGTTIN',
  'SIGTTOU',
]);
const STOP_GRACE_MS = 15000;

/** The checkout this file belongs to (the folder with package.json above it). */
function checkoutRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json above ${__dirname}`);
    }
    dir = parent;
  }
  return dir;
}

/**
 * The built engine's dist/main.js: this checkout's (`npm run build`), or the build in HARNESS_ENGINE_DIR
 * (a folder like dist/ holding main.js and cli.js, e.g. built apart while others use dist/).
 */
export function engineMainScript(): string {
  const dir = process.env.HARNESS_ENGINE_DIR;
  if (!dir) {
    return engineScript('main.js');
  }
  const main = join(dir, 'main.js');
  if (!existsSync(main)) {
    throw new Error(`${main} is missing (HARNESS_ENGINE_DIR=${dir})`);
  }
  return main;
}

/**
 * Why the built engine cannot be used as is (missing, or older than some file of src/), or null when it
 * is current. The build is dated by its main.js (`nest build` rewrites the whole of dist/).
 */
export function engineBuildProblem(): string | null {
  let main: string;
  try {
    main = engineMainScript();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const src = join(checkoutRoot(), 'src');
  const built = statSync(main).mtimeMs;
  const newer = newestSource(src);
  if (newer && newer.mtimeMs > built) {
    return (
      `${main} is older than src/ (${newer.path.slice(src.length + 1)} changed after that build): ` +
      (process.env.HARNESS_ENGINE_DIR ? 'rebuild it' : 'run `npm run build` first')
    );
  }
  return null;
}

function newestSource(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'test-utils') {
        continue;
      }
      const inner = newestSource(path);
      if (inner && (!newest || inner.mtimeMs > newest.mtimeMs)) {
        newest = inner;
      }
    } else if (entry.name.endsWith('.ts') && !/\.(e2e-)?spec\.ts$/.test(entry.name)) {
      const mtimeMs = statSync(path).mtimeMs;
      if (!newest || mtimeMs > newest.mtimeMs) {
        newest = { path, mtimeMs };
      }
    }
  }
  return newest;
}

interface LinkPlan {
  from: string;
  to: string;
  proxy?: FaultProxy;
}

type ResolvedSpec = { name: string; country: string; env: NodeSpec['env'] };

/** Checks the nodes and links (before anything starts) and gives each node its country. */
export function checkTopology(options: Pick<StartNodesOptions, 'nodes' | 'links' | 'addressing'>): {
  specs: ResolvedSpec[];
  links: { from: string; to: string }[];
} {
  const specs = options.nodes.map((n, i): ResolvedSpec => {
    const spec = typeof n === 'string' ? { name: n } : n;
    if (!/^[A-Za-z][A-Za-z0-9]{0,15}$/.test(spec.name)) {
      throw new Error(`node name ${spec.name}: letters and digits, starting with a letter (at most 16)`);
    }
    return {
      name: spec.name,
      country: spec.country ?? DEFAULT_COUNTRIES[i % DEFAULT_COUNTRIES.length],
      env: spec.env,
    };
  });
  if (specs.length === 0 || specs.length > 200) {
    throw new Error('startNodes needs between 1 and 200 nodes');
  }
  const names = specs.map((s) => s.name);
  if (new Set(names).size !== names.length) {
    throw new Error(`node names must be distinct: ${names.join(', ')}`);
  }
  const links = (options.links ?? []).map(([from, to]) => {
    for (const n of [from, to]) {
      if (!names.includes(n)) {
        throw new Error(`link ${from}->${to}: no node ${n}`);
      }
    }
    if (from === to) {
      throw new Error(`link ${from}->${to}: a node has no link to itself`);
    }
    return { from, to };
  });
  const linkNames = links.map((l) => `${l.from}->${l.to}`);
  if (new Set(linkNames).size !== linkNames.length) {
    throw new Error(`links must be distinct: ${linkNames.join(', ')}`);
  }
  if ((options.addressing ?? 'origin') === 'origin') {
    for (const name of names) {
      const incoming = links.filter((l) => l.to === name);
      if (incoming.length > 1) {
        throw new Error(
          `node ${name} has ${incoming.length} incoming links (${incoming.map((l) => `${l.from}->${l.to}`).join(', ')}): ` +
            'only one proxy can be its origin; use addressing: { connectToEnv } (see Addressing)',
        );
      }
    }
  }
  return { specs, links };
}

/**
 * Each node's NODE_ORIGIN and, with `connectToEnv` addressing, the value of that variable: where it dials
 * each peer it has a link to (see Addressing). `direct` and `proxy` are `http://host:port` URLs.
 */
export function addressingPlan(
  nodes: ReadonlyArray<{ name: string; direct: string }>,
  links: ReadonlyArray<{ from: string; to: string; proxy: string }>,
  addressing: Addressing,
): Record<string, { origin: string; connectTo?: string }> {
  const originOf = (name: string): string => {
    const incoming = links.find((l) => l.to === name);
    const direct = nodes.find((n) => n.name === name)!.direct;
    return addressing === 'origin' && incoming ? incoming.proxy : direct;
  };
  const plan: Record<string, { origin: string; connectTo?: string }> = {};
  for (const node of nodes) {
    plan[node.name] = { origin: originOf(node.name) };
    if (typeof addressing === 'object') {
      plan[node.name].connectTo = links
        .filter((l) => l.from === node.name)
        .map((l) => `${originOf(l.to)}=${new URL(l.proxy).host}`)
        .join(',');
    }
  }
  return plan;
}

/**
 * Starts the nodes (in parallel) and the proxies of their links, and resolves once every node answers
 * /health/ready and has its second admin. On any failure everything started so far is removed and the
 * error names the node, with the end of its log. Each node gets (the harness's variables, which
 * `extraEnv` and a node's own `env` may override, in that order):
 * DATABASE_URL (its own `node_<name>_<random>` database; REDIS_URL unset unless `redisUrl` is given: the
 * queues run on PostgreSQL),
 * QUEUE_PREFIX, PORT and HOST, ADMIN_TOKEN, AUDIT_SIGNING_KEY_PATH, FEDERATION_KEY_PATH and
 * FEDERATION_NEXT_KEY_PATH in its folder, NODE_ORIGIN, NODE_COUNTRY, FEDERATION_ALLOW_HTTP=true,
 * WORKER_HEARTBEAT_FILE, WORKERS_ENABLED=true and RUN_MIGRATIONS=true, FAST_ENV, and NODE_ENV unset; the
 * rest of the test process's environment is inherited. It runs in its own folder (so that no .env of the
 * checkout is read).
 *
 * Each node listens on HOST, a loopback address of its own (127.0.0.2, .3...), on a port of its own, named
 * in `url` and NODE_ORIGIN.
 */
export async function startNodes(options: StartNodesOptions): Promise<EngineNodes> {
  const topology = checkTopology(options);
  const specs = topology.specs;
  const links: LinkPlan[] = topology.links;
  const addressing = options.addressing ?? 'origin';
  const log = options.log ?? (() => undefined);
  const mainScript = options.mainScript ?? engineMainScript();
  const cliScript = options.cliScript ?? join(dirname(mainScript), 'cli.js');

  const cluster = new Cluster(options.keepFiles ?? false, log);
  try {
    cluster.dir = mkdtempSync(join(options.tempDir ?? tmpdir(), 'coop-nodes-'));
    let pgAdminUrl = options.pgAdminUrl ?? process.env.TEST_PG_ADMIN_URL;
    if (!pgAdminUrl) {
      cluster.embedded = await EmbeddedPostgres.start({ dir: process.env.EMBEDDED_POSTGRES_DIR });
      pgAdminUrl = cluster.embedded.url('postgres');
      log(`embedded PostgreSQL on port ${cluster.embedded.port}`);
    }
    cluster.pgAdminUrl = pgAdminUrl;
    cluster.redisUrl = options.redisUrl;

    // Addresses first: a node's origin may be a proxy, and a proxy's upstream is a node.
    const suffix = randomBytes(4).toString('hex');
    const planned = await Promise.all(
      specs.map(async (spec, i) => ({
        spec,
        host: options.hosts?.[i] ?? `127.0.0.${2 + i}`,
        port: options.ports?.[i] ?? (await freePort()),
      })),
    );
    for (const [k, link] of links.entries()) {
      const to = planned.find((p) => p.spec.name === link.to)!;
      link.proxy = await FaultProxy.start({
        listen: `127.0.2.${1 + k}:0`,
        upstream: { host: to.host, port: to.port },
        name: `${link.from}->${link.to}`,
      });
      cluster.proxies[`${link.from}->${link.to}`] = link.proxy;
    }
    const plan = addressingPlan(
      planned.map((p) => ({ name: p.spec.name, direct: `http://${p.host}:${p.port}` })),
      links.map((l) => ({ from: l.from, to: l.to, proxy: l.proxy!.url })),
      addressing,
    );

    for (const { spec, host, port } of planned) {
      const lower = spec.name.toLowerCase();
      const dir = join(cluster.dir, spec.name);
      mkdirSync(dir, { recursive: true });
      const database = await createScratchDatabase(pgAdminUrl, `node_${lower}_${suffix}`);
      cluster.databases.push(database);
      const adminToken = `harness-admin-${lower}-${randomBytes(12).toString('hex')}`;
      const env: Record<string, string | undefined> = {
        ...FAST_ENV,
        DATABASE_URL: database.url,
        DATABASE_URL_FILE: undefined,
        DATABASE_PASSWORD_FILE: undefined,
        REDIS_URL: options.redisUrl,
        REDIS_URL_FILE: undefined,
        ADMIN_TOKEN_FILE: undefined,
        EMBEDDED_POSTGRES_DIR: undefined,
        NODE_ENV: undefined,
        // Whatever the test process's own environment says: API and workers in one process, migrated.
        WORKERS_ENABLED: 'true',
        RUN_MIGRATIONS: 'true',
        PORT: String(port),
        HOST: host,
        QUEUE_PREFIX: `node_${lower}_${suffix}`,
        ADMIN_TOKEN: adminToken,
        AUDIT_SIGNING_KEY_PATH: join(dir, 'audit-signing-key.pem'),
        FEDERATION_KEY_PATH: join(dir, 'federation-key.pem'),
        FEDERATION_NEXT_KEY_PATH: join(dir, 'federation-next-key.pem'),
        NODE_ORIGIN: plan[spec.name].origin,
        NODE_COUNTRY: spec.country,
        FEDERATION_ALLOW_HTTP: 'true',
        WORKER_HEARTBEAT_FILE: join(dir, 'worker.heartbeat'),
      };
      if (typeof addressing === 'object') {
        env[addressing.connectToEnv] = plan[spec.name].connectTo;
      }
      Object.assign(env, options.extraEnv ?? {}, spec.env ?? {});
      const node = new HarnessNode(
        spec.name,
        spec.country,
        host,
        port,
        `http://${host}:${port}`,
        env,
        dir,
        database,
        mainScript,
        cliScript,
        log,
      );
      cluster.add(node);
    }

    // Every start settles before a failure is acted on, so that no process is spawned after the clean-up.
    const started = await Promise.allSettled(
      cluster.list.map(async (node) => {
        await node.connectDb();
        await node.start(options.readyTimeoutMs ?? 120000);
        await node.issueSecondAdmin();
        log(`node ${node.name} (${node.country}) ready: ${node.url}, origin ${node.origin}, pid ${node.pid}`);
      }),
    );
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
    return cluster;
  } catch (err) {
    const logs = cluster.list
      .map((n) => (n.starts > 0 ? `--- node ${n.name} (${n.logFile})\n${n.logTail(30)}` : ''))
      .filter(Boolean)
      .join('\n');
    await cluster.stop();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(logs ? `${message}\n${logs}` : message, { cause: err });
  }
}

class HarnessNode implements EngineNode {
  private proc: NodeProcess | undefined;
  private startCount = 0;
  private second = '';
  private client: Client | undefined;
  private readyTimeoutMs = 120000;

  constructor(
    readonly name: string,
    readonly country: string,
    readonly host: string,
    readonly port: number,
    readonly url: string,
    readonly env: Readonly<Record<string, string | undefined>>,
    readonly dir: string,
    private readonly scratch: ScratchDatabase,
    private readonly mainScript: string,
    private readonly cliScript: string,
    private readonly log: (line: string) => void,
  ) {}

  get origin(): string {
    return this.env.NODE_ORIGIN ?? this.url;
  }

  get adminToken(): string {
    return this.env.ADMIN_TOKEN ?? '';
  }

  get secondAdminToken(): string {
    return this.second;
  }

  get db(): Client {
    if (!this.client) {
      throw new Error(`node ${this.name}: its database connection is closed`);
    }
    return this.client;
  }

  get database(): string {
    return this.scratch.name;
  }

  get queuePrefix(): string {
    return this.env.QUEUE_PREFIX ?? '';
  }

  get pid(): number | undefined {
    return this.running ? this.proc?.child.pid : undefined;
  }

  get running(): boolean {
    return isRunning(this.proc);
  }

  get logFile(): string {
    return join(this.dir, `engine-${Math.max(this.startCount, 1)}.log`);
  }

  get starts(): number {
    return this.startCount;
  }

  /** Every pid this node's processes had that may still be alive (for the exit-time cleanup). */
  livePid(): number | undefined {
    return this.pid;
  }

  async connectDb(): Promise<void> {
    const client = new Client({ connectionString: this.scratch.url });
    // A database dropped under it (stop) must not crash the test process.
    client.on('error', () => undefined);
    await client.connect();
    this.client = client;
  }

  async reconnectDb(): Promise<void> {
    await this.closeDb();
    await this.connectDb();
  }

  async closeDb(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  async start(readyTimeoutMs = this.readyTimeoutMs): Promise<void> {
    this.readyTimeoutMs = readyTimeoutMs;
    this.startCount++;
    this.proc = spawnEngine(`node ${this.name}`, this.mainScript, this.env, this.logFile, this.dir);
    await this.waitReady(readyTimeoutMs);
  }

  async issueSecondAdmin(): Promise<void> {
    const token = await runCli(
      this.cliScript,
      ['issue-admin-token', '--name', `Second admin of node ${this.name}`],
      this.env,
      this.dir,
    );
    if (!/^\S{16,}$/.test(token)) {
      throw new Error(
        `node ${this.name}: issue-admin-token printed no token (${JSON.stringify(token.slice(0, 200))})`,
      );
    }
    this.second = token;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = this.proc;
    if (!proc || !isRunning(proc)) {
      return;
    }
    samplePeak(proc);
    if (SIGNALS_THAT_DO_NOT_END.has(signal)) {
      proc.child.kill(signal);
      return;
    }
    const exited = new Promise<void>((resolve) => proc.child.once('exit', () => resolve()));
    if (signal !== 'SIGKILL') {
      // A frozen process would not act on the signal.
      proc.child.kill('SIGCONT');
    }
    proc.child.kill(signal);
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    this.log(`node ${this.name}: ${signal} (exit ${proc.child.exitCode ?? proc.child.signalCode})`);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
    this.log(`node ${this.name} restarted (start ${this.startCount}), pid ${this.pid}`);
  }

  async stop(): Promise<void> {
    if (this.proc && isRunning(this.proc)) {
      this.proc.child.kill('SIGCONT');
      await stopProcess(this.proc, STOP_GRACE_MS);
    }
  }

  logTail(lines = 40): string {
    return tail(this.logFile, lines);
  }

  cli(args: string[]): Promise<string> {
    return runCli(this.cliScript, args, this.env, this.dir);
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: string;
    for (;;) {
      if (!isRunning(this.proc)) {
        const child = this.proc?.child;
        throw new Error(
          `node ${this.name} exited during start-up (${child?.exitCode ?? child?.signalCode}): see ${this.logFile}`,
        );
      }
      try {
        const res = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(3000) });
        if (res.status === 200) {
          await res.body?.cancel();
          return;
        }
        last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `node ${this.name} not ready at ${this.url}/health/ready after ${timeoutMs} ms (${last})`,
        );
      }
      await sleep(200);
    }
  }
}

class Cluster implements EngineNodes {
  readonly nodes: Record<string, HarnessNode> = {};
  readonly proxies: Record<string, FaultProxy> = {};
  readonly databases: ScratchDatabase[] = [];
  embedded: EmbeddedPostgres | undefined;
  /** The Redis the queues run on, if any (its keys under each node's prefix are deleted at stop). */
  redisUrl: string | undefined;
  dir = '';
  pgAdminUrl = '';
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly keepFiles: boolean,
    private readonly log: (line: string) => void,
  ) {
    LIVE.add(this);
  }

  get list(): HarnessNode[] {
    return Object.values(this.nodes);
  }

  add(node: HarnessNode): void {
    this.nodes[node.name] = node;
  }

  node(name: string): HarnessNode {
    const node = this.nodes[name];
    if (!node) {
      throw new Error(`no node ${name} (nodes: ${Object.keys(this.nodes).join(', ')})`);
    }
    return node;
  }

  proxy(from: string, to: string): FaultProxy {
    const proxy = this.proxies[`${from}->${to}`];
    if (!proxy) {
      throw new Error(
        `no proxy on the link ${from}->${to} (links: ${Object.keys(this.proxies).join(', ') || 'none'})`,
      );
    }
    return proxy;
  }

  report(): string {
    const nodes = this.list.map(
      (n) =>
        `node ${n.name} (${n.country}): ${n.url}, origin ${n.origin}, database ${n.database}, ` +
        `${n.running ? `pid ${n.pid}` : 'stopped'}, started ${n.starts} time(s)`,
    );
    const proxies = Object.values(this.proxies).map((p) => p.report());
    return [...nodes, ...proxies].join('\n');
  }

  stop(): Promise<void> {
    this.stopping ??= this.removeEverything();
    return this.stopping;
  }

  private async removeEverything(): Promise<void> {
    await Promise.all(this.list.map((n) => n.stop().catch(() => undefined)));
    await Promise.all(Object.values(this.proxies).map((p) => p.close().catch(() => undefined)));
    await Promise.all(this.list.map((n) => n.closeDb()));
    if (this.redisUrl) {
      for (const node of this.list) {
        await deleteRedisPrefix(this.redisUrl, node.queuePrefix).catch((err: unknown) =>
          this.log(`could not delete the Redis keys under ${node.queuePrefix}: ${String(err)}`),
        );
      }
    }
    for (const db of this.databases.splice(0)) {
      await db.drop().catch((err: unknown) => this.log(`could not drop ${db.name}: ${String(err)}`));
    }
    if (this.embedded) {
      await this.embedded.stop().catch(() => undefined);
      this.embedded = undefined;
    }
    if (this.dir && !this.keepFiles) {
      rmSync(this.dir, { recursive: true, force: true });
    }
    LIVE.delete(this);
  }

  /**
   * At process exit (the test process dies without stop()): kill -9 the nodes, drop the databases with a
   * synchronous helper process, remove the folder. Nothing asynchronous runs at exit.
   */
  removeEverythingNow(): void {
    for (const node of this.list) {
      const pid = node.livePid();
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    }
    const names = this.databases.map((d) => d.name);
    if (names.length > 0 && this.pgAdminUrl) {
      dropDatabasesSync(this.pgAdminUrl, names);
    }
    if (this.dir && !this.keepFiles) {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** Clusters not stopped yet, cleaned up at process exit. */
const LIVE = new Set<Cluster>();
process.once('exit', () => {
  for (const cluster of LIVE) {
    cluster.removeEverythingNow();
  }
});

/**
 * For a script (not Jest): on SIGINT or SIGTERM, stop every cluster still running, then exit 130 / 143.
 */
export function stopNodesOnSignals(): void {
  const onSignal = (code: number): void => {
    void Promise.all([...LIVE].map((c) => c.stop().catch(() => undefined))).finally(() => process.exit(code));
  };
  process.once('SIGINT', () => onSignal(130));
  process.once('SIGTERM', () => onSignal(143));
}

function dropDatabasesSync(adminUrl: string, names: string[]): void {
  const script = `
    const { Client } = require(${JSON.stringify(require.resolve('pg'))});
    (async () => {
      const c = new Client({ connectionString: process.env.ADMIN_URL });
      await c.connect();
      for (const name of JSON.parse(process.env.NAMES)) {
        await c.query('DROP DATABASE IF EXISTS ' + name + ' WITH (FORCE)').catch(() => {});
      }
      await c.end();
    })().catch(() => process.exit(1));`;
  spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, ADMIN_URL: adminUrl, NAMES: JSON.stringify(names) },
    timeout: 20000,
    stdio: 'ignore',
  });
}

/**
 * Like processes.ts startNode, in the node's own folder: `node <script>` with `env` over ours (undefined
 * removes a variable), output appended to `logFile`.
 */
function spawnEngine(
  name: string,
  script: string,
  env: Readonly<Record<string, string | undefined>>,
  logFile: string,
  cwd: string,
): NodeProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [script], { env: mergeEnv(env), cwd, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const proc: NodeProcess = { name, child, logFile, peakRssKb: 0 };
  const sampler = setInterval(() => samplePeak(proc), 250);
  sampler.unref();
  child.once('exit', () => clearInterval(sampler));
  return proc;
}

function mergeEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) {
      delete merged[key];
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/** Runs `node <cli> <args>` with the node's variables; resolves with its stdout (trimmed). */
function runCli(
  cli: string,
  args: string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<string> {
  if (!existsSync(cli)) {
    return Promise.reject(new Error(`${cli} is missing: run \`npm run build\` first`));
  }
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: mergeEnv(env), cwd, timeout: 60000, maxBuffer: 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`node ${cli} ${args[0]} failed: ${err.message}\n${stderr}`));
        } else {
          resolve(stdout.trim());
        }
      },
    );
  });
}
