import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import {
  DeleteDocumentDto,
  DeletionCertificateResponse,
  RetentionDueQuery,
  RetentionDueResponse,
  ReviewDocumentDto,
  ReviewResponse,
} from './dto/retention.dto';
import type { DeletionCertificate } from './retention.rules';
import { RetentionService } from './retention.service';

/** Retention and deletion of received material (issue 15 part 4). */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller('v1')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Post('requests/:id/attachments/:attachmentId/review')
  @HttpCode(200)
  @Roles('officer', 'approver')
  @ApiOperation({
    summary:
      'Review a document your authority received (retention): keep it until a date within the limit, or ' +
      'decide its deletion; recorded as the event review-document',
  })
  @ApiOkResponse({ type: ReviewResponse })
  @ApiErrors(400, 401, 403, 404, 'FEDERATED_REQUEST', 'DOCUMENT_DELETED', 413, 503)
  review(
    @Param('id', uuidPipe('id')) id: string,
    @Param('attachmentId', uuidPipe('attachmentId')) attachmentId: string,
    @Body() dto: ReviewDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReviewResponse> {
    return this.retention.review(id, attachmentId, dto, principal);
  }

  @Post('requests/:id/attachments/:attachmentId/delete')
  @HttpCode(200)
  @Roles('approver')
  @ApiOperation({
    summary:
      'Delete a document your authority received (approver): its content is removed, its metadata and ' +
      'SHA-256 stay; the event delete-document carries the signed deletion certificate, returned here',
  })
  @ApiOkResponse({ type: DeletionCertificateResponse })
  @ApiErrors(400, 401, 403, 404, 'FEDERATED_REQUEST', 'DOCUMENT_DELETED', 413, 503)
  delete(
    @Param('id', uuidPipe('id')) id: string,
    @Param('attachmentId', uuidPipe('attachmentId')) attachmentId: string,
    @Body() dto: DeleteDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeletionCertificate> {
    return this.retention.delete(id, attachmentId, dto, principal);
  }

  @Get('audit/retention')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "Documents the auditor's authority received that are due for review (reviewAt reached) or deletion " +
      '(retentionUntil reached), oldest first, capped by limit; the read is logged per document',
  })
  @ApiOkResponse({ type: RetentionDueResponse })
  @ApiErrors(400, 401, 403, 503)
  due(
    @Query() q: RetentionDueQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RetentionDueResponse> {
    return this.retention.due(q.due, q.limit ?? 100, principal);
  }
}
