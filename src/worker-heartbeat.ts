import { utimesSync, writeFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueHealth } from './workflows';

export const DEFAULT_HEARTBEAT_FILE = '/tmp/cooperation-worker.heartbeat';
const EVERY_MS = 10000;

/**
 * The worker serves no HTTP: its health is a file it touches every 10 s while PostgreSQL and the queue
 * backend answer (`node dist/healthcheck.js worker` reads its age). A worker that hangs, or that lost a
 * dependency, stops touching it and its container turns unhealthy.
 */
export function startHeartbeat(app: INestApplicationContext, file = DEFAULT_HEARTBEAT_FILE): () => void {
  const dataSource = app.get(DataSource);
  const queues = app.get(QueueHealth);
  const beat = async (): Promise<void> => {
    try {
      await dataSource.query('SELECT 1');
      await queues.check(2000);
      const now = new Date();
      writeFileSync(file, now.toISOString());
      utimesSync(file, now, now);
    } catch {
      // No beat: the healthcheck sees the file age and reports the worker unhealthy.
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
