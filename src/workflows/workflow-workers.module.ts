import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { EvidenceSharingProcessor } from './processors/evidence-sharing.processor';
import { WorkflowsModule } from './workflows.module';

/** Queue workers and the outbox safety net; loaded by processes that run workers. */
@Module({
  imports: [WorkflowsModule],
  providers: [EvidenceSharingProcessor],
})
export class WorkflowWorkersModule implements OnApplicationBootstrap {
  constructor(private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.startBackgroundLoops();
  }
}
