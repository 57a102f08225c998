import 'reflect-metadata';
import { loadEnvFile } from '@/config/load-env-file';
import { readDatabaseConfig } from '@/config/database.config';
import { prepareBackends, releaseEmbeddedDatabase } from './embedded/embedded-lifecycle';
import { prepareDatabase } from './prepare-database';

async function main(): Promise<void> {
  loadEnvFile();
  process.stderr.write(`${await prepareBackends()}\n`);
  const applied = await prepareDatabase(readDatabaseConfig().url).finally(releaseEmbeddedDatabase);
  process.stdout.write(
    JSON.stringify({ level: 'info', msg: 'migrations applied', applied, time: new Date().toISOString() }) +
      '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`Migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
