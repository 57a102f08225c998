import 'reflect-metadata';
import { JsonLogger } from '@/common/logging/json-logger';
import { routeProcessOutput } from '@/common/logging/process-output';
import { readDatabaseConfig } from '@/config/database.config';
import { loadEnvFile } from '@/config/load-env-file';
import { prepareBackends, releaseEmbeddedDatabase } from './embedded/embedded-lifecycle';
import { prepareDatabase } from './prepare-database';
import { describeStartupFailure } from './start-up';

/** `node dist/database/migrate.js`: creates the database if missing, applies pending migrations. JSON lines. */
const logger = new JsonLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info');

async function main(): Promise<void> {
  loadEnvFile();
  logger.log({ msg: await prepareBackends((msg) => logger.log({ msg }, 'Database')) }, 'Backends');
  const applied = await prepareDatabase(readDatabaseConfig().url).finally(releaseEmbeddedDatabase);
  logger.log({ msg: 'migrations applied', applied }, 'Database');
}

routeProcessOutput(logger);
main().catch((err: unknown) => {
  for (const entry of describeStartupFailure(err)) {
    logger.fatal(entry, 'Migrate');
  }
  process.exit(1);
});
