import 'reflect-metadata';
import { loadEnvFile } from './config/load-env-file';
import { createHttpApp, defaultLogger } from './bootstrap';
import { exitGracefullyOnSignals } from './common/lifecycle/graceful-shutdown';
import { appConfig } from './config/app.config';
import { checkEnvironment } from './config/check-environment';
import { releaseEmbeddedDatabase } from './database/embedded/embedded-lifecycle';

/** API process; runs the queue workers in the same process unless WORKERS_ENABLED=false. */
async function main(): Promise<void> {
  loadEnvFile();
  checkEnvironment();
  const config = appConfig();
  const logger = defaultLogger();
  const app = await createHttpApp({ workers: config.workersEnabled, logger });
  exitGracefullyOnSignals(app, logger, { afterClose: releaseEmbeddedDatabase });
  await app.listen(config.port);
  process.stdout.write(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'info',
      msg: 'listening',
      port: config.port,
      workers: config.workersEnabled,
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
