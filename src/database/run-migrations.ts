import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options';

/**
 * Applies pending migrations under a Postgres advisory lock, so that several processes starting together
 * (API and worker) do not race. Returns the names applied.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource({ ...typeormOptions(url, 1), logging: false });
  await ds.initialize();
  try {
    await ds.query('SELECT pg_advisory_lock(727172)');
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await ds.query('SELECT pg_advisory_unlock(727172)');
    }
  } finally {
    await ds.destroy();
  }
}
