import 'reflect-metadata';
import { createHttpApp, runServerProcess } from './bootstrap';
import { appConfig } from './config/app.config';
import { checkEnvironment } from './config/check-environment';

/**
 * API process; runs the queue workers in the same process unless WORKERS_ENABLED=false. Start-up waits for
 * PostgreSQL and Redis (STARTUP_WAIT_S), then listens; see runServerProcess for signals and exit codes.
 */
runServerProcess(async (logger, lifecycle) => {
  checkEnvironment();
  const config = appConfig();
  const app = await createHttpApp({ workers: config.workersEnabled, logger, signal: lifecycle.stopping });
  if (!lifecycle.stopping.aborted) {
    // Without HOST, every interface (Node's default); with it, that address only (one per node in tests).
    await (config.host === undefined ? app.listen(config.port) : app.listen(config.port, config.host));
    logger.log(
      { msg: 'listening', host: config.host ?? '(all)', port: config.port, workers: config.workersEnabled },
      'Main',
    );
  }
  return app;
});
