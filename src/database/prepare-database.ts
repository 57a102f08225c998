import { queueBackendOf } from '@/config/backends';
import {
  type ServiceVariable,
  attributeConnectionError,
  serviceUnreachable,
} from '@/config/connection-problem';
import { usesEmbeddedDatabase } from './embedded/embedded-lifecycle';
import { ensureDatabase } from './ensure-database';
import { migrateQueueSchema } from './queue-schema';
import { runMigrations } from './run-migrations';

/**
 * What every entry point does before it starts: creates the database if missing, applies the engine's
 * pending migrations (under an advisory lock), and, when the queues run on PostgreSQL, BullMQ's schema.
 * Returns the names of the engine migrations applied. A failure to connect names the variable and the
 * address (`DATABASE_URL postgres://app:***@db:5432/coop: connect ECONNREFUSED ...`); any other failure
 * (a migration's) is passed on as it is.
 */
export async function prepareDatabase(url: string): Promise<string[]> {
  try {
    await ensureDatabase(url);
    const applied = await runMigrations(url);
    if (queueBackendOf() === 'postgres') {
      await migrateQueueSchema(url);
    }
    return applied;
  } catch (err) {
    throw namedConnectionError(err, url) ?? err;
  }
}

/** The error as a ServiceUnreachableError naming DATABASE_URL (or the embedded server), if it is about connecting. */
export function namedConnectionError(err: unknown, url: string): Error | undefined {
  const variable: ServiceVariable = usesEmbeddedDatabase() ? 'embedded PostgreSQL' : 'DATABASE_URL';
  const attributed = attributeConnectionError(err, [{ variable, url }]);
  if (attributed) {
    return attributed;
  }
  const code = (err as { code?: string } | undefined)?.code ?? '';
  const message = err instanceof Error ? err.message : '';
  if (/^28/.test(code)) {
    return serviceUnreachable(variable, url, err, true);
  }
  if (/timeout expired|connection timeout|Connection terminated/i.test(message)) {
    return serviceUnreachable(variable, url, err);
  }
  return undefined;
}
