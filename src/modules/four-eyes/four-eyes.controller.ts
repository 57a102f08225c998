import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { countryParam } from '@/common/validation/country-param';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { etag, parseIfMatch } from '@/modules/requests/if-match';
import { FourEyesPolicyResponse, PutFourEyesPolicyDto } from './dto/four-eyes-policy.dto';
import {
  CreatePreparationDto,
  ListPreparationsQuery,
  PreparationResponse,
  WithdrawPreparationDto,
} from './dto/preparation.dto';
import { FourEyesPolicyService } from './four-eyes-policy.service';
import { PreparationsService } from './preparations.service';

@ApiTags('states')
@ApiBearerAuth()
@Controller('v1/states')
export class FourEyesPolicyController {
  constructor(private readonly policy: FourEyesPolicyService) {}

  @Get(':country/four-eyes')
  @Roles('admin', 'officer', 'approver', 'auditor')
  @ApiOperation({
    summary: "A State's four-eyes policy: the actions its authorities' users take with a second person",
  })
  @ApiOkResponse({ type: FourEyesPolicyResponse })
  @ApiErrors(400, 401, 403, 503)
  get(@Param('country') raw: string): Promise<FourEyesPolicyResponse> {
    return this.policy.get(countryParam(raw));
  }

  @Put(':country/four-eyes')
  @Roles('admin')
  @ApiOperation({ summary: "Set a State's four-eyes policy (operator admin); the whole list, [] for none" })
  @ApiOkResponse({ type: FourEyesPolicyResponse })
  @ApiErrors(400, 401, 403, 413, 503)
  put(
    @Param('country') raw: string,
    @Body() dto: PutFourEyesPolicyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FourEyesPolicyResponse> {
    return this.policy.put(countryParam(raw), dto, principal.userId);
  }
}

@ApiTags('requests')
@ApiBearerAuth()
@Controller('v1/requests')
export class RequestPreparationsController {
  constructor(private readonly preparations: PreparationsService) {}

  @Post(':id/preparations')
  @Roles('officer', 'approver')
  @ApiOperation({
    summary:
      'Prepare an action that needs four eyes: checked as the action would be now, taken once another user ' +
      'of the authority confirms it',
  })
  @ApiCreatedResponse({ type: PreparationResponse })
  @ApiErrors(
    400,
    'UNKNOWN_ACTION',
    'INCOMPLETE_REQUEST',
    'FORBIDDEN_REFUSAL_GROUND',
    401,
    403,
    404,
    409,
    'ACTION_NOT_AVAILABLE',
    'FOUR_EYES_NOT_REQUIRED',
    'FOUR_EYES_ACROSS_NODES',
    'PREPARATION_PENDING',
    413,
    503,
  )
  prepare(
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: CreatePreparationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PreparationResponse> {
    return this.preparations.prepare(id, dto, principal);
  }

  @Get(':id/preparations')
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({ summary: "The caller's authority's preparations on this request, newest first" })
  @ApiOkResponse({ type: [PreparationResponse] })
  @ApiErrors(400, 401, 403, 404, 503)
  list(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PreparationResponse[]> {
    return this.preparations.listForRequest(id, principal);
  }
}

@ApiTags('requests')
@ApiBearerAuth()
@Controller('v1/preparations')
export class PreparationsController {
  constructor(private readonly preparations: PreparationsService) {}

  @Get()
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({
    summary:
      "The caller's authority's preparations (status=pending: the confirmations awaited), newest first",
  })
  @ApiOkResponse({ type: [PreparationResponse] })
  @ApiErrors(400, 401, 403, 503)
  list(
    @Query() query: ListPreparationsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PreparationResponse[]> {
    return this.preparations.list(principal, query.status);
  }

  @Post(':pid/confirm')
  @HttpCode(200)
  @Roles('officer', 'approver')
  @ApiOperation({
    summary:
      'Confirm a preparation (another user of the authority, with the role the policy names): the action is ' +
      'taken now, once',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag ("<version>") of the request the confirmation is based on; 412 if stale',
  })
  @ApiOkResponse({
    type: PreparationResponse,
    headers: { ETag: { description: "The request's new version", schema: { type: 'string' } } },
  })
  @ApiErrors(
    400,
    'INCOMPLETE_REQUEST',
    401,
    403,
    404,
    409,
    'PREPARATION_CLOSED',
    'ACTION_NOT_AVAILABLE',
    412,
    503,
  )
  async confirm(
    @Param('pid', uuidPipe('pid')) pid: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PreparationResponse> {
    const { preparation, committed } = await this.preparations.confirm(pid, principal, parseIfMatch(ifMatch));
    res.setHeader('ETag', etag(committed.request.version));
    return preparation;
  }

  @Post(':pid/withdraw')
  @HttpCode(200)
  @Roles('officer', 'approver')
  @ApiOperation({ summary: 'Withdraw a pending preparation (its preparer, or an approver of the authority)' })
  @ApiOkResponse({ type: PreparationResponse })
  @ApiErrors(400, 401, 403, 404, 409, 'PREPARATION_CLOSED', 413, 503)
  withdraw(
    @Param('pid', uuidPipe('pid')) pid: string,
    @Body() dto: WithdrawPreparationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PreparationResponse> {
    return this.preparations.withdraw(pid, dto, principal);
  }
}
