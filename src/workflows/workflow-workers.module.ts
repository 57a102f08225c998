import { type DynamicModule, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ChannelRegistry } from './channel-registry';
import { JobHandlers } from './job-handlers';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxRepository } from './outbox/outbox.repository';
import { processorFor } from './processors/dispatching-processor';
import { declaredQueues } from './queue-registry';
import { WorkflowsModule } from './workflows.module';

/** Queue workers (one processor per declared queue) and the outbox safety net; for processes that run workers. */
@Module({})
export class WorkflowWorkersModule implements OnApplicationBootstrap {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly handlers: JobHandlers,
    private readonly registry: ChannelRegistry,
  ) {}

  /** Call after the channel and feature modules are defined (their queues are declared by then). */
  static register(): DynamicModule {
    return {
      module: WorkflowWorkersModule,
      imports: [WorkflowsModule],
      // The processors record failed attempts on the outbox rows (the repository is not exported).
      providers: [OutboxRepository, ...declaredQueues().map(processorFor)],
    };
  }

  onApplicationBootstrap(): void {
    // Every module registered its handlers during init: fail start-up if a job would have nobody to run it.
    for (const job of this.registry.jobNames()) {
      this.handlers.expect(job);
    }
    this.handlers.assertComplete();
    this.relay.startBackgroundLoops();
  }
}
