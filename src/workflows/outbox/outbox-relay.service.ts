import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { declaredQueues } from '../queue-registry';
import { throttledWarn } from '@/common/logging/throttled-warn';
import { ConfigService } from '@nestjs/config';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { AllConfig } from '@/config/all-config.type';
import type { ScheduledJob } from '../queue.constants';
import type { OutboxEntry } from './outbox-entry.entity';
import { jobOptionsFor } from './job-options';
import { OutboxRepository } from './outbox.repository';

/** Rows per relay round trip (one SELECT, one addBulk per queue, one UPDATE). */
const BATCH = 2000;

/**
 * Hands committed outbox rows to BullMQ. Fast path: right after commit, in the process that committed.
 * Safety net (worker processes): a poll for rows never enqueued, and a periodic sweep that re-offers every
 * row that is due and still undone, which restores jobs lost with a flushed Redis: a lost timer fires at
 * most one sweep period late. Deterministic job ids make re-offers harmless.
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  /** Rows published while a batch was on its way to Redis: they go out together in the next batch. */
  private pending: OutboxEntry[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly moduleRef: ModuleRef,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  onModuleInit(): void {
    // Without a listener BullMQ prints every reconnect attempt; one line per interval is enough.
    const warn = throttledWarn(this.logger, 10000);
    for (const name of declaredQueues()) {
      this.queueIfRegistered(name)?.on('error', (err: Error) => warn(`Queue ${name}: ${err.message}`));
    }
  }

  /**
   * Enqueue after commit without making the caller wait; failures are left to the poll and sweep. The first
   * rows go at once; what concurrent transitions publish meanwhile is batched (one addBulk and one UPDATE
   * for many transitions under load).
   */
  publish(entries: OutboxEntry[]): void {
    if (entries.length === 0) {
      return;
    }
    this.pending.push(...entries);
    this.flushing ??= this.flush();
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, BATCH);
      await this.enqueue(batch).catch((err: unknown) =>
        this.logger.warn(`Enqueue deferred to the sweep: ${String(err)}`),
      );
    }
    this.flushing = undefined;
  }

  /** One round trip per queue (addBulk); a job id already in Redis is left as it is. */
  async enqueue(entries: OutboxEntry[]): Promise<void> {
    const queueConfig = this.config.get('queue', { infer: true });
    const now = Date.now();
    const byQueue = new Map<string, OutboxEntry[]>();
    for (const e of entries) {
      byQueue.set(e.queue, [...(byQueue.get(e.queue) ?? []), e]);
    }
    for (const [queue, rows] of byQueue) {
      await this.queue(queue).addBulk(
        rows.map((e) => ({
          name: e.jobName,
          data: {
            outboxId: e.id,
            requestId: e.requestId,
            transitionSeq: e.transitionSeq,
          } satisfies ScheduledJob,
          opts: jobOptionsFor(e, queueConfig, now),
        })),
      );
    }
    await this.repository.markEnqueued(entries.map((e) => e.id));
  }

  /** Starts the poll and sweep loops; called by processes that run workers. Sweeps once at once. */
  startBackgroundLoops(): void {
    const { outboxPollMs, outboxSweepMs } = this.config.get('queue', { infer: true });
    this.loop(() => this.pollOnce(), outboxPollMs);
    this.loop(() => this.sweepOnce(), outboxSweepMs, true);
  }

  async pollOnce(): Promise<number> {
    const rows = await this.repository.neverEnqueued(BATCH);
    if (rows.length > 0) {
      await this.enqueue(rows);
    }
    return rows.length;
  }

  /** Re-offers every due, undone row to BullMQ; returns how many rows it re-offered. */
  async sweepOnce(): Promise<number> {
    let afterId = '0';
    let seen = 0;
    const now = new Date();
    for (;;) {
      const rows = await this.repository.dueUndone(now, afterId, BATCH);
      if (rows.length === 0 || this.stopped) {
        return seen;
      }
      await this.enqueue(rows);
      seen += rows.length;
      afterId = rows[rows.length - 1].id;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.timers.forEach((t) => clearTimeout(t));
    await this.flushing;
  }

  private loop(task: () => Promise<unknown>, everyMs: number, runNow = false): void {
    // While the database is down every pass fails: one line per 10 s says so, not one per pass.
    const warnFailure = throttledWarn(this.logger, 10000);
    const tick = async (): Promise<void> => {
      if (this.stopped) {
        return;
      }
      try {
        await task();
      } catch (err) {
        warnFailure(`Outbox relay pass failed, will retry: ${String(err)}`);
      }
      if (!this.stopped) {
        this.timers.push(setTimeout(() => void tick(), everyMs).unref());
      }
    };
    this.timers.push(setTimeout(() => void tick(), runNow ? 0 : everyMs).unref());
  }

  /** A process assembled without some module (the CLI) has no producer for that module's queue. */
  private queueIfRegistered(name: string): Queue | undefined {
    try {
      return this.queue(name);
    } catch {
      return undefined;
    }
  }

  private queue(name: string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
