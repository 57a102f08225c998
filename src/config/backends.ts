import { redactUrl } from './connection-problem';

/**
 * Which database and which queue backend a process uses, decided from the environment before anything
 * else reads it:
 *
 * | DATABASE_URL | REDIS_URL | database                         | queues                                |
 * |--------------|-----------|----------------------------------|---------------------------------------|
 * | set          | set       | that PostgreSQL                  | BullMQ on that Redis                  |
 * | set          | unset     | that PostgreSQL                  | BullMQ on that PostgreSQL (own schema) |
 * | unset        | set       | embedded PostgreSQL (not in prod) | BullMQ on that Redis                  |
 * | unset        | unset     | embedded PostgreSQL (not in prod) | BullMQ on the embedded PostgreSQL     |
 *
 * Production (NODE_ENV=production) never starts the embedded PostgreSQL: DATABASE_URL is required there.
 */
export type QueueBackendKind = 'redis' | 'postgres';

export interface BackendChoice {
  /** Start the embedded PostgreSQL and point DATABASE_URL at it. */
  embeddedDatabase: boolean;
  queue: QueueBackendKind;
}

/** The PostgreSQL schema BullMQ's PostgreSQL backend keeps its queues in (beside the engine's tables). */
export const QUEUE_SCHEMA = 'bullmq';

/** The database the embedded cluster serves the engine from. */
export const EMBEDDED_DATABASE = 'cooperation_engine';

const present = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

/** Where BullMQ keeps its queues: Redis when REDIS_URL is set, else PostgreSQL. */
export function queueBackendOf(env: NodeJS.ProcessEnv = process.env): QueueBackendKind {
  return present(env.REDIS_URL) ? 'redis' : 'postgres';
}

export function chooseBackends(env: NodeJS.ProcessEnv = process.env): BackendChoice {
  const embeddedDatabase = !present(env.DATABASE_URL);
  if (embeddedDatabase && env.NODE_ENV === 'production') {
    throw new Error(
      'Invalid environment configuration:\nDATABASE_URL is required in production (postgres://user@host:port/db): ' +
        'the embedded PostgreSQL is for development and tests only',
    );
  }
  return { embeddedDatabase, queue: queueBackendOf(env) };
}

/** The one line a process says at start-up about what it runs on (no secrets: the URL's password is cut). */
export function describeBackends(
  choice: BackendChoice,
  databaseUrl: string,
  embedded?: { version: string; dir: string },
): string {
  const db = redactUrl(databaseUrl);
  const database = embedded
    ? `embedded PostgreSQL ${embedded.version} at ${db} (data in ${embedded.dir})`
    : `PostgreSQL at ${db}`;
  const queue =
    choice.queue === 'redis'
      ? `BullMQ on Redis at ${redactUrl(process.env.REDIS_URL ?? '')}`
      : `BullMQ on PostgreSQL (schema ${QUEUE_SCHEMA} of the same database)`;
  return `database: ${database}; queues: ${queue}`;
}
