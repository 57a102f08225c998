import 'reflect-metadata';
import { loadEnvFile } from './config/load-env-file';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { exitGracefullyOnSignals } from './common/lifecycle/graceful-shutdown';
import { JsonLogger } from './common/logging/json-logger';
import { appConfig } from './config/app.config';
import { checkEnvironment } from './config/check-environment';
import { readDatabaseConfig } from './config/database.config';
import { prepareBackends, releaseEmbeddedDatabase } from './database/embedded/embedded-lifecycle';
import { prepareDatabase } from './database/prepare-database';
import { startHeartbeat } from './worker-heartbeat';

/** Worker process: queue processors and the outbox relay, no HTTP. */
async function main(): Promise<void> {
  loadEnvFile();
  checkEnvironment();
  const logger = new JsonLogger(appConfig().logLevel);
  logger.log({ msg: await prepareBackends((msg) => logger.log({ msg }, 'Database')) }, 'Backends');
  const db = readDatabaseConfig();
  if (db.runMigrations) {
    await prepareDatabase(db.url);
  }
  const app = await NestFactory.createApplicationContext(AppModule.register({ http: false, workers: true }), {
    logger,
  });
  startHeartbeat(app, process.env.WORKER_HEARTBEAT_FILE || undefined);
  exitGracefullyOnSignals(app, logger, { afterClose: releaseEmbeddedDatabase });
  logger.log({ msg: 'worker started' }, 'Worker');
}

main().catch((err: unknown) => {
  process.stderr.write(`Worker start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
