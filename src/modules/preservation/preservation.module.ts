import { Module } from '@nestjs/common';
import { ChannelRegistry } from '@/workflows/channel-registry';
import { WorkflowsModule } from '@/workflows/workflows.module';
import { preservationChannel } from './preservation.channel';

/** The preservation channel (arts 42-43): registers its lifecycle and details schema with the engine. */
@Module({ imports: [WorkflowsModule] })
export class PreservationModule {
  constructor(registry: ChannelRegistry) {
    registry.register(preservationChannel);
  }
}
