import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { extraditionChannel } from './extradition.channel';

/** The extradition channel (art. 37): its lifecycle table, details schema and queue, registered with the engine. */
@Module({ imports: [WorkflowsModule.forChannel(extraditionChannel)] })
export class ExtraditionModule {
  /** The channel's definition, for tools that read the tables without booting the application. */
  static readonly definition = extraditionChannel;
}
