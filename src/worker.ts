import 'reflect-metadata';
import { createWorkerContext, runServerProcess } from './bootstrap';
import { checkEnvironment } from './config/check-environment';
import { startHeartbeat } from './worker-heartbeat';

/**
 * Worker process: queue processors and the outbox relay, no HTTP. Start-up waits for PostgreSQL and Redis
 * (STARTUP_WAIT_S); see runServerProcess for signals and exit codes.
 */
runServerProcess(async (logger, lifecycle) => {
  checkEnvironment();
  const app = await createWorkerContext({ logger, signal: lifecycle.stopping });
  startHeartbeat(app, process.env.WORKER_HEARTBEAT_FILE || undefined);
  logger.log({ msg: 'worker started' }, 'Worker');
  return app;
});
