import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { BIGINT_ID, decodeCursor, encodeCursor } from '@/common/pagination/cursor';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { RequestsService } from '@/modules/requests/requests.service';
import { sideOf } from '@/workflows/access';
import { AuditService } from './audit.service';
import {
  AuditEventPageResponse,
  AuditEventResponse,
  ChainVerificationResponse,
  toAuditEventResponse,
} from './dto/history.response';
import { SearchEventsQuery, VerifyQuery } from './dto/search-events.query';

const DRAFTING_ACTIONS = new Set(['create', 'edit']);

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly requests: RequestsService,
    private readonly authorities: AuthoritiesService,
  ) {}

  @Get('requests/:id/history')
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({ summary: 'Every event of this request, oldest first, with actor, statuses, time and hash' })
  @ApiOkResponse({ type: [AuditEventResponse] })
  async history(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuditEventResponse[]> {
    const authorityId = this.requests.authorityOf(principal);
    const request = await this.requests.visible(id, authorityId);
    const requested = sideOf(request, authorityId) === 'requested';
    const events = (await this.audit.history(id)).filter(
      (e) => !(requested && DRAFTING_ACTIONS.has(e.action)),
    );
    const names = await this.authorities.userNames(
      events.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])),
    );
    return events.map((e) => toAuditEventResponse(e, names));
  }

  @Get('audit/events')
  @Roles('auditor')
  @ApiOperation({ summary: "Search the events of the auditor's authority's requests, newest first" })
  @ApiOkResponse({ type: AuditEventPageResponse })
  async search(
    @Query() q: SearchEventsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuditEventPageResponse> {
    const authorityId = this.requests.authorityOf(principal);
    const limit = q.limit ?? 50;
    const rows = await this.audit.search({
      authorityId,
      requestId: q.requestId,
      action: q.action,
      actorUserId: q.actorUserId,
      channel: q.channel,
      from: q.from,
      to: q.to,
      after: q.cursor ? decodeCursor(q.cursor, BIGINT_ID) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const names = await this.authorities.userNames(
      page.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((e) => toAuditEventResponse(e, names)),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ createdAt: last.occurredAt.toISOString(), id: last.id })
          : null,
    };
  }

  @Get('audit/verify')
  @Roles('auditor')
  @ApiOperation({ summary: "Recompute a request's hash chain" })
  @ApiOkResponse({ type: ChainVerificationResponse })
  async verify(
    @Query() q: VerifyQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChainVerificationResponse> {
    const request = await this.requests.visible(q.requestId, this.requests.authorityOf(principal));
    return { requestId: q.requestId, ...(await this.audit.verify(q.requestId, request.version)) };
  }
}
