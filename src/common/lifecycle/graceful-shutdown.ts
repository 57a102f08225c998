import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { markDraining } from './readiness';
import { settlesWithin } from './retry';

/**
 * A server process's life from the first line of its entry point: start-up (which a signal stops at once,
 * exit 0: nothing was taken in yet), then the running application (which a signal closes: stop taking
 * work, let running jobs and in-flight enqueues finish, close the pools, exit 0). A second signal, or the
 * deadline, forces the exit (1). Closing connections to a backend that is down never waits for it: each
 * queue and worker close is time-boxed (see queue-shutdown.ts), so such a shutdown takes a few seconds.
 */
export interface ShutdownOptions {
  /** Forced exit (1) after this long (a job that does not finish). */
  deadlineMs?: number;
  /** Runs once the application has closed, or start-up has stopped (e.g. leave the embedded PostgreSQL). */
  afterClose?: () => Promise<void>;
  /** The log entries that say why start-up failed, one per problem (default: the error's message). */
  describeFailure?: (err: unknown) => Record<string, unknown>[];
}

export interface ProcessLifecycle {
  /** Aborted by the first SIGTERM or SIGINT: start-up steps give up as soon as it is. */
  readonly stopping: AbortSignal;
  /** Start-up is done: a signal closes `app` from now on (at once when one came during start-up). */
  started(app: INestApplicationContext): void;
  /**
   * Start-up failed, or stopped for a signal: says why (one line per problem), releases what it holds
   * (afterClose) and exits: 0 when a signal stopped it, 1 otherwise.
   */
  startFailed(err: unknown): Promise<void>;
}

/** How long afterClose may take when start-up failed (the embedded server's stop). */
const RELEASE_MS = 5000;

export function handleProcessSignals(
  logger: LoggerService,
  { deadlineMs = 25000, afterClose, describeFailure = defaultFailure }: ShutdownOptions = {},
): ProcessLifecycle {
  const stop = new AbortController();
  let app: INestApplicationContext | undefined;
  /** The first signal received (its name for the logs); set once. */
  let signalled: { name: NodeJS.Signals } | undefined;
  let closing = false;

  const close = (target: INestApplicationContext): void => {
    if (closing) {
      return;
    }
    closing = true;
    const started = Date.now();
    logger.log({ msg: 'shutting down', signal: signalled?.name }, 'Shutdown');
    target
      .close()
      .then(() => afterClose?.())
      .then(() => {
        logger.log({ msg: 'stopped', ms: Date.now() - started }, 'Shutdown');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ msg: 'error while shutting down', error: String(err) }, 'Shutdown');
        process.exit(1);
      });
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      logger.warn({ msg: 'second signal: exiting now', signal }, 'Shutdown');
      process.exit(1);
    }
    signalled = { name: signal };
    // Readiness answers 503 from now on, so that a load balancer stops sending work here.
    markDraining();
    setTimeout(() => {
      logger.error({ msg: 'shutdown deadline passed: exiting', deadlineMs }, 'Shutdown');
      process.exit(1);
    }, deadlineMs).unref();
    if (app) {
      close(app);
    } else {
      logger.log({ msg: 'signal during start-up: stopping', signal }, 'Shutdown');
      stop.abort(new StartupStopped(signal));
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  return {
    stopping: stop.signal,
    started(running: INestApplicationContext): void {
      app = running;
      if (signalled) {
        close(running);
      }
    },
    async startFailed(err: unknown): Promise<void> {
      const stopped = stop.signal.aborted;
      if (stopped) {
        logger.log({ msg: 'stopped during start-up', signal: signalled?.name }, 'Shutdown');
      } else {
        for (const entry of describeFailure(err)) {
          if (logger.fatal) {
            logger.fatal(entry, 'Startup');
          } else {
            logger.error(entry, 'Startup');
          }
        }
      }
      if (afterClose) {
        await settlesWithin(
          afterClose().catch((release: unknown) => {
            logger.warn(
              { msg: 'release after a failed start-up failed', error: String(release) },
              'Shutdown',
            );
          }),
          RELEASE_MS,
        );
      }
      process.exit(stopped ? 0 : 1);
    },
  };
}

/** Kept for callers that start their application themselves (the demo): signals close `app`. */
export function exitGracefullyOnSignals(
  app: INestApplicationContext,
  logger: LoggerService,
  options: ShutdownOptions = {},
): void {
  handleProcessSignals(logger, options).started(app);
}

/** The reason start-up's signal carries. */
export class StartupStopped extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal} during start-up`);
    this.name = 'StartupStopped';
  }
}

function defaultFailure(err: unknown): Record<string, unknown>[] {
  return [{ msg: `start-up failed: ${err instanceof Error ? err.message : String(err)}` }];
}
