import type { LoggerService } from '@nestjs/common';
import { ServiceUnreachableError, attributeConnectionError, errorReason } from '@/config/connection-problem';
import { readDatabaseConfig } from '@/config/database.config';
import { readLifecycleConfig } from '@/config/lifecycle.config';
import { prepareBackends, usesEmbeddedDatabase } from './embedded/embedded-lifecycle';
import { prepareDatabase } from './prepare-database';
import { BackendsUnreachableError, backendsToWaitFor, waitForBackends } from './wait-for-backends';

/**
 * What a server process does before Nest starts, in order: choose the backends (starting the embedded
 * PostgreSQL when DATABASE_URL is unset) and say which in one line; wait for PostgreSQL and Redis to
 * answer (STARTUP_WAIT_S, saying once what it waits for); create the database and apply the migrations.
 * A stop signal (`signal`) ends the wait at once.
 */
export async function prepareBackendsAndDatabase(logger: LoggerService, signal?: AbortSignal): Promise<void> {
  const backends = await prepareBackends((msg) => {
    logger.log({ msg }, 'Database');
  });
  logger.log({ msg: backends }, 'Backends');
  signal?.throwIfAborted();
  await waitForBackends(backendsToWaitFor(process.env, { embeddedDatabase: usesEmbeddedDatabase() }), {
    waitMs: readLifecycleConfig().startupWaitMs,
    signal,
    log: {
      warn: (entry) => {
        logger.warn(entry, 'Startup');
      },
      info: (entry) => {
        logger.log(entry, 'Startup');
      },
    },
  });
  const db = readDatabaseConfig();
  if (db.runMigrations) {
    const applied = await prepareDatabase(db.url);
    if (applied.length > 0) {
      logger.log({ msg: 'migrations applied', applied }, 'Database');
    }
  }
  signal?.throwIfAborted();
}

/**
 * Why start-up failed, as log entries: one per problem, each a sentence naming the variable and the
 * address where it is about a connection, without a stack where the cause is not the code.
 */
export function describeStartupFailure(err: unknown): Record<string, unknown>[] {
  if (err instanceof BackendsUnreachableError) {
    return err.problems.map(problemEntry);
  }
  const named = attributeConnectionError(err, [
    {
      variable: usesEmbeddedDatabase() ? 'embedded PostgreSQL' : 'DATABASE_URL',
      url: process.env.DATABASE_URL,
    },
    { variable: 'REDIS_URL', url: process.env.REDIS_URL },
  ]);
  if (named) {
    return [problemEntry(named)];
  }
  const message = err instanceof Error ? err.message : String(err);
  const config = /^Invalid environment configuration:\n/.exec(message);
  if (config) {
    // One line for the whole list (the variables, each with its problem), also kept apart as `problems`.
    const problems = message
      .slice(config[0].length)
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return [{ msg: `Invalid environment configuration: ${problems.join('; ')}`, problems }];
  }
  return [
    {
      msg: `start-up failed: ${errorReason(err)}`,
      ...(err instanceof Error && !(err as NodeJS.ErrnoException).syscall ? { stack: err.stack } : {}),
    },
  ];
}

function problemEntry(problem: ServiceUnreachableError): Record<string, unknown> {
  return {
    msg: problem.message,
    variable: problem.variable,
    address: problem.address,
    error: problem.reason,
  };
}
