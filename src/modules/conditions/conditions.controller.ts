import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { ConditionsService } from './conditions.service';
import {
  ConditionResponse,
  ConsentResponse,
  CreateConditionDto,
  CreateConsentDto,
  GrantConsentDto,
  RecordUseDto,
  RefuseConsentDto,
  UseReportResponse,
  UseResponse,
} from './dto/conditions.dto';

@ApiTags('conditions')
@ApiBearerAuth()
@Controller('v1/requests/:id')
export class ConditionsController {
  constructor(private readonly conditions: ConditionsService) {}

  @Get('conditions')
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({
    summary:
      "The sending side's conditions on the request's material (arts 36, 40) and their acceptance; " +
      'readable before acceptance',
  })
  @ApiOkResponse({ type: [ConditionResponse] })
  @ApiErrors(400, 401, 403, 404, 503)
  listConditions(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConditionResponse[]> {
    return this.conditions.listConditions(id, principal);
  }

  @Post('conditions')
  @Roles('officer', 'approver')
  @ApiOperation({
    summary:
      'Attach a condition to the documents your authority sends on this request (all of them when items is ' +
      'absent); the receiving side cannot download them until it accepts',
  })
  @ApiCreatedResponse({ type: ConditionResponse })
  @ApiErrors(400, 401, 403, 404, 'FEDERATED_REQUEST', 413, 503)
  attach(
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: CreateConditionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConditionResponse> {
    return this.conditions.attach(id, dto, principal);
  }

  @Post('conditions/:conditionId/accept')
  @HttpCode(200)
  @Roles('officer', 'approver')
  @ApiOperation({
    summary:
      'Accept a condition of the sending side (receiving side only): it binds, and releases the material',
  })
  @ApiOkResponse({ type: ConditionResponse })
  @ApiErrors(400, 401, 403, 404, 'ALREADY_ANSWERED', 'FEDERATED_REQUEST', 503)
  accept(
    @Param('id', uuidPipe('id')) id: string,
    @Param('conditionId', uuidPipe('conditionId')) conditionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConditionResponse> {
    return this.conditions.accept(id, conditionId, principal);
  }

  @Get('consents')
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({ summary: 'Requests for consent to another use or an onward transfer, and their answers' })
  @ApiOkResponse({ type: [ConsentResponse] })
  @ApiErrors(400, 401, 403, 404, 503)
  listConsents(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentResponse[]> {
    return this.conditions.listConsents(id, principal);
  }

  @Post('consents')
  @Roles('officer', 'approver')
  @ApiOperation({
    summary:
      "Ask the sending State's prior consent to use received documents in other proceedings (UNTOC 18(19)) " +
      'or to pass them on to a third State or an international organisation (art. 36(5))',
  })
  @ApiCreatedResponse({ type: ConsentResponse })
  @ApiErrors(400, 401, 403, 404, 'FEDERATED_REQUEST', 413, 503)
  askConsent(
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: CreateConsentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentResponse> {
    return this.conditions.askConsent(id, dto, principal);
  }

  @Post('consents/:consentId/grant')
  @HttpCode(200)
  @Roles('approver')
  @ApiOperation({
    summary: 'Grant a request for consent (the sending State, optionally with its written reference)',
  })
  @ApiOkResponse({ type: ConsentResponse })
  @ApiErrors(400, 401, 403, 404, 'ALREADY_ANSWERED', 'FEDERATED_REQUEST', 413, 503)
  grant(
    @Param('id', uuidPipe('id')) id: string,
    @Param('consentId', uuidPipe('consentId')) consentId: string,
    @Body() dto: GrantConsentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentResponse> {
    return this.conditions.grant(id, consentId, dto, principal);
  }

  @Post('consents/:consentId/refuse')
  @HttpCode(200)
  @Roles('approver')
  @ApiOperation({ summary: 'Refuse a request for consent (the sending State, with reasons)' })
  @ApiOkResponse({ type: ConsentResponse })
  @ApiErrors(400, 401, 403, 404, 'ALREADY_ANSWERED', 'FEDERATED_REQUEST', 413, 503)
  refuse(
    @Param('id', uuidPipe('id')) id: string,
    @Param('consentId', uuidPipe('consentId')) consentId: string,
    @Body() dto: RefuseConsentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentResponse> {
    return this.conditions.refuse(id, consentId, dto, principal);
  }

  @Post('uses')
  @Roles('officer', 'approver')
  @ApiOperation({
    summary:
      'Record a use of received documents in other proceedings or an onward transfer: refused without a ' +
      'granted consent of the sending State covering it, or while its conditions are not accepted',
  })
  @ApiCreatedResponse({ type: UseResponse })
  @ApiErrors(
    400,
    401,
    403,
    404,
    'CONDITIONS_NOT_ACCEPTED',
    'PRIOR_AUTHORISATION_REQUIRED',
    'FEDERATED_REQUEST',
    413,
    503,
  )
  recordUse(
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: RecordUseDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UseResponse> {
    return this.conditions.recordUse(id, dto, principal);
  }

  @Get('use-report')
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({
    summary:
      "How your authority's documents on this request were used: per document, the other side's reads and " +
      'downloads, its uses in other proceedings and onward transfers',
  })
  @ApiOkResponse({ type: UseReportResponse })
  @ApiErrors(400, 401, 403, 404, 503)
  useReport(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UseReportResponse> {
    return this.conditions.useReport(id, principal);
  }
}
