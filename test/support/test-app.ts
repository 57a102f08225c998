import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { deleteRedisPrefix } from '../../tools/harness/scratch';
import { Client } from 'pg';
import { AppModule } from '@/app.module';
import { createHttpApp } from '@/bootstrap';
import { JsonLogger } from '@/common/logging/json-logger';

// Set by test/support/global-setup.ts: the server's admin URL (embedded by default), and the queue backend.
const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL =
  process.env.TEST_QUEUE_BACKEND === 'postgres'
    ? undefined
    : (process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  dbUrl: string;
  dbName: string;
  /** The Redis the queues run on; undefined when they run on PostgreSQL (schema bullmq of the database). */
  redisUrl: string | undefined;
  queuePrefix: string;
  adminToken: string;
  /** Every log line the app wrote (JSON), for assertions about logging. */
  logs: string[];
  /** A direct connection to the test database, for assertions and fault injection. */
  db: Client;
  close(): Promise<void>;
}

export interface TestAppOptions {
  redisUrl?: string;
  env?: Record<string, string>;
  workers?: boolean;
  /** Port to listen on (default: a free one), for an app that must know its URL before it starts (NODE_ORIGIN). */
  port?: number;
}

/**
 * Boots the real app (API + workers) against a fresh database `mla_test_<random>` and a private BullMQ
 * prefix, on a free port. close() stops it, drops the database and deletes the prefix's Redis keys.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const suffix = randomBytes(6).toString('hex');
  const dbName = `mla_test_${suffix}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const dbUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const redisUrl = options.redisUrl ?? DEFAULT_REDIS_URL;
  const queuePrefix = `test_${suffix}`;
  const adminToken = `test-admin-${randomBytes(16).toString('hex')}`;
  setQueueBackendEnv(redisUrl);
  Object.assign(process.env, {
    DATABASE_URL: dbUrl,
    QUEUE_PREFIX: queuePrefix,
    ADMIN_TOKEN: adminToken,
    OUTBOX_POLL_MS: '100',
    OUTBOX_SWEEP_MS: '500',
    LOG_LEVEL: 'info',
    DATABASE_POOL_SIZE: '10',
    // Test receivers listen on 127.0.0.1; the guard itself is tested with this set to false.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    // A job still running at close is given 3 s (the outbox offers it again), not production's 20 s.
    SHUTDOWN_TIMEOUT_S: '8',
    ...options.env,
  });
  const logs: string[] = [];
  const logger = new JsonLogger('info', (line) => logs.push(line));
  const app = await createHttpApp({ workers: options.workers ?? true, logger });
  await app.listen(options.port ?? 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    dbUrl,
    dbName,
    redisUrl,
    queuePrefix,
    adminToken,
    logs,
    db,
    async close() {
      const closing = Date.now();
      await app.close();
      reportSlowClose(dbName, Date.now() - closing, logs);
      await db.end();
      await dropDatabase(dbName);
      if (redisUrl) {
        // A private Redis that a test already stopped has nothing left to clean.
        await deleteRedisPrefix(redisUrl, queuePrefix).catch(() => 0);
      }
    },
  };
}

/** A close past 5 s prints what the app said while shutting down, so that a hook timeout can be read. */
function reportSlowClose(dbName: string, ms: number, logs: string[]): void {
  if (ms > 5000) {
    const said = logs.filter((line) => /Shutdown|close|destroy/i.test(line)).slice(-20);
    process.stderr.write(`test app ${dbName}: close took ${ms} ms\n${said.join('\n')}\n`);
  }
}

/** REDIS_URL set: the queues run on that Redis; removed: on PostgreSQL (see src/config/backends.ts). */
function setQueueBackendEnv(redisUrl: string | undefined): void {
  if (redisUrl) {
    process.env.REDIS_URL = redisUrl;
  } else {
    delete process.env.REDIS_URL;
  }
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** A worker-only process (no HTTP) attached to the same database and queues as `t`, like src/worker.ts. */
export async function startWorker(t: TestApp): Promise<INestApplicationContext> {
  setQueueBackendEnv(t.redisUrl);
  Object.assign(process.env, { DATABASE_URL: t.dbUrl, QUEUE_PREFIX: t.queuePrefix });
  const logger = new JsonLogger('info', (line) => t.logs.push(line));
  const ctx = await NestFactory.createApplicationContext(AppModule.register({ http: false, workers: true }), {
    logger,
  });
  await ctx.init();
  return ctx;
}

/** A second API process (HTTP, no workers) on the same database and queues as `t`, on a port of its own. */
export async function startSecondApi(
  t: TestApp,
  env: Record<string, string> = {},
): Promise<{ app: NestExpressApplication; baseUrl: string; close(): Promise<void> }> {
  setQueueBackendEnv(t.redisUrl);
  Object.assign(process.env, { DATABASE_URL: t.dbUrl, QUEUE_PREFIX: t.queuePrefix, ...env });
  const logger = new JsonLogger('info', (line) => t.logs.push(line));
  const app = await createHttpApp({ workers: false, logger });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
