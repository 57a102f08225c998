import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type Principal, userRoles } from '@/common/auth/principal';
import { sha256Hex } from '@/common/crypto/sha256';
import {
  DomainError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import { AccessLogService } from '@/modules/audit/access-log.service';
import { RequestsService } from '@/modules/requests/requests.service';
import {
  ChannelRegistry,
  type CooperationRequest,
  type EvidenceItem,
  sideOf,
  WorkflowService,
} from '@/workflows';
import { type AttachmentResponse, toAttachmentResponse, UploadAttachmentFields } from './dto/attachment.dto';
import { Attachment } from './entities/attachment.entity';
import { documentDeleted, RetentionService } from './retention.service';

export interface UploadedFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

const SAFE_NAME = /[^\w.\- ()]/g;

/** A document as another module sees it: who added it, what it is (no content). */
export interface DocumentRef {
  id: string;
  authorityId: string;
  kind: string;
  filename: string;
  sha256: string;
}

/**
 * A module's check before a document's content is released to a reader (e.g. the sender's conditions not
 * yet accepted): throws a DomainError to refuse. Runs after the channel's own documentAccess rule.
 */
export type ReleaseCheck = (
  request: CooperationRequest,
  doc: DocumentRef,
  reader: { authorityId: string; userId: string },
) => Promise<void>;

/** Documents of a request's file: stored with their SHA-256, recorded in the request's history. */
@Injectable()
export class AttachmentsService implements OnModuleInit {
  private readonly releaseChecks: ReleaseCheck[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: RequestsService,
    private readonly workflow: WorkflowService,
    private readonly registry: ChannelRegistry,
    private readonly accessLog: AccessLogService,
    private readonly retention: RetentionService,
  ) {}

  /** Registers a check that runs before every download (see ReleaseCheck). */
  addReleaseCheck(check: ReleaseCheck): void {
    this.releaseChecks.push(check);
  }

  /** The request's documents (no content), oldest first. */
  async documentsOf(requestId: string): Promise<DocumentRef[]> {
    const rows = await this.dataSource
      .getRepository(Attachment)
      .find({ where: { requestId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((a) => ({
      id: a.id,
      authorityId: a.authorityId,
      kind: a.kind,
      filename: a.filename,
      sha256: a.sha256,
    }));
  }

  onModuleInit(): void {
    // Results may point at uploaded documents: the reference and the hash must both match.
    this.workflow.addPayloadCheck((request, _action, payload) => this.checkEvidenceItems(request, payload));
    // Submission accepts a request in another language with a certified translation (issue 15, part 5).
    this.workflow.setCertifiedTranslations((requestId) => this.certifiedTranslationLanguages(requestId));
  }

  /** The languages of the request's certified translations added by the requesting side. */
  async certifiedTranslationLanguages(requestId: string): Promise<string[]> {
    const rows: { language: string }[] = await this.dataSource.query(
      `SELECT DISTINCT a.language FROM attachments a JOIN cooperation_requests r ON r.id = a.request_id
        WHERE a.request_id = $1 AND a.kind = 'translation' AND a.language IS NOT NULL
          AND a.certified_by IS NOT NULL AND a.authority_id = r.requesting_authority_id`,
      [requestId],
    );
    return rows.map((r) => r.language);
  }

  async upload(
    requestId: string,
    file: UploadedFile | undefined,
    rawFields: unknown,
    principal: Principal,
  ): Promise<AttachmentResponse> {
    const authorityId = this.requests.authorityOf(principal);
    const request = await this.requests.visible(requestId, authorityId);
    const side = sideOf(request, authorityId);
    if (!side) {
      throw new NotFoundError('Request');
    }
    const fields = await validatePayload(UploadAttachmentFields, rawFields);
    const translationProblems = [
      ...(fields.certifiedBy !== undefined && !fields.language
        ? [{ field: 'language', messages: ['a certified translation must name its language (ISO 639-1)'] }]
        : []),
      ...(['certifiedBy', 'certifiedAt'] as const)
        .filter((f) => fields[f] !== undefined && fields.kind !== 'translation')
        .map((f) => ({ field: f, messages: ['only a translation is certified (kind translation)'] })),
      ...(fields.certifiedAt !== undefined && fields.certifiedBy === undefined
        ? [{ field: 'certifiedBy', messages: ['must name who certified the translation'] }]
        : []),
    ];
    if (translationProblems.length > 0) {
      throw new ValidationFailedError(translationProblems);
    }
    if (!file) {
      throw new ValidationFailedError([
        { field: 'file', messages: ['a document is required in the field "file"'] },
      ]);
    }
    if (file.size === 0) {
      throw new ValidationFailedError([{ field: 'file', messages: ['the document is empty'] }]);
    }
    const def = this.registry.get(request.channel);
    const sha256 = sha256Hex(file.buffer);
    const filename = (file.originalname || 'document').replace(SAFE_NAME, '_').slice(0, 255);
    const mediaType = /^[\w.+-]+\/[\w.+-]+$/.test(file.mimetype) ? file.mimetype : 'application/octet-stream';
    const attachment = this.dataSource.getRepository(Attachment).create({
      // Chosen here, so that the history names it and another node lists the document under the same id.
      id: randomUUID(),
      requestId,
      authorityId,
      uploadedByUserId: principal.userId,
      kind: fields.kind,
      filename,
      mediaType,
      size: file.size,
      sha256,
      description: fields.description ?? null,
      language: fields.language ?? null,
      certifiedBy: fields.certifiedBy ?? null,
      certifiedAt: fields.certifiedAt ?? null,
      content: file.buffer,
    });
    const { event } = await this.workflow.recordEvent(
      requestId,
      this.requests.actorOf(principal),
      {
        action: 'attach-document',
        // The hash goes into the chained history: the document itself can be checked against it.
        payload: {
          attachmentId: attachment.id,
          kind: fields.kind,
          filename,
          mediaType,
          size: file.size,
          sha256,
        },
      },
      {
        check: (locked) => {
          if (def.machine.terminal.includes(locked.status)) {
            throw new DomainError(
              'REQUEST_CLOSED',
              'conflict',
              `No documents can be added to a ${locked.status} request`,
            );
          }
        },
        within: async (manager) => {
          await manager.getRepository(Attachment).insert(attachment);
        },
      },
    );
    return toAttachmentResponse({ ...attachment, createdAt: attachment.createdAt ?? event.occurredAt }, side);
  }

  async list(requestId: string, principal: Principal): Promise<AttachmentResponse[]> {
    const authorityId = this.requests.authorityOf(principal);
    const request = await this.requests.visible(requestId, authorityId);
    const rows = await this.dataSource
      .getRepository(Attachment)
      .find({ where: { requestId }, order: { createdAt: 'ASC', id: 'ASC' } });
    // Logged before it is returned, one row per document (the sender's use report reads them).
    await this.accessLog.recordItems(
      { userId: principal.userId, authorityId },
      requestId,
      rows.map((a) => a.id),
      'documents',
    );
    // The caller's received documents show their retention (the sender's own copies have none here).
    const retention = await this.retention.retentionFor(rows, authorityId);
    return rows.map((a) =>
      toAttachmentResponse(a, sideOf(request, a.authorityId) ?? 'requesting', retention.get(a.id)),
    );
  }

  async download(
    requestId: string,
    attachmentId: string,
    principal: Principal,
  ): Promise<Attachment & { content: Buffer }> {
    const authorityId = this.requests.authorityOf(principal);
    const request = await this.requests.visible(requestId, authorityId);
    const found = await this.dataSource
      .getRepository(Attachment)
      .createQueryBuilder('a')
      .addSelect('a.content')
      .where('a.id = :attachmentId AND a.request_id = :requestId', { attachmentId, requestId })
      .getOne();
    if (!found) {
      throw new NotFoundError('Attachment');
    }
    // Deleted under its retention rule: 410 with the certificate (what, when, who, why).
    if (found.deletedAt) {
      throw documentDeleted(found);
    }
    // A channel may hold some documents tighter (intercepted content: approvers only).
    const refused = this.registry
      .get(request.channel)
      .documentAccess?.(
        request,
        { id: found.id, kind: found.kind, uploadedBy: sideOf(request, found.authorityId) ?? 'requesting' },
        { side: sideOf(request, authorityId) ?? 'requesting', roles: userRoles(principal) },
      );
    if (refused) {
      throw new ForbiddenError(refused, 'DOCUMENT_RESTRICTED');
    }
    const reader = { userId: principal.userId, authorityId };
    for (const check of this.releaseChecks) {
      await check(request, found, reader);
    }
    // A download that cannot be logged fails: the log row is written before the content leaves.
    await this.accessLog.recordItems(reader, requestId, [found.id], 'document');
    return found as Attachment & { content: Buffer };
  }

  private async checkEvidenceItems(request: CooperationRequest, payload: object): Promise<FieldProblem[]> {
    const items = (payload as { items?: EvidenceItem[] }).items;
    if (!Array.isArray(items) || !items.some((i) => i.attachmentId)) {
      return [];
    }
    const problems: FieldProblem[] = [];
    for (const [i, item] of items.entries()) {
      if (!item.attachmentId) {
        continue;
      }
      const doc = await this.dataSource
        .getRepository(Attachment)
        .findOne({ where: { id: item.attachmentId, requestId: request.id } });
      if (!doc) {
        problems.push({ field: `items[${i}].attachmentId`, messages: ['no such document on this request'] });
      } else if (doc.sha256 !== item.sha256) {
        problems.push({
          field: `items[${i}].sha256`,
          messages: [`does not match the document's SHA-256 (${doc.sha256})`],
        });
      }
    }
    return problems;
  }
}
