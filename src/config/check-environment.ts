import { appConfig } from './app.config';
import { chooseBackends } from './backends';
import { readConsoleConfig } from './console.config';
import { attachmentsConfig } from './attachments.config';
import { auditConfig } from './audit.config';
import { databaseConfig } from './database.config';
import { federationConfig } from './federation.config';
import { readDialConfig } from './federation-dial.config';
import { httpConfig } from './http.config';
import { readLifecycleConfig } from './lifecycle.config';
import { queueConfig } from './queue.config';
import { redisConfig } from './redis.config';
import { timersConfig } from './timers.config';

/**
 * Validates every config area before anything starts, so that one run reports every bad or missing
 * variable at once (each area alone stops at its own).
 */
export function checkEnvironment(): void {
  const problems: string[] = [];
  const database = (): unknown => {
    // Without DATABASE_URL the embedded PostgreSQL is used (refused in production, said by chooseBackends).
    return chooseBackends().embeddedDatabase ? undefined : databaseConfig();
  };
  for (const load of [
    appConfig,
    database,
    redisConfig,
    queueConfig,
    timersConfig,
    httpConfig,
    auditConfig,
    attachmentsConfig,
    federationConfig,
    () => readDialConfig(),
    () => readLifecycleConfig(),
    () => readConsoleConfig(),
  ]) {
    try {
      load();
    } catch (err) {
      problems.push(
        (err instanceof Error ? err.message : String(err)).replace(
          /^Invalid environment configuration:\n/,
          '',
        ),
      );
    }
  }
  if (problems.length > 0) {
    throw new Error(`Invalid environment configuration:\n${problems.join('\n')}`);
  }
}
