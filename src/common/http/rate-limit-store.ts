import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { queueBackendOf } from '@/config/backends';
import { readHttpConfig } from '@/config/http.config';
import { queueConfig } from '@/config/queue.config';
import { memoryCounters, rateLimitRedis, redisCounters } from './rate-limit-counters';
import type { RateLimitCountersPair } from './rate-limit.middleware';

/** How long start-up waits for the shared counts' Redis before serving with the process's own counts. */
const CONNECT_MS = 3000;

/**
 * The counts of the API's rate limits: shared by every API process of the install when the queues run on
 * Redis (under the install's prefix, so installs sharing a Redis stay apart), else counted in the process.
 * Start-up waits for the connection, so that the first requests are not counted apart from the rest.
 */
@Injectable()
export class RateLimitStore implements OnModuleInit, OnApplicationShutdown {
  readonly counters: RateLimitCountersPair;
  private readonly redis: Redis | undefined;

  constructor() {
    const http = readHttpConfig();
    const windowMs = http.rateLimitWindowMs;
    const redisUrl = process.env.REDIS_URL;
    if (queueBackendOf() !== 'redis' || !redisUrl) {
      this.counters = {
        perIp: memoryCounters({ name: 'ip', points: http.rateLimitPerIp, windowMs }),
        perToken: memoryCounters({ name: 'token', points: http.rateLimitPerToken, windowMs }),
      };
      return;
    }
    this.redis = rateLimitRedis(redisUrl);
    const prefix = queueConfig().prefix;
    this.counters = {
      perIp: redisCounters(this.redis, prefix, { name: 'ip', points: http.rateLimitPerIp, windowMs }),
      perToken: redisCounters(this.redis, prefix, {
        name: 'token',
        points: http.rateLimitPerToken,
        windowMs,
      }),
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
