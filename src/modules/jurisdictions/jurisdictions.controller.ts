import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { countryParam } from '@/common/validation/country-param';
import { StateSettingsResponse, UpdateStateSettingsDto } from './dto/state-settings.dto';
import { JurisdictionsService } from './jurisdictions.service';

@ApiTags('states')
@ApiBearerAuth()
@Controller('v1/states')
export class JurisdictionsController {
  constructor(private readonly jurisdictions: JurisdictionsService) {}

  @Get(':country/settings')
  @Roles('admin', 'officer', 'approver', 'auditor')
  @ApiOperation({
    summary: 'The legal periods in force for requests to a State (its declared values or defaults)',
  })
  @ApiOkResponse({ type: StateSettingsResponse })
  @ApiErrors(400, 401, 403, 503)
  get(@Param('country') raw: string): Promise<StateSettingsResponse> {
    return this.jurisdictions.get(countryParam(raw));
  }

  @Put(':country/settings')
  @Roles('admin')
  @ApiOperation({
    summary:
      "Record a State's declared periods (operator admin), as a new version of its declarations; null restores the default",
  })
  @ApiOkResponse({ type: StateSettingsResponse })
  @ApiErrors(400, 401, 403, 413, 503)
  update(
    @Param('country') raw: string,
    @Body() dto: UpdateStateSettingsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StateSettingsResponse> {
    return this.jurisdictions.update(countryParam(raw), dto, principal);
  }
}
