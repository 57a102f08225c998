import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import {
  LiftQuarantineDto,
  QuarantineQuery,
  QuarantineResponse,
  toQuarantineResponse,
} from './quarantine.dto';
import { FederationQuarantine } from './quarantine.service';

/** The requests whose two histories diverged (docs/federation.md "Consistency"), for the node's admins. */
@ApiTags('federation')
@ApiBearerAuth()
@Controller('v1/federation/quarantine')
@Roles('admin')
export class QuarantineController {
  constructor(private readonly quarantine: FederationQuarantine) {}

  @Get()
  @ApiOperation({ summary: 'Quarantined requests, open ones first (at most 1000)' })
  @ApiOkResponse({ type: [QuarantineResponse] })
  @ApiErrors(400, 401, 403, 404, 503)
  async list(@Query() q: QuarantineQuery): Promise<QuarantineResponse[]> {
    const open = q.open === undefined ? undefined : q.open === 'true';
    return (await this.quarantine.list(open)).map(toQuarantineResponse);
  }

  @Post(':requestId/lift')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Lift a request's open quarantine once both nodes' operators have compared the histories (who, when and why are kept)",
  })
  @ApiOkResponse({ type: QuarantineResponse })
  @ApiErrors(400, 401, 403, 404, 413, 503)
  async lift(
    @Param('requestId', uuidPipe('requestId')) requestId: string,
    @Body() body: LiftQuarantineDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QuarantineResponse> {
    return toQuarantineResponse(await this.quarantine.lift(requestId, principal.userId, body.reason));
  }
}
