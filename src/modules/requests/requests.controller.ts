import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import { type Principal, userRoles } from '@/common/auth/principal';
import { ValidationFailedError } from '@/common/errors/domain-error';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { AccessLogService } from '@/modules/audit/access-log.service';
import { WorkflowService } from '@/workflows';
import { CreateRequestDto } from './dto/create-request.dto';
import { ListRequestsQuery } from './dto/list-requests.query';
import {
  RequestPageResponse,
  type RequestResponse,
  RequestResponse as RequestResponseDto,
} from './dto/request.response';
import { TimerResponse } from './dto/timer.response';
import { UpdateRequestDto } from './dto/update-request.dto';
import { etag, parseIfMatch } from './if-match';
import { RequestsService } from './requests.service';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag ("<version>") the change is based on; 412 if stale',
};

@ApiTags('requests')
@ApiBearerAuth()
@Controller('v1/requests')
export class RequestsController {
  constructor(
    private readonly requests: RequestsService,
    private readonly workflow: WorkflowService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Post()
  @Roles('officer')
  @ApiOperation({ summary: 'Create a DRAFT request (requesting officer)' })
  @ApiCreatedResponse({
    type: RequestResponseDto,
    headers: {
      ETag: { description: 'The version, "1"', schema: { type: 'string' } },
      Location: { description: 'The new request, /v1/requests/<id>', schema: { type: 'string' } },
    },
  })
  @ApiErrors(400, 401, 403, 413, 503)
  async create(
    @Body() dto: CreateRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequestResponse> {
    const created = await this.requests.create(dto, principal);
    res.setHeader('ETag', etag(created.version));
    res.setHeader('Location', `/v1/requests/${created.id}`);
    return created;
  }

  @Get()
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({ summary: "List the caller's authority's outgoing or incoming requests, newest first" })
  @ApiOkResponse({ type: RequestPageResponse })
  @ApiErrors(400, 401, 403, 503)
  list(
    @Query() query: ListRequestsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RequestPageResponse> {
    return this.requests.list(query, principal);
  }

  @Get(':id')
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({ summary: 'Read a request, with the actions the caller may take now (the read is logged)' })
  @ApiOkResponse({
    type: RequestResponseDto,
    headers: {
      ETag: { description: 'The version, "<version>": send it back in If-Match', schema: { type: 'string' } },
    },
  })
  @ApiErrors(400, 401, 403, 404, 503)
  async get(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequestResponse> {
    const request = await this.requests.get(id, principal);
    await this.accessLog.record(
      { userId: principal.userId, authorityId: this.requests.authorityOf(principal) },
      id,
      'request',
    );
    res.setHeader('ETag', etag(request.version));
    return request;
  }

  @Get(':id/timers')
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({
    summary: "The request's legal clocks (expiry, reminders, postponement end) with their basis",
  })
  @ApiOkResponse({ type: [TimerResponse] })
  @ApiErrors(400, 401, 403, 404, 503)
  timers(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TimerResponse[]> {
    return this.requests.timers(id, principal);
  }

  @Patch(':id')
  @Roles('officer')
  @ApiOperation({ summary: 'Edit a DRAFT (requesting officer)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({
    type: RequestResponseDto,
    headers: {
      ETag: { description: 'The version, "<version>": send it back in If-Match', schema: { type: 'string' } },
    },
  })
  @ApiErrors(400, 401, 403, 404, 409, 412, 413, 503)
  async update(
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: UpdateRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequestResponse> {
    const updated = await this.requests.update(id, dto, principal, parseIfMatch(ifMatch));
    res.setHeader('ETag', etag(updated.version));
    return updated;
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @Roles('officer', 'approver')
  @ApiOperation({
    summary: "Perform a lifecycle action; see GET /v1/workflows for each channel's table and payloads",
  })
  @ApiParam({ name: 'action', example: 'submit' })
  @ApiHeader(IF_MATCH)
  @ApiBody({ required: false, schema: { type: 'object', additionalProperties: true } })
  @ApiOkResponse({
    type: RequestResponseDto,
    description: 'The request after the action, with its new version',
    headers: {
      ETag: { description: 'The version, "<version>": send it back in If-Match', schema: { type: 'string' } },
    },
  })
  @ApiAcceptedResponse({
    type: RequestResponseDto,
    description:
      'Across nodes, when the other node sequences the status: the request as it is, the move in `pendingMoves`',
  })
  @ApiErrors(
    400,
    'UNKNOWN_ACTION',
    'INCOMPLETE_REQUEST',
    'FORBIDDEN_REFUSAL_GROUND',
    'NOT_EXTRADITABLE',
    401,
    403,
    404,
    409,
    'ACTION_NOT_AVAILABLE',
    412,
    413,
    503,
  )
  async act(
    @Param('id', uuidPipe('id')) id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequestResponse> {
    if (!/^[a-z][a-z-]{0,63}$/.test(action)) {
      throw new ValidationFailedError([{ field: 'action', messages: ['must be a kebab-case action name'] }]);
    }
    const authorityId = this.requests.authorityOf(principal);
    const committed = await this.workflow.perform(
      id,
      action,
      body,
      { type: 'user', userId: principal.userId, authorityId, roles: userRoles(principal) },
      parseIfMatch(ifMatch),
    );
    res.setHeader('ETag', etag(committed.request.version));
    if ('proposed' in committed) {
      // Across nodes, a move the other node sequences: sent to it, shown in `pendingMoves` until settled.
      res.status(202);
    }
    return this.requests.present(committed.request, principal, committed.followUps);
  }
}
