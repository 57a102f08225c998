import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Job } from 'bullmq';
import type { AllConfig } from '@/config/all-config.type';
import { throttledWarn } from '@/common/logging/throttled-warn';
import { OutboxRepository } from '../outbox/outbox.repository';
import { JobName, type JobPayload, QueueName } from '../queue.constants';
import { WorkflowService } from '../workflow.service';

type Handlers = { [K in JobName]: (job: Job<JobPayload[K]>) => Promise<string> };

/** Thin: dispatches each job of the evidence-sharing (MLA) queue to the workflow engine. */
@Processor(QueueName.EvidenceSharing)
export class EvidenceSharingProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(EvidenceSharingProcessor.name);
  /** Exhaustive by type: adding a JobName without a handler does not compile. */
  private readonly handlers: Handlers = {
    [JobName.RequestDeliver]: (job) => this.workflow.runScheduled(job.data.outboxId),
    [JobName.PostponementEnd]: (job) => this.workflow.runScheduled(job.data.outboxId),
  };

  constructor(
    private readonly workflow: WorkflowService,
    private readonly outbox: OutboxRepository,
    private readonly config: ConfigService<AllConfig, true>,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.get('queue', { infer: true }).workerConcurrency;
  }

  async process(job: Job<JobPayload[JobName]>): Promise<string> {
    const handler = this.handlers[job.name as JobName] as ((j: typeof job) => Promise<string>) | undefined;
    if (!handler) {
      throw new Error(`No handler for job ${job.name} on ${QueueName.EvidenceSharing}`);
    }
    return handler(job);
  }

  private readonly warnConnection = throttledWarn(this.logger, 10000);

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.warnConnection(`Worker ${QueueName.EvidenceSharing}: ${error.message}`);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<JobPayload[JobName]> | undefined, error: Error): Promise<void> {
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
  }
}
