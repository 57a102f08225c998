import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { NotFoundError } from '@/common/errors/domain-error';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { BIGINT_ID, decodeCursor, encodeCursor } from '@/common/pagination/cursor';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { RequestsService } from '@/modules/requests/requests.service';
import { sideOf } from '@/workflows';
import { AccessLogService } from './access-log.service';
import { AuditSigner } from './audit-signer';
import { AuditStatsService } from './audit-stats.service';
import { AuditService } from './audit.service';
import { checkpointStatement } from './checkpoint-statement';
import { CheckpointService, toSignedCheckpoint } from './checkpoint.service';
import {
  AccessLogPageResponse,
  CheckpointPageResponse,
  type CheckpointResponse,
  CheckpointRunResponse,
  ExportBundleResponse,
  LogVerificationResponse,
  StatsResponse,
  type StatsRowResponse,
  toAccessLogEntryResponse,
  toCheckpointResponse,
} from './dto/audit.response';
import {
  AuditEventPageResponse,
  AuditEventResponse,
  ChainVerificationResponse,
  toAuditEventResponse,
} from './dto/history.response';
import {
  AccessLogQuery,
  CheckpointsQuery,
  ExportQuery,
  SearchEventsQuery,
  StatsQuery,
  VerifyQuery,
} from './dto/search-events.query';
import type { AuditCheckpoint } from './entities/audit-checkpoint.entity';
import { DRAFTING_ACTIONS, type ExportBundle } from './export-bundle';
import { ExportService } from './export.service';
import { LogVerificationService } from './log-verification.service';
import { statsToCsv } from './stats-csv';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly requests: RequestsService,
    private readonly authorities: AuthoritiesService,
    private readonly checkpoints: CheckpointService,
    private readonly logVerification: LogVerificationService,
    private readonly exports: ExportService,
    private readonly accessLog: AccessLogService,
    private readonly statistics: AuditStatsService,
    private readonly signer: AuditSigner,
  ) {}

  @Get('requests/:id/history')
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({
    summary:
      'Every event of this request, oldest first, with actor, statuses, time and hash (the read is logged)',
  })
  @ApiOkResponse({ type: [AuditEventResponse] })
  @ApiErrors(400, 401, 403, 404, 503)
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
    const envelopes = await this.audit.envelopes(id, events);
    await this.accessLog.record({ userId: principal.userId, authorityId }, id, 'history');
    // Across nodes, each event also lists the envelopes that carried it (only then: other fields unchanged).
    return events.map((e) => {
      const carried = envelopes.get(e.seq);
      return { ...toAuditEventResponse(e, names), ...(carried ? { envelopes: carried } : {}) };
    });
  }

  @Get('audit/events')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "Search the events of the auditor's authority's requests, newest first (the requests shown are logged as read)",
  })
  @ApiOkResponse({ type: AuditEventPageResponse })
  @ApiErrors(400, 401, 403, 503)
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
      status: q.status,
      actorUserId: q.actorUserId,
      actorType: q.actorType,
      actorAuthorityId: q.actorAuthorityId,
      channel: q.channel,
      counterpartAuthorityId: q.counterpartAuthorityId,
      from: q.from,
      to: q.to,
      after: q.cursor ? decodeCursor(q.cursor, BIGINT_ID) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const names = await this.authorities.userNames(
      page.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])),
    );
    await this.accessLog.record(
      { userId: principal.userId, authorityId },
      page.map((e) => e.requestId),
      'events',
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
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary:
      "With requestId: recompute that request's hash chain (auditors). Without: verify the whole log, " +
      "every chain and every checkpoint's root and signature (auditors and operator admins)",
  })
  @ApiExtraModels(ChainVerificationResponse, LogVerificationResponse)
  @ApiOkResponse({
    description: 'ChainVerificationResponse with requestId, LogVerificationResponse without',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(ChainVerificationResponse) },
        { $ref: getSchemaPath(LogVerificationResponse) },
      ],
    },
  })
  @ApiErrors(400, 401, 403, 404, 503)
  async verify(
    @Query() q: VerifyQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChainVerificationResponse | LogVerificationResponse> {
    if (q.requestId === undefined) {
      return this.verifyAll(principal);
    }
    await this.requests.visible(q.requestId, this.requests.authorityOf(principal));
    return { requestId: q.requestId, ...(await this.audit.verify(q.requestId)) };
  }

  @Get('audit/checkpoints')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Signed checkpoints, newest first, with the public key that signs them' })
  @ApiOkResponse({ type: CheckpointPageResponse })
  @ApiErrors(400, 401, 403, 503)
  async listCheckpoints(@Query() q: CheckpointsQuery): Promise<CheckpointPageResponse> {
    const limit = q.limit ?? 50;
    const rows = await this.checkpoints.page(q.cursor ? Number(q.cursor) : undefined, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      publicKey: this.signer.publicKey,
      items: page.map(checkpointResponse),
      nextCursor: rows.length > limit && last ? String(last.seq) : null,
    };
  }

  @Post('audit/checkpoints')
  @HttpCode(200)
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary:
      'Take signed checkpoints now over the events no checkpoint covers yet (created is empty if there are none)',
  })
  @ApiOkResponse({ type: CheckpointRunResponse })
  @ApiErrors(401, 403, 503)
  async checkpointNow(): Promise<CheckpointRunResponse> {
    const created = await this.checkpoints.checkpointNow();
    const latest = created[created.length - 1] ?? (await this.checkpoints.latest());
    return { created: created.map(checkpointResponse), latest: latest ? checkpointResponse(latest) : null };
  }

  @Get('audit/export')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "A signed, self-contained JSON bundle of a request's history with inclusion proofs to signed checkpoints " +
      '(verify offline: node dist/cli.js verify-export <file>); the read is logged',
  })
  @ApiOkResponse({ type: ExportBundleResponse })
  @ApiErrors(400, 401, 403, 404, 503)
  async export(
    @Query() q: ExportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExportBundle> {
    const authorityId = this.requests.authorityOf(principal);
    const request = await this.requests.visible(q.requestId, authorityId);
    const side = sideOf(request, authorityId) ?? 'requesting';
    const bundle = await this.exports.exportRequest(request.id, side);
    await this.accessLog.record({ userId: principal.userId, authorityId }, request.id, 'export');
    res.setHeader('Content-Disposition', `attachment; filename="audit-${request.reference}.json"`);
    return bundle;
  }

  @Get('audit/access-log')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "Who of the auditor's authority read which request (request, history, export, search), newest first",
  })
  @ApiOkResponse({ type: AccessLogPageResponse })
  @ApiErrors(400, 401, 403, 503)
  async accessLogPage(
    @Query() q: AccessLogQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AccessLogPageResponse> {
    const limit = q.limit ?? 50;
    const rows = await this.accessLog.search({
      authorityId: this.requests.authorityOf(principal),
      requestId: q.requestId,
      userId: q.userId,
      view: q.view,
      from: q.from,
      to: q.to,
      after: q.cursor ? decodeCursor(q.cursor, BIGINT_ID) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const names = await this.authorities.userNames(page.map((a) => a.userId));
    const last = page[page.length - 1];
    return {
      items: page.map((a) => toAccessLogEntryResponse(a, names)),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ createdAt: last.accessedAt.toISOString(), id: last.id })
          : null,
    };
  }

  @Get('audit/stats')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "Per channel and counterpart, the auditor's authority's requests: counts by status, median and p90 " +
      'times from submission to receipt, decision and execution, and suggested deadlines passed. ' +
      'JSON, or CSV with format=csv or Accept: text/csv',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: StatsResponse })
  @ApiErrors(400, 401, 403, 503)
  async stats(
    @Query() q: StatsQuery,
    @Headers('accept') accept: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StatsResponse | string> {
    const rows = await this.statistics.stats({
      authorityId: this.requests.authorityOf(principal),
      channel: q.channel,
      counterpartAuthorityId: q.counterpartAuthorityId,
      from: q.from,
      to: q.to,
    });
    const authorities = new Map(
      (await this.authorities.findByIds(rows.flatMap((r) => r.counterpartAuthorityId ?? []))).map((a) => [
        a.id,
        a,
      ]),
    );
    const items: StatsRowResponse[] = rows.map(({ counterpartAuthorityId: id, ...r }) => ({
      ...r,
      counterpart: id
        ? { id, code: authorities.get(id)?.code ?? null, name: authorities.get(id)?.name ?? null }
        : null,
    }));
    const csv = q.format === 'csv' || (q.format === undefined && /\btext\/csv\b/i.test(accept ?? ''));
    if (csv) {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="audit-stats.csv"');
      return statsToCsv(items);
    }
    return { generatedAt: new Date().toISOString(), rows: items };
  }

  /** The whole log; an auditor is not told which request of another authority is broken. */
  private async verifyAll(principal: Principal): Promise<LogVerificationResponse> {
    const result = await this.logVerification.verifyAll();
    const keyId = this.signer.publicKey.keyId;
    const brokenAt = result.brokenAt;
    if (!brokenAt?.requestId || principal.authorityId === null) {
      return { ...result, keyId };
    }
    try {
      await this.requests.visible(brokenAt.requestId, principal.authorityId);
      return { ...result, keyId };
    } catch (err) {
      if (!(err instanceof NotFoundError)) {
        throw err;
      }
      return { ...result, keyId, brokenAt: { ...brokenAt, requestId: null } };
    }
  }
}

function checkpointResponse(c: AuditCheckpoint): CheckpointResponse {
  return toCheckpointResponse(c, checkpointStatement(toSignedCheckpoint(c)));
}
