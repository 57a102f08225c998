import Redis from 'ioredis';
import { Client } from 'pg';
import { RetryDeadlineError, retryWithBackoff } from '@/common/lifecycle/retry';
import {
  type ServiceVariable,
  ServiceUnreachableError,
  errorReason,
  redactUrl,
  serviceUnreachable,
} from '@/config/connection-problem';
import { redisOptionsFromUrl } from '@/config/redis-connection';

/**
 * Start-up's first step once the backends are chosen: wait until PostgreSQL and Redis answer, for a bounded
 * time (STARTUP_WAIT_S), retrying with backoff; say once per problem what is awaited (the variable, the
 * address, why); give up naming them. Nothing else starts before: no listening API with a dead backend,
 * no library retrying behind our back and printing a stack trace per attempt.
 */
export interface Backend {
  variable: ServiceVariable;
  url: string;
  /** One round trip; rejects with why not. */
  probe: (timeoutMs: number) => Promise<void>;
  /** A failure that waiting will not cure (wrong password, unknown role). */
  isPermanent: (err: unknown) => boolean;
}

/** What the wait says: structured entries for the JSON logger. */
export interface WaitLog {
  warn(entry: Record<string, unknown>): void;
  info(entry: Record<string, unknown>): void;
}

export interface WaitOptions {
  waitMs: number;
  log: WaitLog;
  signal?: AbortSignal;
  /** Each probe's own limit (connect and one round trip). */
  probeTimeoutMs?: number;
  now?: () => number;
}

/** Some backends did not answer in time, or refused us for good: one problem per backend. */
export class BackendsUnreachableError extends Error {
  constructor(readonly problems: ServiceUnreachableError[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'BackendsUnreachableError';
  }
}

/** The backends a process connects to, from DATABASE_URL and REDIS_URL (the embedded server is ours). */
export function backendsToWaitFor(
  env: NodeJS.ProcessEnv,
  { embeddedDatabase }: { embeddedDatabase: boolean },
): Backend[] {
  const backends: Backend[] = [];
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl && !embeddedDatabase) {
    backends.push({
      variable: 'DATABASE_URL',
      url: databaseUrl,
      probe: (ms) => probePostgres(databaseUrl, ms),
      isPermanent: isPermanentPostgresError,
    });
  }
  const redisUrl = env.REDIS_URL?.trim();
  if (redisUrl) {
    backends.push({
      variable: 'REDIS_URL',
      url: redisUrl,
      probe: (ms) => probeRedis(redisUrl, ms),
      isPermanent: isPermanentRedisError,
    });
  }
  return backends;
}

export async function waitForBackends(backends: Backend[], options: WaitOptions): Promise<void> {
  // One backend refused for good: the others need not be waited for.
  const giveUp = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, giveUp.signal]) : giveUp.signal;
  const results = await Promise.allSettled(
    backends.map((backend) =>
      waitForOne(backend, { ...options, signal }).catch((err: unknown) => {
        if (err instanceof ServiceUnreachableError && err.permanent) {
          giveUp.abort(err);
        }
        throw err;
      }),
    ),
  );
  if (options.signal?.aborted) {
    throw options.signal.reason;
  }
  const problems = [
    ...new Set(
      results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => r.reason as unknown),
    ),
  ].filter((reason): reason is ServiceUnreachableError => reason instanceof ServiceUnreachableError);
  if (problems.length > 0) {
    throw new BackendsUnreachableError(problems);
  }
}

async function waitForOne(backend: Backend, options: WaitOptions): Promise<void> {
  const address = redactUrl(backend.url);
  const waitS = options.waitMs / 1000;
  let said: string | undefined;
  try {
    await retryWithBackoff(() => backend.probe(options.probeTimeoutMs ?? 2000), {
      deadlineMs: options.waitMs,
      signal: options.signal,
      now: options.now,
      isPermanent: backend.isPermanent,
      onFailure: (err, { nextDelayMs }) => {
        const reason = errorReason(err);
        // Once per problem: again only when the reason changes, not at every retry.
        if (nextDelayMs !== undefined && reason !== said) {
          said = reason;
          options.log.warn({
            msg: `waiting for ${backend.variable} ${address}: ${reason}`,
            variable: backend.variable,
            address,
            error: reason,
            waitS,
          });
        }
      },
    });
  } catch (err) {
    if (options.signal?.aborted) {
      throw options.signal.reason;
    }
    if (err instanceof RetryDeadlineError) {
      const waited =
        waitS > 0 ? ` (no answer within STARTUP_WAIT_S=${waitS} s)` : ' (STARTUP_WAIT_S=0: no wait)';
      throw new ServiceUnreachableError(backend.variable, address, errorReason(err.lastError) + waited);
    }
    throw serviceUnreachable(backend.variable, backend.url, err, true);
  }
  if (said !== undefined) {
    options.log.info({ msg: `${backend.variable} ${address} answers`, variable: backend.variable, address });
  }
}

/** Connects and runs SELECT 1. A server without the database yet answers (start-up creates it). */
export async function probePostgres(url: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    if ((err as { code?: string }).code === '3D000') {
      return;
    }
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Class 28 (invalid authorization: wrong password, unknown role, no pg_hba entry): waiting will not help. */
export function isPermanentPostgresError(err: unknown): boolean {
  return /^28/.test((err as { code?: string } | undefined)?.code ?? '');
}

/** Connects (no retry of ioredis' own) and sends PING. */
export async function probeRedis(url: string, timeoutMs: number): Promise<void> {
  const redis = new Redis({
    ...redisOptionsFromUrl(url),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    // Otherwise a timer of 2 s outlives a failed probe.
    disconnectTimeout: 0,
  });
  // Without a retry ioredis rejects with "Connection is closed."; the reason is the error it emitted.
  let cause: unknown;
  redis.on('error', (err: unknown) => {
    cause ??= err;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw (cause as Error | undefined) ?? err;
  } finally {
    redis.disconnect();
  }
}

export function isPermanentRedisError(err: unknown): boolean {
  return /WRONGPASS|NOAUTH|invalid password|invalid username-password|NOPERM/i.test(errorReason(err));
}
