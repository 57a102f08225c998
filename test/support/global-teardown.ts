import type { EmbeddedPostgres } from '@/database/embedded/embedded-postgres';
import { EMBEDDED_KEY } from './global-setup';

/** Leaves the embedded PostgreSQL that globalSetup joined (stopped when no other process uses it). */
export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>)[EMBEDDED_KEY] as EmbeddedPostgres | undefined;
  if (server) {
    delete (globalThis as Record<string, unknown>)[EMBEDDED_KEY];
    await server.stop();
  }
}
