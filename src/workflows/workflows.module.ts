import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { ChannelRegistry } from './channel-registry';
import { HistoryWriter } from './history/history-writer';
import { JobHandlers } from './job-handlers';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxRepository } from './outbox/outbox.repository';
import { EngineGauges } from './engine-gauges';
import { QueueHealth } from './queue-health';
import { declareQueue } from './queue-registry';
import type { ChannelDefinition } from './workflow.types';
import { WorkflowRepository } from './workflow.repository';
import { WorkflowService } from './workflow.service';
import { WorkflowsController } from './workflows.controller';

/**
 * The engine: lifecycle tables, transitions, the history they write, outbox and queue producers. Workers
 * live in WorkflowWorkersModule. Needs the ports of ports.ts (AuthorityDirectory, StatePeriods) provided
 * globally by the modules that own them.
 */
/** Where a channel's or a feature's queue is registered; the engine itself stays one shared instance. */
@Module({})
class QueueHostModule {}

@Module({
  controllers: [WorkflowsController],
  providers: [
    ChannelRegistry,
    JobHandlers,
    HistoryWriter,
    WorkflowRepository,
    WorkflowService,
    OutboxRepository,
    OutboxRelay,
    QueueHealth,
    EngineGauges,
  ],
  // The repositories stay inside: modules change and read requests through WorkflowService only.
  exports: [
    ChannelRegistry,
    JobHandlers,
    HistoryWriter,
    WorkflowService,
    OutboxRelay,
    QueueHealth,
    EngineGauges,
  ],
})
export class WorkflowsModule {
  /**
   * A channel module's one import: registers its lifecycle table and details schema with the engine and
   * declares its queue (producers here, a processor in worker processes).
   */
  static forChannel(definition: ChannelDefinition): DynamicModule {
    return {
      ...WorkflowsModule.forQueue(definition.queue),
      providers: [
        {
          provide: `channel:${definition.channel}`,
          inject: [ChannelRegistry],
          useFactory: (registry: ChannelRegistry) => registry.register(definition),
        },
      ],
    };
  }

  /** A queue of a feature module (e.g. webhook deliveries), run by the same dispatching workers. */
  static forQueue(name: string): DynamicModule {
    declareQueue(name);
    return {
      module: QueueHostModule,
      imports: [WorkflowsModule, BullModule.registerQueue({ name })],
      exports: [WorkflowsModule, BullModule],
    };
  }
}
