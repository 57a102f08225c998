import { statSync } from 'node:fs';
import { DEFAULT_HEARTBEAT_FILE } from './worker-heartbeat';

/**
 * Container health checks (the image has no curl):
 *   node dist/healthcheck.js api      GET /health/ready on the local port (PORT, default 3000; HOST if bound to one)
 *   node dist/healthcheck.js worker   the worker's heartbeat file (WORKER_HEARTBEAT_FILE) is fresh
 * Exits 0 when healthy, 1 otherwise, with one line saying why.
 */
const STALE_AFTER_MS = 35000;

async function main(kind: string | undefined): Promise<number> {
  if (kind === 'worker') {
    const file = process.env.WORKER_HEARTBEAT_FILE || DEFAULT_HEARTBEAT_FILE;
    try {
      const age = Date.now() - statSync(file).mtimeMs;
      if (age > STALE_AFTER_MS) {
        process.stdout.write(`unhealthy: last heartbeat ${Math.round(age / 1000)} s ago (${file})\n`);
        return 1;
      }
      return 0;
    } catch {
      process.stdout.write(`unhealthy: no heartbeat yet (${file})\n`);
      return 1;
    }
  }
  if (kind === 'api') {
    const port = process.env.PORT || '3000';
    const bound = process.env.HOST;
    const host =
      !bound || bound === '0.0.0.0' || bound === '::'
        ? '127.0.0.1'
        : bound.includes(':')
          ? `[${bound}]`
          : bound;
    try {
      const res = await fetch(`http://${host}:${port}/health/ready`, { signal: AbortSignal.timeout(4000) });
      if (!res.ok) {
        process.stdout.write(`unhealthy: /health/ready answered ${res.status}\n`);
      }
      return res.ok ? 0 : 1;
    } catch (err) {
      process.stdout.write(`unhealthy: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  }
  process.stdout.write('usage: node dist/healthcheck.js api|worker\n');
  return 2;
}

void main(process.argv[2]).then((code) => process.exit(code));
