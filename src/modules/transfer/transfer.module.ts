import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { transferChannel } from './transfer.channel';

/** The transfer channel (arts 38, 39): its lifecycle table, details schema and queue. */
@Module({ imports: [WorkflowsModule.forChannel(transferChannel)] })
export class TransferModule {
  /** The channel's definition, for tools that read the tables without booting the application. */
  static readonly definition = transferChannel;
}
