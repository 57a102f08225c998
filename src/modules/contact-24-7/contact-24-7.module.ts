import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { contactChannel } from './contact-24-7.channel';

/** The 24/7 network channel (art. 41): its lifecycle table, details schema and queue, registered with the engine. */
@Module({ imports: [WorkflowsModule.forChannel(contactChannel)] })
export class Contact247Module {
  /** The channel's definition, for tools that read the tables without booting the application. */
  static readonly definition = contactChannel;
}
