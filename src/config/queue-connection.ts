import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';
import { QUEUE_SCHEMA, type QueueBackendKind } from './backends';

/**
 * Points every BullMQ Queue and Worker of this process at the chosen backend. BullMQ's default factory is
 * process-wide; @nestjs/bullmq builds its queues and workers through it.
 */
export function useQueueBackend(kind: QueueBackendKind): void {
  setDefaultBackendFactory(kind === 'postgres' ? createPostgresBackend : undefined);
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
} {
  // The schema is created by migrateQueueSchema before the application starts.
  return { connectionString: databaseUrl, schema: QUEUE_SCHEMA, max: 3, skipMigrations: true };
}
