import type { RedisOptions } from 'bullmq';

/** BullMQ takes ioredis options, not a URL: redis[s]://[user:pass@]host:port[/db]. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Required by BullMQ workers: commands wait for a reconnect instead of failing after N retries.
    maxRetriesPerRequest: null,
  };
}
