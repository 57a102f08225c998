import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';
import { Client, type ClientConfig } from 'pg';
import { QUEUE_SCHEMA, type QueueBackendKind } from './backends';

/**
 * Points every BullMQ Queue and Worker of this process at the chosen backend. BullMQ's default factory is
 * process-wide; @nestjs/bullmq builds its queues and workers through it.
 */
export function useQueueBackend(kind: QueueBackendKind): void {
  setDefaultBackendFactory(kind === 'postgres' ? postgresBackend : undefined);
}

/** What forgetFailedReadiness needs of BullMQ's PostgreSQL backend and its connection (BullMQ 6 internals). */
interface MemoizedReadiness {
  waitUntilReady(): Promise<void>;
  readyPromise?: Promise<void>;
}

/**
 * BullMQ's PostgreSQL backend, with one fix. Its connection checks its schema once, at first use, and keeps
 * that promise; when PostgreSQL dropped the connection during that check, the failure was kept too: every
 * later query of that queue or worker failed at once with it, for the life of the process, and a worker
 * (which does not count "Connection terminated unexpectedly" as a connection error, so does not pause)
 * fetched again without end, at full CPU, starving the event loop: not even SIGTERM was heard. Here a failed
 * check is forgotten, so that the next use checks again: on a database still down that fails as refused
 * (and the worker pauses), on one that is back it succeeds.
 */
export const postgresBackend: typeof createPostgresBackend = (name, opts, factoryOpts) => {
  const backend = createPostgresBackend(name, opts, factoryOpts);
  forgetFailedReadiness(backend as unknown as MemoizedReadiness);
  forgetFailedReadiness((backend as unknown as { connection?: MemoizedReadiness }).connection);
  return backend;
};

/** Wraps `waitUntilReady` so that a rejected readiness is not kept (no-op on an object of another shape). */
export function forgetFailedReadiness(target: MemoizedReadiness | undefined): boolean {
  if (!target || typeof target.waitUntilReady !== 'function') {
    return false;
  }
  const waitUntilReady = target.waitUntilReady.bind(target);
  target.waitUntilReady = () =>
    waitUntilReady().catch((err: unknown) => {
      target.readyPromise = undefined;
      throw err;
    });
  return true;
}

/**
 * A pooled connection of the queues that always has an 'error' listener. pg emits 'error' on a client whose
 * connection drops while it is checked out between two queries (BullMQ's PostgreSQL backend holds one so
 * while it checks its schema at a queue's first use); without a listener that is an uncaught exception
 * that ends the process. With it, the loss reaches the next query on that client as its failure, which
 * BullMQ retries like any other.
 */
export class QueueDatabaseClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/**
 * The PostgreSQL backend's connection: its own schema of the engine's database, and small pools (each
 * queue and each worker opens one, plus a LISTEN connection per worker).
 */
export function postgresQueueConnection(databaseUrl: string): {
  connectionString: string;
  schema: string;
  max: number;
  skipMigrations: boolean;
  Client: typeof Client;
} {
  // The schema is created by migrateQueueSchema before the application starts.
  return {
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    max: 3,
    skipMigrations: true,
    Client: QueueDatabaseClient,
  };
}
