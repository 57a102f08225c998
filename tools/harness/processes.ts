import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * The path of one entry point of the engine as built for production (`npm run build`: dist/main.js,
 * dist/worker.js), which the bench and the chaos run start as child processes: they measure and break the
 * product itself, not the copy of src/ that `npm run build:tools` compiles alongside them into build/.
 */
export function engineScript(entry: 'main.js' | 'worker.js'): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json above ${__dirname}`);
    }
    dir = parent;
  }
  const script = join(dir, 'dist', entry);
  if (!existsSync(script)) {
    throw new Error(`${script} is missing: run \`npm run build\` first`);
  }
  return script;
}

/** A Node process started by a bench or chaos script: its output goes to a log file, not to our stdout. */
export interface NodeProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Peak resident set size seen so far (kB, from /proc), kept when the process exits. */
  peakRssKb: number;
}

/**
 * Starts `node <nodeArgs> <script>` with `env` added to ours (a variable given as undefined is removed, e.g.
 * REDIS_URL for an engine whose queues must run on PostgreSQL), stdout and stderr appended to `logFile`.
 */
export function startNode(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  logFile: string,
  nodeArgs: string[] = [],
): NodeProcess {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) {
      delete childEnv[key];
    } else {
      childEnv[key] = value;
    }
  }
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: childEnv,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const proc: NodeProcess = { name, child, logFile, peakRssKb: 0 };
  // Sample the peak while the process lives: VmHWM is lost with the process.
  const sampler = setInterval(() => samplePeak(proc), 250);
  sampler.unref();
  child.once('exit', () => clearInterval(sampler));
  return proc;
}

/** VmHWM of a live process (the kernel's peak RSS), in kB; 0 when unavailable. */
export function samplePeak(proc: NodeProcess): number {
  const pid = proc.child.pid;
  if (pid !== undefined && proc.child.exitCode === null && proc.child.signalCode === null) {
    proc.peakRssKb = Math.max(proc.peakRssKb, peakRssKbOf(pid));
  }
  return proc.peakRssKb;
}

export function peakRssKbOf(pid: number | 'self'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a live process has used so far, in ms; 0 when unavailable. */
export function cpuMsOf(pid: number | 'self' | undefined): number {
  if (pid === undefined) {
    return 0;
  }
  try {
    // Fields after the command name (which may hold spaces): state is the 3rd, utime the 14th, stime the 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** USER_HZ: 100 on every Linux configuration Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

export function isRunning(proc: NodeProcess | undefined): boolean {
  return !!proc && proc.child.exitCode === null && proc.child.signalCode === null;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(proc: NodeProcess | undefined, graceMs = 10000): Promise<void> {
  if (!proc || !isRunning(proc)) {
    return;
  }
  samplePeak(proc);
  const exited = new Promise<void>((resolve) => proc.child.once('exit', () => resolve()));
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** kill -9, and wait until the process is gone. */
export async function killProcess(proc: NodeProcess | undefined): Promise<void> {
  if (!proc || !isRunning(proc)) {
    return;
  }
  const exited = new Promise<void>((resolve) => proc.child.once('exit', () => resolve()));
  proc.child.kill('SIGKILL');
  await exited;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined | null | false;
    try {
      value = await probe();
    } catch {
      value = undefined;
    }
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(everyMs);
  }
}

/** The last lines of a log file, for error messages. */
export function tail(file: string, lines = 20): string {
  if (!existsSync(file)) {
    return '';
  }
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Runs a command synchronously and throws with its output when it fails. */
export function run(
  command: string,
  args: string[],
  options: { user?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const [cmd, argv] =
    options.user !== undefined ? ['runuser', ['-u', options.user, '--', command, ...args]] : [command, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', env: options.env ?? process.env });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`,
    );
  }
  return result.stdout;
}
