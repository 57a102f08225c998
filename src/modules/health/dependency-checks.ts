import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { answerWithin } from '@/common/lifecycle/retry';
import type { QueueBackendKind } from '@/config/backends';
import { QueueHealth } from '@/workflows';

/** Each dependency is given this long; a health check answers within about a second, whatever is down. */
export const CHECK_TIMEOUT_MS = 800;

export interface DependencyState {
  status: 'up' | 'down';
  backend?: QueueBackendKind;
  responseTimeMs?: number;
  message?: string;
}

export interface HealthReport {
  status: 'ok' | 'error';
  /** With an error: which dependencies are down and why, in one sentence. */
  message?: string;
  info: Record<string, DependencyState>;
  error: Record<string, DependencyState>;
  details: Record<string, DependencyState>;
}

@Injectable()
export class DependencyChecks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueHealth,
  ) {}

  /** PostgreSQL and the queue backend, asked at the same time; `redis` or `queue` names the latter. */
  async run(queueBackend: QueueBackendKind): Promise<HealthReport> {
    const queueKey = queueBackend === 'redis' ? 'redis' : 'queue';
    const [postgres, queue] = await Promise.all([
      timed(() => answerWithin(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS)),
      timed(() => this.queues.check(CHECK_TIMEOUT_MS)),
    ]);
    const details: Record<string, DependencyState> = {
      postgres,
      [queueKey]: { ...queue, backend: queueBackend },
    };
    const up = Object.entries(details).filter(([, s]) => s.status === 'up');
    const down = Object.entries(details).filter(([, s]) => s.status === 'down');
    return {
      status: down.length === 0 ? 'ok' : 'error',
      ...(down.length > 0
        ? { message: down.map(([name, s]) => `${name} is down: ${s.message ?? 'no answer'}`).join('; ') }
        : {}),
      info: Object.fromEntries(up),
      error: Object.fromEntries(down),
      details,
    };
  }
}

/** A dependency's state from one check; the check bounds its own wait (CHECK_TIMEOUT_MS). */
async function timed(check: () => Promise<unknown>): Promise<DependencyState> {
  const started = Date.now();
  try {
    await check();
    return { status: 'up', responseTimeMs: Date.now() - started };
  } catch (err) {
    return { status: 'down', message: err instanceof Error ? err.message : String(err) };
  }
}
