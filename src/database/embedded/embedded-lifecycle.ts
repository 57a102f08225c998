import { EMBEDDED_DATABASE, chooseBackends, describeBackends } from '@/config/backends';
import { EmbeddedPostgres } from './embedded-postgres';

/** The embedded server this process started or joined, if any (one per process). */
let current: Promise<EmbeddedPostgres> | undefined;

/**
 * Decides the backends from the environment (see config/backends.ts) and, when no DATABASE_URL is set
 * outside production, starts (or joins) the embedded PostgreSQL and points DATABASE_URL at it. Returns the
 * one line to log about what the process runs on. Idempotent within a process.
 */
export async function prepareBackends(log: (message: string) => void = () => undefined): Promise<string> {
  const choice = chooseBackends();
  if (!choice.embeddedDatabase && !current) {
    return describeBackends(choice, process.env.DATABASE_URL ?? '');
  }
  current ??= EmbeddedPostgres.start({ dir: process.env.EMBEDDED_POSTGRES_DIR, log });
  const server = await current;
  process.env.DATABASE_URL = server.url(EMBEDDED_DATABASE);
  return describeBackends({ ...choice, embeddedDatabase: true }, process.env.DATABASE_URL, {
    version: server.version,
    dir: server.dir,
  });
}

/** Whether this process runs on the embedded server (DATABASE_URL then points at it, set by prepareBackends). */
export function usesEmbeddedDatabase(): boolean {
  return current !== undefined;
}

/** Leaves the embedded server (stopped when no other process uses it). Call after the app has closed. */
export async function releaseEmbeddedDatabase(): Promise<void> {
  const server = current;
  current = undefined;
  if (server) {
    await (await server).stop();
  }
}
