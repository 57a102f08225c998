import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis, RedisOptions } from 'ioredis';
import { memoryCounters, rateLimitRedis, redisCounters } from './rate-limit-counters';
import type { RateLimitCountersPair } from './rate-limit.middleware';

/** How long start-up waits for the shared counts' Redis before serving with the process's own counts. */
const CONNECT_MS = 3000;

export interface RateLimitStoreOptions {
  windowMs: number;
  perIp: number;
  perToken: number;
  /** Where the shared counts live (the queues' Redis and prefix); absent: in the process. */
  shared?: { redis: RedisOptions; prefix: string };
}

/**
 * The counts of the API's rate limits: shared by every API process of the install when the queues run on
 * Redis (under the install's prefix, so installs sharing a Redis stay apart), else counted in the process.
 * Start-up waits for the connection, so that the first requests are not counted apart from the rest.
 */
@Injectable()
export class RateLimitStore implements OnModuleInit, OnApplicationShutdown {
  readonly counters: RateLimitCountersPair;
  private readonly redis: Redis | undefined;

  constructor({ windowMs, perIp, perToken, shared }: RateLimitStoreOptions) {
    if (!shared) {
      this.counters = {
        perIp: memoryCounters({ name: 'ip', points: perIp, windowMs }),
        perToken: memoryCounters({ name: 'token', points: perToken, windowMs }),
      };
      return;
    }
    const redis = rateLimitRedis(shared.redis);
    this.redis = redis;
    this.counters = {
      perIp: redisCounters(redis, shared.prefix, { name: 'ip', points: perIp, windowMs }),
      perToken: redisCounters(redis, shared.prefix, { name: 'token', points: perToken, windowMs }),
    };
  }

  async onModuleInit(): Promise<void> {
    const redis = this.redis;
    if (!redis) {
      return;
    }
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, CONNECT_MS).unref());
    // Not connected in time: the process counts on its own until Redis answers (the insurance limiter).
    await Promise.race([redis.connect().catch(() => undefined), timeout]);
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
