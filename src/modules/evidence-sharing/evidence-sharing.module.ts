import { Module } from '@nestjs/common';
import { ChannelRegistry } from '@/workflows/channel-registry';
import { WorkflowsModule } from '@/workflows/workflows.module';
import { mlaChannel } from './mla.channel';

/** The MLA (evidence-sharing) channel: registers its lifecycle and details schema with the engine. */
@Module({ imports: [WorkflowsModule] })
export class EvidenceSharingModule {
  constructor(registry: ChannelRegistry) {
    registry.register(mlaChannel);
  }
}
