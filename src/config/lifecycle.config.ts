import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { validateConfig } from './validate-config';

/** How a server process (dist/main.js, dist/worker.js) starts and stops. */
export interface LifecycleConfig {
  /**
   * How long start-up waits for PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) to answer, retrying with
   * backoff and saying once what it waits for, before it exits 1 naming them. 0: no wait, exit at once.
   */
  startupWaitMs: number;
  /**
   * The longest a shutdown may take (running jobs finishing, connections closing) before the process exits
   * 1 anyway. Closing what a lost backend holds never waits this long: each close is time-boxed.
   */
  shutdownTimeoutMs: number;
}

class LifecycleEnv {
  @IsOptional() @IsInt() @Min(0) @Max(3600) STARTUP_WAIT_S?: number;
  @IsOptional() @IsInt() @Min(1) @Max(3600) SHUTDOWN_TIMEOUT_S?: number;
}

export function readLifecycleConfig(env: NodeJS.ProcessEnv = process.env): LifecycleConfig {
  const parsed = validateConfig(LifecycleEnv, { ...env });
  return {
    startupWaitMs: (parsed.STARTUP_WAIT_S ?? 30) * 1000,
    shutdownTimeoutMs: (parsed.SHUTDOWN_TIMEOUT_S ?? 25) * 1000,
  };
}
