import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { jointInvestigationChannel } from './joint-investigation.channel';

/** The joint investigation team channel (art. 48), the first with more than two parties. */
@Module({ imports: [WorkflowsModule.forChannel(jointInvestigationChannel)] })
export class JointInvestigationModule {
  /** The channel's definition, for tools that read the tables without booting the application. */
  static readonly definition = jointInvestigationChannel;
}
