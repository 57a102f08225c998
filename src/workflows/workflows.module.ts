import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { AuthoritiesModule } from '@/modules/authorities/authorities.module';
import { JurisdictionsModule } from '@/modules/jurisdictions/jurisdictions.module';
import { ChannelRegistry } from './channel-registry';
import { JobHandlers } from './job-handlers';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxRepository } from './outbox/outbox.repository';
import { QueueName } from './queue.constants';
import { WorkflowRepository } from './workflow.repository';
import { WorkflowService } from './workflow.service';
import { WorkflowsController } from './workflows.controller';

/** The engine: lifecycle tables, transitions, outbox and queue producers. Workers live in WorkflowWorkersModule. */
@Module({
  imports: [
    AuditModule,
    AuthoritiesModule,
    JurisdictionsModule,
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  controllers: [WorkflowsController],
  providers: [
    ChannelRegistry,
    JobHandlers,
    WorkflowRepository,
    WorkflowService,
    OutboxRepository,
    OutboxRelay,
  ],
  exports: [
    BullModule,
    ChannelRegistry,
    JobHandlers,
    WorkflowRepository,
    WorkflowService,
    OutboxRelay,
    OutboxRepository,
  ],
})
export class WorkflowsModule {}
