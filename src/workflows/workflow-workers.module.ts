import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandlers } from './job-handlers';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { EvidenceSharingProcessor } from './processors/evidence-sharing.processor';
import { ExtraditionProcessor } from './processors/extradition.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { PreservationProcessor } from './processors/preservation.processor';
import { WorkflowsModule } from './workflows.module';

/** Queue workers and the outbox safety net; loaded by processes that run workers. */
@Module({
  imports: [WorkflowsModule],
  providers: [EvidenceSharingProcessor, PreservationProcessor, ExtraditionProcessor, NotificationsProcessor],
})
export class WorkflowWorkersModule implements OnApplicationBootstrap {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly handlers: JobHandlers,
  ) {}

  onApplicationBootstrap(): void {
    // Every module registered its handlers during init: fail start-up if a job would have nobody to run it.
    this.handlers.assertComplete();
    this.relay.startBackgroundLoops();
  }
}
