import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { spontaneousChannel } from './spontaneous.channel';

/** The spontaneous information channel (arts 40, 51): its lifecycle table, details schema and queue. */
@Module({ imports: [WorkflowsModule.forChannel(spontaneousChannel)] })
export class SpontaneousModule {
  /** The channel's definition, for tools that read the tables without booting the application. */
  static readonly definition = spontaneousChannel;
}
