import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { AttachmentsService, type UploadedFile as File } from './attachments.service';
import { ATTACHMENT_KINDS, AttachmentResponse } from './dto/attachment.dto';
import { SingleFileUpload } from './upload.interceptor';

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('v1/requests/:id/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @Roles('officer', 'approver')
  @UseInterceptors(SingleFileUpload)
  @ApiOperation({
    summary:
      'Add a document (warrant, judgment, translation, evidence) to the request; its SHA-256 enters the history',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary' },
        kind: { type: 'string', enum: [...ATTACHMENT_KINDS] },
        description: { type: 'string', maxLength: 1000 },
      },
    },
  })
  @ApiCreatedResponse({ type: AttachmentResponse })
  @ApiErrors(400, 401, 403, 404, 'REQUEST_CLOSED', 503)
  upload(
    @Param('id', uuidPipe('id')) id: string,
    @UploadedFile() file: File | undefined,
    @Body() fields: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AttachmentResponse> {
    return this.attachments.upload(id, file, fields, principal);
  }

  @Get()
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({ summary: "The request's documents (metadata and SHA-256)" })
  @ApiOkResponse({ type: [AttachmentResponse] })
  @ApiErrors(400, 401, 403, 404, 503)
  list(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AttachmentResponse[]> {
    return this.attachments.list(id, principal);
  }

  @Get(':attachmentId')
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({
    summary:
      "Download a document (parties only; the other side's only once its conditions are accepted); " +
      'X-Content-SHA256 carries its hash; every download is logged per document',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The document as uploaded, with its media type',
    schema: { type: 'string', format: 'binary' },
    headers: {
      'X-Content-SHA256': {
        description: 'SHA-256 of the content, lowercase hex',
        schema: { type: 'string' },
      },
      'Content-Disposition': { description: 'attachment; filename="..."', schema: { type: 'string' } },
    },
  })
  @ApiErrors(400, 401, 403, 404, 'CONDITIONS_NOT_ACCEPTED', 'DOCUMENT_DELETED', 503)
  async download(
    @Param('id', uuidPipe('id')) id: string,
    @Param('attachmentId', uuidPipe('attachmentId')) attachmentId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const doc = await this.attachments.download(id, attachmentId, principal);
    res.setHeader('X-Content-SHA256', doc.sha256);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(doc.content, {
      type: doc.mediaType,
      length: doc.size,
      disposition: `attachment; filename="${doc.filename.replace(/"/g, '')}"`,
    });
  }
}
