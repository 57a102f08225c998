import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { preservationChannel } from './preservation.channel';

/** The preservation channel (arts 42-43): its lifecycle table, details schema and queue, registered with the engine. */
@Module({ imports: [WorkflowsModule.forChannel(preservationChannel)] })
export class PreservationModule {
  /** The channel's definition, for tools that read the tables without booting the application. */
  static readonly definition = preservationChannel;
}
