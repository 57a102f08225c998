import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleInit, type Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Job } from 'bullmq';
import { throttledWarn } from '@/common/logging/throttled-warn';
import type { AllConfig } from '@/config/all-config.type';
import { JobHandlers } from '../job-handlers';
import { OutboxRepository } from '../outbox/outbox.repository';
import type { ScheduledJob } from '../queue.constants';

/** Base of the per-queue processors: no business logic, only dispatch to the registered handler. */
@Injectable() // emits the constructor's parameter types, which the subclasses inherit
export abstract class DispatchingProcessor extends WorkerHost implements OnModuleInit {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly warnConnection = throttledWarn(this.logger, 10000);

  constructor(
    private readonly handlers: JobHandlers,
    private readonly outbox: OutboxRepository,
    private readonly config: ConfigService<AllConfig, true>,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.get('queue', { infer: true }).workerConcurrency;
  }

  async process(job: Job<ScheduledJob>): Promise<string> {
    const handler = this.handlers.get(job.name);
    if (!handler) {
      throw new Error(`No handler for job ${job.name}`);
    }
    const started = Date.now();
    const firstAttempt = job.attemptsMade === 0;
    const due = job.timestamp + (job.opts.delay ?? 0);
    const run = (outcome: 'completed' | 'failed'): void =>
      this.handlers.notify({
        queue: job.queueName,
        name: job.name,
        outcome,
        durationMs: Date.now() - started,
        latencyMs: firstAttempt ? Math.max(0, (job.processedOn ?? started) - due) : null,
        delayed: (job.opts.delay ?? 0) > 0,
      });
    try {
      const result = await handler.run(job);
      run('completed');
      return result;
    } catch (err) {
      run('failed');
      throw err;
    }
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.warnConnection(`Worker ${this.worker.name}: ${error.message}`);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<ScheduledJob> | undefined, error: Error): Promise<void> {
    if (!job) {
      return;
    }
    this.logger.warn({
      msg: 'job failed',
      job: job.name,
      jobId: job.id,
      attempts: job.attemptsMade,
      error: error.message,
    });
    await this.outbox
      .recordFailure(job.data.outboxId, error.message, job.attemptsMade)
      .catch(() => undefined);
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) {
      await this.handlers
        .get(job.name)
        ?.onFinalFailure?.(job, error)
        .catch((err: unknown) =>
          this.logger.error({ msg: 'final-failure handler failed', error: String(err) }),
        );
    }
  }
}

const pascal = (queue: string): string =>
  queue.replace(/(^|[-_])(\w)/g, (_m: string, _sep: string, c: string) => c.toUpperCase());

/** One processor per declared queue (a channel's or a module's), named after it (`MlaProcessor`). */
export function processorFor(queue: string): Type<DispatchingProcessor> {
  @Processor(queue)
  class QueueProcessor extends DispatchingProcessor {}
  Object.defineProperty(QueueProcessor, 'name', { value: `${pascal(queue)}Processor` });
  return QueueProcessor;
}
