import { runMigrations as runBullMqMigrations } from 'bullmq';
import { Client } from 'pg';
import { QUEUE_SCHEMA } from '@/config/backends';

/**
 * Creates or upgrades BullMQ's own tables (schema `bullmq`) when the queues run on PostgreSQL. BullMQ takes
 * its own advisory lock, so that processes starting together do not race.
 */
export async function migrateQueueSchema(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await runBullMqMigrations(client, QUEUE_SCHEMA);
  } finally {
    await client.end();
  }
}
