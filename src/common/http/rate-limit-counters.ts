import Redis, { type RedisOptions } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/**
 * The counts behind the API's rate limits (rate-limiter-flexible): `points` requests per key per window.
 * With Redis they are shared by every API process of the install (several processes behind a load
 * balancer give a client one budget, not one per process), keyed under the install's queue prefix; while
 * Redis does not answer, each process counts on its own (the insurance limiter) rather than refusing or
 * letting everything through. Without Redis (queues on PostgreSQL: one process, the embedded default)
 * they live in the process.
 */
export interface RateLimitCounters {
  /** Counts one request of `key`: 0 when allowed, otherwise the milliseconds until the window lets it in. */
  take(key: string): Promise<number>;
  /** Whether the counts are shared across processes. */
  readonly shared: boolean;
}

export interface CountersOptions {
  points: number;
  windowMs: number;
  /** A name of the limit, part of its keys ('ip', 'token'). */
  name: string;
}

/** rate-limiter-flexible counts whole seconds. */
const durationOf = (windowMs: number): number => Math.max(1, Math.ceil(windowMs / 1000));

function counting(limiter: RateLimiterAbstract, shared: boolean): RateLimitCounters {
  return {
    shared,
    async take(key: string): Promise<number> {
      try {
        await limiter.consume(key);
        return 0;
      } catch (refused) {
        if (refused instanceof RateLimiterRes) {
          return Math.max(1, refused.msBeforeNext);
        }
        // Neither the store nor the insurance answered: let the request in rather than fail it.
        return 0;
      }
    },
  };
}

export function memoryCounters({ points, windowMs, name }: CountersOptions): RateLimitCounters {
  const limiter = new RateLimiterMemory({ points, duration: durationOf(windowMs), keyPrefix: name });
  return counting(limiter, false);
}

/** Counts in Redis under `<prefix>:rate:<name>:`, one connection for every limit of the process. */
export function redisCounters(
  redis: Redis,
  prefix: string,
  { points, windowMs, name }: CountersOptions,
): RateLimitCounters {
  const duration = durationOf(windowMs);
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    points,
    duration,
    keyPrefix: `${prefix}:rate:${name}`,
    insuranceLimiter: new RateLimiterMemory({ points, duration, keyPrefix: `${name}-insurance` }),
  });
  return counting(limiter, true);
}

/**
 * The connection the shared counts use: it fails fast while Redis is down (no offline queue, one retry
 * per second in the background), so a request never waits for Redis to come back.
 */
export function rateLimitRedis(options: RedisOptions): Redis {
  const redis = new Redis({
    ...options,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 1000,
    connectionName: 'rate-limits',
  });
  redis.on('error', () => undefined); // the insurance limiter covers the outage; health reports Redis
  return redis;
}
