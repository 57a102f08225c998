import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';

/** A redis-server of the benchmark's own on a free port (so that it may be flushed), stopped by stop(). */
export async function startRedisServer(): Promise<{
  url: string;
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}> {
  const port = await new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port: p } = srv.address() as { port: number };
      srv.close(() => resolve(p));
    });
    srv.on('error', reject);
  });
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10000;
  let client: Redis | undefined;
  while (!client) {
    const attempt = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    attempt.on('error', () => undefined);
    try {
      await attempt.connect();
      await attempt.ping();
      client = attempt;
    } catch {
      attempt.disconnect();
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error('redis-server did not start');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const ready = client;
  return {
    url,
    flushAll: async () => {
      await ready.flushall();
    },
    stop: async () => {
      ready.disconnect();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
