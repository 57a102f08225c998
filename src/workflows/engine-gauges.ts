import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { answerWithin } from '@/common/lifecycle/retry';
import { declaredQueues } from './queue-registry';

/** The jobs of one queue by state, as BullMQ counts them. */
export interface QueueDepth {
  queue: string;
  counts: Record<string, number>;
}

/** The outbox as a scrape sees it: how late the oldest due row is, and the legal clocks due now. */
export interface OutboxGauges {
  /** Age in seconds of the oldest unprocessed row whose run_at has passed; 0 when none is due. */
  lagSeconds: number;
  /** Unprocessed timer rows whose run_at has passed (clocks due and not yet fired). */
  clocksDue: number;
}

/** BullMQ states a scrape asks about (one round trip per queue). */
const JOB_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'failed'] as const;

/**
 * Gauges read at scrape time (the metrics endpoint), never on a request's path: the depth of every declared
 * queue and the outbox's lag, each in one cheap round trip (the outbox's through its partial index on
 * run_at WHERE processed_at IS NULL).
 */
@Injectable()
export class EngineGauges {
  constructor(
    private readonly moduleRef: ModuleRef,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The depth of each declared queue; a queue that does not answer within `timeoutMs` is left out. */
  async queueDepths(timeoutMs: number): Promise<QueueDepth[]> {
    const depths = await Promise.all(
      declaredQueues().map(async (name): Promise<QueueDepth | null> => {
        try {
          const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
          const counts = await answerWithin(queue.getJobCounts(...JOB_STATES), timeoutMs);
          return { queue: name, counts };
        } catch {
          return null;
        }
      }),
    );
    return depths.filter((d): d is QueueDepth => d !== null);
  }

  async outbox(): Promise<OutboxGauges> {
    const rows: { lag: string | number | null; clocks: string | number }[] = await this.dataSource.query(
      `SELECT EXTRACT(EPOCH FROM (now() - min(run_at))) AS lag,
              count(*) FILTER (WHERE kind = 'timer') AS clocks
         FROM outbox WHERE processed_at IS NULL AND run_at <= now()`,
    );
    const row = rows[0];
    return {
      lagSeconds: row?.lag === null || row?.lag === undefined ? 0 : Math.max(0, Number(row.lag)),
      clocksDue: Number(row?.clocks ?? 0),
    };
  }
}
