import { Module } from '@nestjs/common';
import { AuthoritiesModule } from '@/modules/authorities/authorities.module';
import { RequestsModule } from '@/modules/requests/requests.module';
import { WorkflowsModule } from '@/workflows';
import {
  FourEyesPolicyController,
  PreparationsController,
  RequestPreparationsController,
} from './four-eyes.controller';
import { FourEyesPolicyService } from './four-eyes-policy.service';
import { PreparationsService } from './preparations.service';

/**
 * Four eyes (issue 15): each State's policy of the actions that need a second person, given to the engine
 * (FourEyesPolicy), and the preparations one user makes for another of the same authority to confirm.
 */
@Module({
  imports: [AuthoritiesModule, RequestsModule, WorkflowsModule],
  controllers: [FourEyesPolicyController, RequestPreparationsController, PreparationsController],
  providers: [FourEyesPolicyService, PreparationsService],
})
export class FourEyesModule {}
