import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { realTimeCollectionChannel } from './real-time-collection.channel';

/**
 * The real-time collection channel (arts 45, 46): traffic data collection and interception of content data,
 * its lifecycle table, details schema and queue, registered with the engine.
 */
@Module({ imports: [WorkflowsModule.forChannel(realTimeCollectionChannel)] })
export class RealTimeCollectionModule {
  /** The channel's definition, for tools that read the tables without booting the application. */
  static readonly definition = realTimeCollectionChannel;
}
