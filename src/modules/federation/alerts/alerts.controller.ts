import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { AlertResponse, AlertsQuery, toAlertResponse } from './alerts.dto';
import { AlertsService } from './alerts.service';

@ApiTags('federation')
@ApiBearerAuth()
@Controller('v1/federation/alerts')
@Roles('admin')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({
    summary: 'Federation alerts, newest first (at most 1000): what delivery could not fix itself',
  })
  @ApiOkResponse({ type: [AlertResponse] })
  @ApiErrors(400, 401, 403, 404, 503)
  async list(@Query() q: AlertsQuery): Promise<AlertResponse[]> {
    const open = q.open === undefined ? undefined : q.open === 'true';
    return (await this.alerts.list(open)).map(toAlertResponse);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an alert resolved (who and when are kept)' })
  @ApiOkResponse({ type: AlertResponse })
  // 409 ALERT_ALREADY_RESOLVED.
  @ApiErrors(400, 401, 403, 404, 409, 503)
  async resolve(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AlertResponse> {
    return toAlertResponse(await this.alerts.resolve(id, principal.userId));
  }
}
