import { BullModule, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { settlesWithin } from './retry';

/**
 * Shutdown that a lost queue backend cannot hold up. BullMQ's close() waits for its backend: with Redis
 * (or the PostgreSQL the queues run on) down, a queue's QUIT waits for a reconnect that never comes, and a
 * worker waits for jobs whose completion it cannot record, so the process used to wait out its deadline
 * and exit 1. Here every close is time-boxed, then the connection is cut: nothing is lost by it, since
 * what a job did is committed in PostgreSQL or not at all, and the outbox offers any job again.
 *
 * Two parts: the queue and worker classes that @nestjs/bullmq builds (bounded close), and a provider of
 * the root module that, first thing at shutdown, asks the backend once and, when it does not answer, cuts
 * every connection at once so that nothing in flight (an enqueue after a commit) waits for it either.
 */

/** What one queue or worker close may take before its connection is cut, and after. */
export interface CloseBudget {
  /** A worker: how long its running jobs may take to finish. A queue: how long its close may take. */
  ms: number;
  /** Once cut: how long the cut and the close may still take before the close is left behind. */
  afterCutMs: number;
}

/** A queue's close while the backend answers. */
const QUEUE_BUDGET: CloseBudget = { ms: 2000, afterCutMs: 500 };
/** Any close once shutdown found the backend down and cut every connection. */
const DOWN_BUDGET: CloseBudget = { ms: 200, afterCutMs: 100 };
/** The cut itself at shutdown (BullMQ's disconnect may wait for a connection never made, or for ever). */
const CUT_MS = 300;

const logger = new Logger('Shutdown');

/** How often a close is looked at, and how long a worker with no job running is given before it is cut. */
const SLICE_MS = 100;
const IDLE_GRACE_MS = 500;

/**
 * Waits for `closing` within the budget; past it, cuts the connection and waits a little more, then leaves
 * the close behind (a connection to a dead backend: abandoning it loses nothing, the process exits anyway).
 * With `idle` (a worker: no job running), the budget is for running jobs only: once none runs, the close is
 * given IDLE_GRACE_MS more (BullMQ's worker may be sleeping out a retry pause of 15 s that close does not
 * interrupt), then cut.
 */
export async function closeWithin(
  what: string,
  closing: Promise<void>,
  budget: CloseBudget,
  disconnect: () => Promise<void>,
  idle?: () => boolean,
): Promise<void> {
  const started = Date.now();
  let why = `not closed within ${budget.ms} ms`;
  for (;;) {
    const elapsed = Date.now() - started;
    if (elapsed >= budget.ms) {
      break;
    }
    if (await settlesWithin(closing, Math.min(SLICE_MS, budget.ms - elapsed))) {
      await closing.catch((err: unknown) =>
        logger.warn({ msg: `${what}: close failed`, error: String(err) }),
      );
      return;
    }
    if (idle?.() && Date.now() - started >= Math.min(IDLE_GRACE_MS, budget.ms)) {
      why = `no job running, not closed within ${Date.now() - started} ms`;
      break;
    }
  }
  logger.warn({ msg: `${what}: ${why}: connection cut`, ms: Date.now() - started });
  const cut = disconnect().catch(() => undefined);
  await settlesWithin(Promise.all([cut, closing]), budget.afterCutMs);
}

/** A BullMQ queue whose close() is time-boxed (the producers of the relay). */
export class BoundedQueue extends Queue {
  closeBudget: CloseBudget = QUEUE_BUDGET;
  private bounded: Promise<void> | undefined;

  override close(): Promise<void> {
    this.bounded ??= closeWithin(`queue ${this.name}`, super.close(), this.closeBudget, () =>
      super.disconnect(),
    );
    return this.bounded;
  }
}

/**
 * A BullMQ worker whose close() waits for its running jobs at most its budget, and for nothing else: once
 * no job runs it is cut (see closeWithin).
 */
export class BoundedWorker extends Worker {
  closeBudget: CloseBudget = { ms: 10000, afterCutMs: 500 };
  private bounded: Promise<void> | undefined;
  /** Jobs being processed now ('active' to 'completed' or 'failed'). */
  private jobsInProgress = 0;

  constructor(...args: ConstructorParameters<typeof Worker>) {
    super(...args);
    this.on('active', () => {
      this.jobsInProgress++;
    });
    const done = (): void => {
      this.jobsInProgress = Math.max(0, this.jobsInProgress - 1);
    };
    this.on('completed', done);
    this.on('failed', done);
  }

  override close(force = false): Promise<void> {
    this.bounded ??= closeWithin(
      `worker ${this.name}`,
      super.close(force),
      force ? DOWN_BUDGET : this.closeBudget,
      () => super.disconnect(),
      () => this.jobsInProgress === 0,
    );
    return this.bounded;
  }
}

/**
 * Makes @nestjs/bullmq build bounded queues and workers. Must run before any BullModule.registerQueue()
 * (the queue class is taken at that call, when a module's file is loaded): app.module.ts imports
 * ./common/lifecycle/bounded-queues first for this.
 */
export function useBoundedQueueClasses(): void {
  BullModule.queueClass = BoundedQueue;
  BullModule.workerClass = BoundedWorker;
}

export interface QueueShutdownOptions {
  /** How long running jobs may take to finish at shutdown while the backend answers. */
  jobsGraceMs: number;
  /** How long the backend is given to answer the check at shutdown. */
  checkMs?: number;
}

/** Declared in the root module, whose onModuleDestroy runs before its imports' (Nest runs them root first). */
@Injectable()
export class QueueShutdown implements OnApplicationBootstrap, OnModuleDestroy {
  private queues: Queue[] = [];
  private workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly options: QueueShutdownOptions,
  ) {}

  onApplicationBootstrap(): void {
    const instances = this.discovery.getProviders().map((wrapper) => wrapper.instance as unknown);
    this.queues = instances.filter((i): i is Queue => i instanceof Queue);
    this.workers = instances
      .filter((i): i is WorkerHost => i instanceof WorkerHost)
      .map((host) => {
        try {
          return host.worker;
        } catch {
          return undefined; // not registered in this process (no workers)
        }
      })
      .filter((w): w is Worker => w !== undefined);
    const unbounded = [...this.queues, ...this.workers].filter(
      (q) => !(q instanceof BoundedQueue) && !(q instanceof BoundedWorker),
    );
    if (unbounded.length > 0) {
      logger.warn({
        msg: 'queues or workers without a bounded close (a BullModule.registerQueue ran before useBoundedQueueClasses)',
        names: unbounded.map((q) => q.name),
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    const all = [...this.workers, ...this.queues];
    const [probe] = this.queues;
    if (!probe) {
      return;
    }
    const checkMs = this.options.checkMs ?? 500;
    const answered = await settlesWithin(
      probe.getJobCounts('wait').then(undefined, () => new Promise<never>(() => undefined)),
      checkMs,
    );
    for (const q of all) {
      if (q instanceof BoundedWorker) {
        q.closeBudget = answered ? { ms: this.options.jobsGraceMs, afterCutMs: 500 } : DOWN_BUDGET;
      } else if (q instanceof BoundedQueue) {
        q.closeBudget = answered ? QUEUE_BUDGET : DOWN_BUDGET;
      }
    }
    if (!answered) {
      logger.warn({
        msg: `the queue backend did not answer within ${checkMs} ms: closing queues and workers without waiting for it (their jobs stay in the outbox)`,
      });
      // Every in-flight command fails at once (an enqueue after a commit is then left to the outbox sweep).
      await settlesWithin(Promise.all(all.map((q) => q.disconnect().catch(() => undefined))), CUT_MS);
    }
  }
}
