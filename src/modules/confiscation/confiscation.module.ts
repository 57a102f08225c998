import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { confiscationChannel } from './confiscation.channel';

/** The confiscation and return of property channel (arts 49-52): its lifecycle table, details schema, queue. */
@Module({ imports: [WorkflowsModule.forChannel(confiscationChannel)] })
export class ConfiscationModule {
  /** The channel's definition, for tools that read the tables without booting the application. */
  static readonly definition = confiscationChannel;
}
