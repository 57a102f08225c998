/**
 * An operator's first hour, on the server as built for production (dist/main.js, dist/worker.js), run as
 * child processes: a backend that does not answer at start-up, one that comes back during the wait, one
 * that goes away while the engine runs, and the signals an orchestrator sends meanwhile. Every line the
 * process writes must be JSON; a problem is said naming the variable and the address; start-up waits a
 * bounded time (STARTUP_WAIT_S) and then exits 1; SIGTERM exits 0 within seconds, whatever is down.
 *
 * The backends that "go away" or "come back" sit behind a TCP gate of this test (a port that forwards to
 * the test's PostgreSQL or Redis, or refuses), so no server is stopped. The ports nothing listens on come
 * from binding port 0 on 127.0.0.1 and closing. `/health` answering 503 within a second with Redis down
 * is checked by durability.e2e-spec.ts, not here.
 *
 * dist/ is what `npm run build` made (CI builds before the tests); when it is missing or older than a
 * file of src/, beforeAll builds it first (about 15 s).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { cpuMsOf, engineScript, freePort } from '../../tools/harness/processes';

const ROOT = join(__dirname, '..', '..');
const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Set: the queues run on this Redis (its own prefix per run); unset: on PostgreSQL. */
const REDIS_URL = process.env.TEST_REDIS_URL;

jest.setTimeout(120000);

/** A started engine process: its output, line by line (both streams), and its end. */
class EngineProcess {
  readonly lines: { stream: 'stdout' | 'stderr'; text: string }[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  private readonly child: ChildProcess;
  private readonly waiters: (() => void)[] = [];

  constructor(script: 'main.js' | 'worker.js', env: Record<string, string>, cwd: string) {
    this.child = spawn(process.execPath, [engineScript(script)], {
      cwd,
      // Only what we set (and PATH): no DATABASE_URL or REDIS_URL of the test run leaks in.
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      let rest = '';
      this.child[stream]?.setEncoding('utf8');
      this.child[stream]?.on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const text of parts) {
          this.lines.push({ stream, text });
        }
        this.waiters.splice(0).forEach((wake) => wake());
      });
      this.child[stream]?.on('end', () => {
        if (rest) {
          this.lines.push({ stream, text: rest });
          rest = '';
        }
      });
    }
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        // Let the pipes deliver what is left.
        setTimeout(() => {
          this.waiters.splice(0).forEach((wake) => wake());
          resolve({ code, signal, at: Date.now() });
        }, 100);
      }),
    );
  }

  /** Every line parsed (fails the test on the first line that is not a JSON object). */
  entries(): Record<string, unknown>[] {
    return this.lines.map(({ stream, text }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`a line on ${stream} is not JSON: ${text}`);
      }
      if (typeof parsed !== 'object' || parsed === null) {
        throw new Error(`a line on ${stream} is not a JSON object: ${text}`);
      }
      return parsed as Record<string, unknown>;
    });
  }

  /** Resolves with the first line (parsed) whose msg matches; fails after `timeoutMs` or if the process ends. */
  async waitForMessage(pattern: RegExp, timeoutMs = 30000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void this.exited.then(() => (ended = true));
    for (;;) {
      const found = this.lines
        .map(({ text }) => safeParse(text))
        .find((e) => typeof e?.msg === 'string' && pattern.test(e.msg));
      if (found) {
        return found;
      }
      if (ended || Date.now() > deadline) {
        throw new Error(
          `no line matching ${pattern} (${ended ? 'the process ended' : 'timed out'}):\n${this.output()}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  signal(name: NodeJS.Signals): number {
    this.child.kill(name);
    return Date.now();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(): void {
    if (this.running()) {
      this.child.kill('SIGKILL');
    }
  }

  output(): string {
    return this.lines.map((l) => `${l.stream}: ${l.text}`).join('\n');
  }
}

function safeParse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A port on 127.0.0.1 that forwards to a backend while open, and refuses connections while closed
 * (closing also cuts the connections it carries): a backend that goes away, or comes back.
 */
class TcpGate {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((client) => {
        const upstream = connect(this.target.port, this.target.host);
        for (const s of [client, upstream]) {
          this.sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => {
            this.sockets.delete(s);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
      this.server = server;
    });
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.sockets.forEach((s) => s.destroy());
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

function target(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)) };
}

/** URL with its host and port replaced by 127.0.0.1:<port> (same user, password and database). */
function viaPort(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

async function httpStatus(port: number, path: string): Promise<number | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) });
    return res.status;
  } catch {
    return undefined;
  }
}

async function waitForStatus(port: number, path: string, status: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: number | undefined;
  while ((last = await httpStatus(port, path)) !== status) {
    if (Date.now() > deadline) {
      throw new Error(
        `${path} did not answer ${status} within ${timeoutMs} ms (last: ${last ?? 'no answer'})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** dist/ built from the current src/ (see the header). */
function ensureBuilt(): void {
  const newestSource = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        return Math.max(newest, newestSource(path));
      }
      return /\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)
        ? Math.max(newest, statSync(path).mtimeMs)
        : newest;
    }, 0);
  let builtAt: number;
  try {
    builtAt = Math.min(
      statSync(join(ROOT, 'dist', 'main.js')).mtimeMs,
      statSync(join(ROOT, 'dist', 'worker.js')).mtimeMs,
    );
  } catch {
    builtAt = 0;
  }
  if (builtAt >= newestSource(join(ROOT, 'src'))) {
    return;
  }
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 180000 });
  if (build.status !== 0) {
    throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
}

describe('operator start-up and shutdown (real processes)', () => {
  const suffix = randomBytes(5).toString('hex');
  const dbName = `ops_test_${suffix}`;
  const dbUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const started: EngineProcess[] = [];
  const gates: TcpGate[] = [];
  let workDir: string;

  /** The environment of an engine process: its own folder, port and queue prefix; `env` on top. */
  const engineEnv = (port: number, env: Record<string, string>): Record<string, string> => ({
    PORT: String(port),
    LOG_LEVEL: 'info',
    QUEUE_PREFIX: `ops_${suffix}`,
    AUDIT_SIGNING_KEY_PATH: join(workDir, 'audit-signing-key.pem'),
    WORKER_HEARTBEAT_FILE: join(workDir, 'heartbeat'),
    DATABASE_URL: dbUrl,
    ...(REDIS_URL ? { REDIS_URL } : {}),
    ...env,
  });

  const start = (script: 'main.js' | 'worker.js', env: Record<string, string>): EngineProcess => {
    const engine = new EngineProcess(script, env, workDir);
    started.push(engine);
    return engine;
  };

  const gate = async (backendUrl: string): Promise<TcpGate> => {
    const g = new TcpGate(await freePort(), target(backendUrl));
    gates.push(g);
    return g;
  };

  beforeAll(async () => {
    ensureBuilt();
    workDir = mkdtempSync(join(tmpdir(), 'operator-startup-'));
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
  });

  afterEach(async () => {
    started.splice(0).forEach((engine) => engine.kill());
    await Promise.all(gates.splice(0).map((g) => g.close()));
  });

  afterAll(async () => {
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    if (REDIS_URL) {
      const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await redis.connect();
      const keys = await redis.keys(`ops_${suffix}:*`);
      if (keys.length > 0) {
        await redis.del(...keys);
      }
      redis.disconnect();
    }
    rmSync(workDir, { recursive: true, force: true });
  });

  it.each(['main.js', 'worker.js'] as const)(
    '%s: a DATABASE_URL nothing answers at: waits saying so, then exits 1 naming the variable and the address',
    async (script) => {
      const port = await freePort();
      const url = `postgres://coop:s3cret@127.0.0.1:${port}/coop`;
      const shown = `postgres://coop:***@127.0.0.1:${port}/coop`;
      const began = Date.now();
      const engine = start(script, engineEnv(await freePort(), { DATABASE_URL: url, STARTUP_WAIT_S: '3' }));
      const { code, at } = await engine.exited;
      expect(code).toBe(1);
      // The bounded wait, then at once (process start included).
      expect(at - began).toBeGreaterThanOrEqual(3000);
      expect(at - began).toBeLessThan(10000);
      const entries = engine.entries();
      expect(entries).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          msg: `waiting for DATABASE_URL ${shown}: connect ECONNREFUSED 127.0.0.1:${port}`,
          variable: 'DATABASE_URL',
          address: shown,
          waitS: 3,
        }),
      );
      expect(entries).toContainEqual(
        expect.objectContaining({
          level: 'fatal',
          msg: `DATABASE_URL ${shown}: connect ECONNREFUSED 127.0.0.1:${port} (no answer within STARTUP_WAIT_S=3 s)`,
        }),
      );
      // One line per problem: no line per retry, no stack, the password nowhere.
      expect(entries.filter((e) => /DATABASE_URL/.test(String(e.msg)))).toHaveLength(2);
      expect(engine.output()).not.toMatch(/s3cret|\n\s+at /);
    },
  );

  it('a REDIS_URL nothing answers at: waits saying so, then exits 1 naming it', async () => {
    const port = await freePort();
    const began = Date.now();
    const engine = start(
      'main.js',
      engineEnv(await freePort(), { REDIS_URL: `redis://127.0.0.1:${port}`, STARTUP_WAIT_S: '3' }),
    );
    const { code, at } = await engine.exited;
    expect(code).toBe(1);
    expect(at - began).toBeGreaterThanOrEqual(3000);
    expect(at - began).toBeLessThan(10000);
    const entries = engine.entries();
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: `waiting for REDIS_URL redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'fatal',
        msg: `REDIS_URL redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port} (no answer within STARTUP_WAIT_S=3 s)`,
        variable: 'REDIS_URL',
      }),
    );
    // Nothing was started meanwhile: no listening API.
    expect(entries.map((e) => e.msg)).not.toContain('listening');
  });

  it('SIGTERM during the wait: exits 0 at once, saying so', async () => {
    const port = await freePort();
    const engine = start(
      'main.js',
      engineEnv(await freePort(), { REDIS_URL: `redis://127.0.0.1:${port}`, STARTUP_WAIT_S: '60' }),
    );
    await engine.waitForMessage(/^waiting for REDIS_URL /);
    const sent = engine.signal('SIGTERM');
    const { code, at } = await engine.exited;
    expect(code).toBe(0);
    expect(at - sent).toBeLessThan(5000);
    expect(engine.entries()).toContainEqual(
      expect.objectContaining({ msg: 'stopped during start-up', signal: 'SIGTERM' }),
    );
  });

  it('a database that comes back during the wait: starts, serves, and stops with 0 on SIGTERM', async () => {
    const db = await gate(dbUrl);
    const httpPort = await freePort();
    const engine = start(
      'main.js',
      engineEnv(httpPort, { DATABASE_URL: viaPort(dbUrl, db.port), STARTUP_WAIT_S: '30' }),
    );
    await engine.waitForMessage(/^waiting for DATABASE_URL .*ECONNREFUSED/);
    await db.open();
    await engine.waitForMessage(/^DATABASE_URL .* answers$/, 10000);
    await engine.waitForMessage(/^listening$/, 30000);
    expect(await httpStatus(httpPort, '/health/ready')).toBe(200);
    const sent = engine.signal('SIGTERM');
    const { code, at } = await engine.exited;
    expect(code).toBe(0);
    expect(at - sent).toBeLessThan(5000);
    const entries = engine.entries();
    expect(entries.at(-1)).toMatchObject({ context: 'Shutdown', msg: 'stopped' });
  });

  // The database always; Redis too when the queues run on it.
  it.each(REDIS_URL ? ['DATABASE_URL', 'REDIS_URL'] : ['DATABASE_URL'])(
    '%s going away while the engine runs: SIGTERM still exits 0 within a few seconds',
    async (variable) => {
      const backendUrl = variable === 'REDIS_URL' ? (REDIS_URL ?? '') : dbUrl;
      const behind = await gate(backendUrl);
      await behind.open();
      const httpPort = await freePort();
      const engine = start(
        'main.js',
        engineEnv(httpPort, { [variable]: viaPort(backendUrl, behind.port), STARTUP_WAIT_S: '10' }),
      );
      await engine.waitForMessage(/^listening$/, 30000);
      await waitForStatus(httpPort, '/health/ready', 200, 10000);
      await behind.close();
      await waitForStatus(httpPort, '/health/ready', 503, 10000).catch((err: Error) => {
        throw new Error(`${err.message}\n${engine.output().slice(-3000)}`);
      });
      const sent = engine.signal('SIGTERM');
      const { code, at } = await engine.exited;
      expect({ code, ms: at - sent }).toEqual({ code: 0, ms: expect.any(Number) });
      expect(at - sent).toBeLessThan(5000);
      // All of it JSON, the connection warnings of BullMQ, ioredis and pg included.
      expect(engine.entries().at(-1)).toMatchObject({ context: 'Shutdown', msg: 'stopped' });
    },
  );

  it('the database dropped as the engine starts, then back: it recovers without spinning, and stops with 0', async () => {
    // BullMQ's PostgreSQL backend used to keep the failure of its first schema check: its workers then
    // fetched without pause at full CPU for ever (not even SIGTERM was heard). The drop comes at the moment
    // the workers make that check, just after "listening".
    const db = await gate(dbUrl);
    await db.open();
    const httpPort = await freePort();
    const engine = start('main.js', engineEnv(httpPort, { DATABASE_URL: viaPort(dbUrl, db.port) }));
    await engine.waitForMessage(/^listening$/, 30000);
    await db.close();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await db.open();
    await waitForStatus(httpPort, '/health/ready', 200, 10000);
    const cpuBefore = cpuMsOf(engine.pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Idle: a few ms of CPU per second, not the hundreds of a fetch loop.
    expect(cpuMsOf(engine.pid) - cpuBefore).toBeLessThan(300);
    const sent = engine.signal('SIGTERM');
    const { code, at } = await engine.exited;
    expect(code).toBe(0);
    expect(at - sent).toBeLessThan(5000);
    expect(engine.entries().at(-1)).toMatchObject({ context: 'Shutdown', msg: 'stopped' });
  });
});
