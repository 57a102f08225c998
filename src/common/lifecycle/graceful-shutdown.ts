import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { markDraining } from './readiness';

/**
 * On SIGTERM/SIGINT: stop taking work, let running jobs and in-flight enqueues finish, close the
 * pools, exit 0. A second signal or the deadline forces the exit.
 */
export interface ShutdownOptions {
  /** Forced exit after this long (a job that does not finish). */
  deadlineMs?: number;
  /** Runs once the application has closed (e.g. leave the embedded PostgreSQL). */
  afterClose?: () => Promise<void>;
}

export function exitGracefullyOnSignals(
  app: INestApplicationContext,
  logger: LoggerService,
  { deadlineMs = 25000, afterClose }: ShutdownOptions = {},
): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn({ msg: 'second signal: exiting now', signal }, 'Shutdown');
      process.exit(1);
    }
    closing = true;
    // Readiness answers 503 from now on, so that a load balancer stops sending work here.
    markDraining();
    logger.log({ msg: 'shutting down', signal }, 'Shutdown');
    setTimeout(() => {
      logger.error({ msg: 'shutdown deadline passed: exiting', deadlineMs }, 'Shutdown');
      process.exit(1);
    }, deadlineMs).unref();
    app
      .close()
      .then(() => afterClose?.())
      .then(() => {
        logger.log({ msg: 'stopped cleanly' }, 'Shutdown');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ msg: 'error while shutting down', error: String(err) }, 'Shutdown');
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
