import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@/common/auth/access.decorators';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { ChannelRegistry } from './channel-registry';
import {
  type WorkflowDescription,
  WorkflowDescription as WorkflowDescriptionDto,
  describeChannel,
} from './workflow-description';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('v1/workflows')
export class WorkflowsController {
  constructor(private readonly registry: ChannelRegistry) {}

  @Get()
  @Roles('admin', 'officer', 'approver', 'auditor')
  @ApiOperation({ summary: "Every channel's states and actions, with the side and role that may take each" })
  @ApiOkResponse({ type: [WorkflowDescriptionDto] })
  @ApiErrors(401, 403, 503)
  list(): WorkflowDescription[] {
    return this.registry.all().map(describeChannel);
  }
}
