import { EmbeddedPostgres } from '@/database/embedded/embedded-postgres';

/** Read back by globalTeardown (Jest runs both in its parent process). */
export const EMBEDDED_KEY = '__cooperationEngineEmbeddedPostgres';

/**
 * Before the integration and e2e tests: which PostgreSQL and which queue backend they run on.
 * - TEST_PG_ADMIN_URL set: that server (each test file creates and drops its own database on it);
 *   unset: the embedded PostgreSQL (started or joined here, left in globalTeardown).
 * - TEST_REDIS_URL set: the queues run on that Redis (each test file under its own key prefix);
 *   unset: on PostgreSQL (BullMQ's PostgreSQL backend, in each test database).
 * Test workers inherit the environment set here.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_PG_ADMIN_URL) {
    const server = await EmbeddedPostgres.start({ dir: process.env.EMBEDDED_POSTGRES_DIR });
    (globalThis as Record<string, unknown>)[EMBEDDED_KEY] = server;
    process.env.TEST_PG_ADMIN_URL = server.url('postgres');
  }
  process.env.TEST_QUEUE_BACKEND = process.env.TEST_REDIS_URL ? 'redis' : 'postgres';
}
