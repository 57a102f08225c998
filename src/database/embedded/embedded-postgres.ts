import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { findEmbeddedBinaries } from './embedded-binaries';
import { parsePidFile, type PidFile } from './pid-file';

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives, kept between runs (default `var/embedded-postgres`). */
  dir?: string;
  /** One line per step worth telling (start, reuse, fallbacks). */
  log?: (message: string) => void;
}

/** Who runs the server: PostgreSQL refuses root, so a root process runs it as `nobody`. */
interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

const START_TIMEOUT_S = 60;
const LOCK_WAIT_MS = 60000;

/**
 * A PostgreSQL cluster of the engine's own, from the npm binaries, for development and tests on a machine
 * that has only Node and npm. Started on first use and reused by later processes; a server left running by
 * a process that was killed (kill -9 leaves the postmaster alive) is found through its postmaster.pid and
 * reused. Each process that uses it registers itself; the last one to stop stops the server.
 */
export class EmbeddedPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly version: string,
    /** True when this process started the server (false: it was running already). */
    readonly started: boolean,
    private readonly data: string,
    private readonly bin: string,
    private readonly runAs: RunAs | undefined,
  ) {}

  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${encodeURIComponent(database)}`;
  }

  static async start(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
    const log = options.log ?? (() => undefined);
    const binaries = findEmbeddedBinaries();
    const runAs = process.getuid?.() === 0 ? userNamed('nobody') : undefined;
    let dir = resolve(options.dir ?? join('var', 'embedded-postgres'));
    if (runAs) {
      grantTraverse(runAs, dir);
    }
    if (runAs && !reachableBy(runAs, dir)) {
      // A path the unprivileged user cannot traverse (e.g. a checkout under /root): a folder of its own.
      const fallback = join(tmpdir(), `cooperation-engine-pg-${shortHash(dir)}`);
      log(`${dir} is not reachable by ${runAs.name}; the embedded PostgreSQL lives in ${fallback}`);
      dir = fallback;
    }
    mkdirSync(join(dir, 'clients'), { recursive: true });
    if (runAs) {
      // The server's user writes its log and (initdb) its data folder here; the rest stays ours.
      chownSync(dir, runAs.uid, runAs.gid);
    }
    let bin = binaries.bin;
    if (runAs && !mayRun(runAs, join(bin, 'postgres'))) {
      const copy = join(dir, `native-${binaries.version}`);
      if (!existsSync(join(copy, 'bin', 'postgres'))) {
        log(`copying the PostgreSQL binaries to ${copy} (${runAs.name} cannot run them where npm put them)`);
        cpSync(binaries.native, copy, { recursive: true, verbatimSymlinks: true });
      }
      bin = join(copy, 'bin');
    }
    const data = join(dir, 'data');
    return withLock(join(dir, 'start.lock'), async () => {
      if (!existsSync(join(data, 'PG_VERSION'))) {
        initdb(bin, data, runAs);
        log(`initialised the embedded PostgreSQL ${binaries.version} cluster in ${data}`);
      } else {
        assertSameMajor(data, binaries.version);
      }
      const running = readPid(data);
      let server: EmbeddedPostgres;
      if (running && isAlive(running.pid) && (await answers(running.port))) {
        log(`reusing the embedded PostgreSQL already running (pid ${running.pid}, port ${running.port})`);
        server = new EmbeddedPostgres(dir, running.port, binaries.version, false, data, bin, runAs);
      } else {
        const port = await choosePort(dir);
        startServer(bin, data, port, join(dir, 'postgres.log'), runAs);
        server = new EmbeddedPostgres(dir, port, binaries.version, true, data, bin, runAs);
      }
      writeFileSync(join(dir, 'clients', String(process.pid)), '');
      return server;
    });
  }

  /** Unregisters this process; stops the server when no other live process uses it. */
  async stop(): Promise<void> {
    await withLock(join(this.dir, 'start.lock'), () => {
      rmSync(join(this.dir, 'clients', String(process.pid)), { force: true });
      const others = readdirSync(join(this.dir, 'clients'))
        .map(Number)
        .filter((pid) => pid !== process.pid);
      const live = others.filter((pid) => {
        if (isAlive(pid)) {
          return true;
        }
        rmSync(join(this.dir, 'clients', String(pid)), { force: true });
        return false;
      });
      if (live.length === 0) {
        pgCtl(this.bin, ['-D', this.data, '-m', 'fast', '-w', 'stop'], this.runAs);
      }
      return Promise.resolve();
    });
  }
}

function initdb(bin: string, data: string, runAs: RunAs | undefined): void {
  run(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    runAs,
  );
}

function startServer(
  bin: string,
  data: string,
  port: number,
  logFile: string,
  runAs: RunAs | undefined,
): void {
  // TCP on loopback only, no Unix socket (its default folder may not be writable by the server's user).
  // Room for the pools of several processes (each queue and worker of the PostgreSQL backend has one).
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=400`;
  pgCtl(
    bin,
    ['-D', data, '-l', logFile, '-w', '-t', String(START_TIMEOUT_S), '-o', serverOptions, 'start'],
    runAs,
  );
}

function pgCtl(bin: string, args: string[], runAs: RunAs | undefined): void {
  run(join(bin, 'pg_ctl'), args, runAs);
}

function run(file: string, args: string[], runAs: RunAs | undefined): string {
  const result = spawnSync(file, args, {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    cwd: tmpdir(),
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  if (result.error) {
    throw new Error(`${file} could not run: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(
      `${file} ${args.join(' ')} failed (${result.status}): ${(result.stderr || result.stdout).trim()}`,
    );
  }
  return result.stdout;
}

function readPid(data: string): PidFile | null {
  const file = join(data, 'postmaster.pid');
  return existsSync(file) ? parsePidFile(readFileSync(file, 'utf8')) : null;
}

function assertSameMajor(data: string, version: string): void {
  const onDisk = readFileSync(join(data, 'PG_VERSION'), 'utf8').trim();
  if (onDisk !== version.split('.')[0]) {
    throw new Error(
      `The embedded cluster in ${data} is PostgreSQL ${onDisk}, the binaries are ${version}: ` +
        'remove that folder to start afresh (its data is lost), or dump and restore it',
    );
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, owned by another user (the server runs as nobody).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function answers(port: number): Promise<boolean> {
  const client = new Client({
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The port used last time if it is free, else a free one (remembered for the next start). */
async function choosePort(dir: string): Promise<number> {
  const file = join(dir, 'port');
  const previous = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
  const port = previous > 0 && (await isFree(previous)) ? previous : await freePort();
  writeFileSync(file, String(port));
  return port;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function userNamed(name: string): RunAs {
  const id = (flag: string): number => {
    const out = spawnSync('id', [flag, name], { encoding: 'utf8' });
    if (out.status !== 0) {
      throw new Error(`PostgreSQL refuses to run as root and there is no user "${name}" to run it as`);
    }
    return Number(out.stdout.trim());
  };
  return { uid: id('-u'), gid: id('-g'), name };
}

/** Whether `user` can reach `dir` (or, when it does not exist yet, the nearest existing parent) to write. */
function reachableBy(user: RunAs, dir: string): boolean {
  let probe = dir;
  while (!existsSync(probe)) {
    probe = resolve(probe, '..');
  }
  return test(user, statSync(probe).isDirectory() ? '-x' : '-r', probe);
}

/**
 * Lets `user` traverse (not list) the folders between the working directory (the project) and `dir` that
 * it cannot pass, e.g. `var/`, which keeps the audit signing key (a file of mode 600, still private).
 * Folders outside the project are never changed.
 */
function grantTraverse(user: RunAs, dir: string): void {
  const project = resolve('.');
  if (dir !== project && !dir.startsWith(`${project}/`)) {
    return;
  }
  let current = project;
  for (const part of dir.slice(project.length + 1).split('/')) {
    current = join(current, part);
    if (!existsSync(current)) {
      return;
    }
    if (!test(user, '-x', current)) {
      chmodSync(current, statSync(current).mode | 0o001);
    }
  }
}

function mayRun(user: RunAs, file: string): boolean {
  return test(user, '-x', file);
}

function test(user: RunAs, flag: string, path: string): boolean {
  return spawnSync('test', [flag, path], { uid: user.uid, gid: user.gid }).status === 0;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** Runs `fn` holding an exclusive lock file (a stale lock of a dead process is taken over). */
async function withLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      // An empty file: its creator is about to write its pid.
      const justCreated = !holder && Date.now() - statSync(lockFile).mtimeMs < 2000;
      if (!justCreated && (!holder || !isAlive(holder))) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`${lockFile} is held by process ${holder} for more than ${LOCK_WAIT_MS} ms`, {
          cause: err,
        });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
