import { Module } from '@nestjs/common';
import { ChannelRegistry } from '@/workflows/channel-registry';
import { WorkflowsModule } from '@/workflows/workflows.module';
import { extraditionChannel } from './extradition.channel';

/** The extradition channel (art. 37): registers its lifecycle and details schema with the engine. */
@Module({ imports: [WorkflowsModule] })
export class ExtraditionModule {
  constructor(registry: ChannelRegistry) {
    registry.register(extraditionChannel);
  }
}
