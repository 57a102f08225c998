import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@/common/auth/access.decorators';
import { ChannelRegistry } from './channel-registry';
import { OpenConsultationPayload } from './payloads/open-consultation.payload';
import { PostponePayload } from './payloads/postpone.payload';
import { ProposeConditionsPayload } from './payloads/propose-conditions.payload';
import { ProvideInformationPayload } from './payloads/provide-information.payload';
import { RefusePayload } from './payloads/refuse.payload';
import { RequestInformationPayload } from './payloads/request-information.payload';
import { TransmitResultsPayload } from './payloads/transmit-results.payload';
import {
  AnswerStatusPayload,
  NotifyDelayPayload,
  QueryStatusPayload,
} from './payloads/status-enquiry.payload';
import { WithdrawPayload } from './payloads/withdraw.payload';
import {
  type WorkflowDescription,
  WorkflowDescription as WorkflowDescriptionDto,
  describeChannel,
} from './workflow-description';

@ApiTags('workflows')
@ApiBearerAuth()
@ApiExtraModels(
  RequestInformationPayload,
  ProvideInformationPayload,
  OpenConsultationPayload,
  ProposeConditionsPayload,
  PostponePayload,
  RefusePayload,
  TransmitResultsPayload,
  WithdrawPayload,
  QueryStatusPayload,
  AnswerStatusPayload,
  NotifyDelayPayload,
)
@Controller('v1/workflows')
export class WorkflowsController {
  constructor(private readonly registry: ChannelRegistry) {}

  @Get()
  @Roles('admin', 'officer', 'approver', 'auditor')
  @ApiOperation({ summary: "Every channel's states and actions, with the side and role that may take each" })
  @ApiOkResponse({ type: [WorkflowDescriptionDto] })
  list(): WorkflowDescription[] {
    return this.registry.all().map(describeChannel);
  }
}
