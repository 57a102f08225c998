import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';

/**
 * A Redis server of the test's own, on a free port, so that a test may FLUSHALL or stop it without
 * touching anybody else's data.
 */
export class PrivateRedis {
  private process?: ChildProcess;
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.port) {
      this.port = await freePort();
    }
    this.process = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
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
    await this.waitForPing();
    return this;
  }

  async flushAll(): Promise<void> {
    await this.withClient((r) => r.flushall());
  }

  async keyCount(pattern: string): Promise<number> {
    return this.withClient(async (r) => (await r.keys(pattern)).length);
  }

  async stop(): Promise<void> {
    const p = this.process;
    this.process = undefined;
    if (p && p.exitCode === null) {
      const exited = new Promise((resolve) => p.once('exit', resolve));
      p.kill('SIGKILL');
      await exited;
    }
  }

  private async withClient<T>(fn: (r: Redis) => Promise<T>): Promise<T> {
    const r = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      return await fn(r);
    } finally {
      r.disconnect();
    }
  }

  private async waitForPing(): Promise<void> {
    const deadline = Date.now() + 10000;
    for (;;) {
      try {
        if ((await this.withClient((r) => r.ping())) === 'PONG') {
          return;
        }
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        throw new Error(`private redis-server on ${this.port} did not start`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
