import 'reflect-metadata';
import { loadEnvFile } from '@/config/load-env-file';
import { readDatabaseConfig } from '@/config/database.config';
import { ensureDatabase } from './ensure-database';
import { runMigrations } from './run-migrations';

async function main(): Promise<void> {
  loadEnvFile();
  const { url } = readDatabaseConfig();
  await ensureDatabase(url);
  const applied = await runMigrations(url);
  process.stdout.write(
    JSON.stringify({ level: 'info', msg: 'migrations applied', applied, time: new Date().toISOString() }) +
      '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`Migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
