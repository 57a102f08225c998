import { chooseBackends } from '@/config/backends';
import { ensureDatabase } from './ensure-database';
import { migrateQueueSchema } from './queue-schema';
import { runMigrations } from './run-migrations';

/**
 * What every entry point does before it starts: creates the database if missing, applies the engine's
 * pending migrations (under an advisory lock), and, when the queues run on PostgreSQL, BullMQ's schema.
 * Returns the names of the engine migrations applied.
 */
export async function prepareDatabase(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const applied = await runMigrations(url);
  if (chooseBackends({ ...process.env, DATABASE_URL: url }).queue === 'postgres') {
    await migrateQueueSchema(url);
  }
  return applied;
}
