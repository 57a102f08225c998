import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { mlaChannel } from './mla.channel';

/** The MLA channel (arts 40 and 44): its lifecycle table, details schema and queue, registered with the engine. */
@Module({ imports: [WorkflowsModule.forChannel(mlaChannel)] })
export class MlaModule {
  /** The channel's definition, for tools that read the tables without booting the application. */
  static readonly definition = mlaChannel;
}
