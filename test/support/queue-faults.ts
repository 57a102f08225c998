import Redis from 'ioredis';
import { deleteRedisPrefix } from '../../tools/harness/scratch';
import type { TestApp } from './test-app';

/** BullMQ's PostgreSQL tables that hold jobs (its schema version and metadata stay). */
const POSTGRES_JOB_TABLES = ['job', 'job_dependency', 'job_log', 'dedup', 'dedup_next', 'event', 'scheduler'];

/**
 * Loses every queued job of this test app, whichever backend the queues run on: on Redis, every key of the
 * app's prefix (what a FLUSHALL does to it); on PostgreSQL, every row of BullMQ's job tables. The engine's
 * own tables (outbox included) are untouched: they are the truth the sweep rebuilds the queues from.
 */
export async function loseQueuedJobs(t: TestApp): Promise<void> {
  if (t.redisUrl) {
    await deleteRedisPrefix(t.redisUrl, t.queuePrefix);
    return;
  }
  await t.db.query(`TRUNCATE ${POSTGRES_JOB_TABLES.map((name) => `bullmq.${name}`).join(', ')} CASCADE`);
}

/** How many jobs the queue backend holds for this app (any state). */
export async function queuedJobCount(t: TestApp): Promise<number> {
  if (t.redisUrl) {
    const redis = new Redis(t.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      let count = 0;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.queuePrefix}:*:*`, 'COUNT', 500);
        cursor = next;
        // Job hashes are <prefix>:<queue>:<requestId>_<seq>_<JobName>_<n>; the queue's own keys (wait,
        // delayed, meta...) are not jobs.
        count += keys.filter((k) => /_\d+_[A-Za-z]+_\d+$/.test(k)).length;
      } while (cursor !== '0');
      return count;
    } finally {
      redis.disconnect();
    }
  }
  const rows = await t.db.query<{ count: string }>('SELECT count(*) FROM bullmq.job');
  return Number(rows.rows[0].count);
}
