import { readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { cpuMsOf } from './processes';
import { withClient } from './scratch';

/**
 * CPU time spent by the servers a benchmark talks to, so that work moved out of Node (into Redis, or into
 * PostgreSQL when the queues run there) is counted too. Each figure is a sample; subtract two samples.
 */

/** CPU time (user + system) the redis-server at `url` has used since it started, ms (INFO cpu). */
export async function redisServerCpuMs(url: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const info = await redis.info('cpu');
    const field = (name: string): number =>
      Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
    return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
  } finally {
    redis.disconnect();
  }
}

/** CPU ms of each PostgreSQL server process that serves `database`, plus the server's background processes. */
export type PostgresCpuSample = Map<number, number>;

/**
 * Samples the PostgreSQL processes that work for `database` (its client backends) and for the whole server
 * (checkpointer, WAL writer, background writer, autovacuum), read from /proc: only meaningful when the server
 * runs on this machine (a loopback URL); undefined otherwise.
 */
export async function samplePostgresCpu(
  url: string,
  database: string,
): Promise<PostgresCpuSample | undefined> {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    return undefined;
  }
  const pids = await withClient(url, async (c) => {
    const { rows } = await c.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND (datname = $1 OR backend_type <> 'client backend')`,
      [database],
    );
    return rows.map((r) => r.pid);
  });
  const sample: PostgresCpuSample = new Map();
  for (const pid of pids) {
    const ms = cpuMsOf(pid);
    if (ms > 0) {
      sample.set(pid, ms);
    }
  }
  return sample.size > 0 ? sample : undefined;
}

/**
 * CPU ms used between two samples by the processes alive at the second (a process that exited in between
 * is missed: the engine's connections live for the whole measured walk, so little is).
 */
export function postgresCpuBetween(
  before: PostgresCpuSample | undefined,
  after: PostgresCpuSample | undefined,
): number | undefined {
  if (!before || !after) {
    return undefined;
  }
  let total = 0;
  for (const [pid, ms] of after) {
    total += ms - (before.get(pid) ?? 0);
  }
  return total;
}

/** CPU time all processes of this machine have used since boot, ms (/proc/stat: everything but idle). */
export function machineCpuMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    // cpu user nice system idle iowait irq softirq steal ... (steal: time the hypervisor gave elsewhere)
    const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
    return ((user + nice + system + irq + softirq) * 1000) / 100;
  } catch {
    return 0;
  }
}
