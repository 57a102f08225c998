import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@/common/auth/principal';
import { canonicalJson } from '@/common/crypto/canonical-json';
import { sha256Hex } from '@/common/crypto/sha256';
import { isCalendarDate } from '@/common/validation/is-date-time';
import {
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '@/common/errors/domain-error';
import { AccessLogService } from '@/modules/audit/access-log.service';
import { AuditSigner } from '@/modules/audit/audit-signer';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { DeclarationsService } from '@/modules/jurisdictions/declarations.service';
import { RequestsService } from '@/modules/requests/requests.service';
import { type CooperationRequest, WorkflowService } from '@/workflows';
import type {
  DeleteDocumentDto,
  DueKind,
  RetentionDueResponse,
  ReviewDocumentDto,
  ReviewResponse,
} from './dto/retention.dto';
import { Attachment } from './entities/attachment.entity';
import {
  dayOf,
  type DeletionCertificate,
  isDue,
  type Retention,
  type RetentionConditionFacts,
  retentionOf,
} from './retention.rules';

/** A sender's RETENTION condition, as the conditions module provides it. */
export interface RetentionCondition extends RetentionConditionFacts {
  requestId: string;
  /** The sending authority: it governs that authority's documents. */
  authorityId: string;
  /** The documents governed; empty: all the sender's documents on the request. */
  itemIds: string[];
}

/** The sender's RETENTION conditions of some requests (registered by the conditions module). */
export type RetentionConditionSource = (requestIds: string[]) => Promise<RetentionCondition[]>;

/** How many received documents a due list examines at most (oldest first). */
const DUE_SCAN_CAP = 5000;

/** The refusal of anything on a deleted document: 410 with its certificate. */
export function documentDeleted(doc: Pick<Attachment, 'deletedAt' | 'deletionCertificate'>): DomainError {
  return new DomainError(
    'DOCUMENT_DELETED',
    'gone',
    `The document was deleted on ${doc.deletedAt ? dayOf(doc.deletedAt) : '?'} (retention): ` +
      'the deletion certificate is in details',
    doc.deletionCertificate ?? undefined,
  );
}

/**
 * Retention and deletion of received material (issue 15 part 4; art. 36(2)): each document of the other
 * side has a retention limit and a review date (retention.rules); the receiving side reviews it (keep until
 * a date within the limit, or delete) and deletes it (the content removed, a signed certificate in the
 * chained history); the auditors list what is due.
 */
@Injectable()
export class RetentionService {
  private conditionSource: RetentionConditionSource = () => Promise.resolve([]);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: RequestsService,
    private readonly workflow: WorkflowService,
    private readonly declarations: DeclarationsService,
    private readonly authorities: AuthoritiesService,
    private readonly signer: AuditSigner,
    private readonly accessLog: AccessLogService,
  ) {}

  /** The conditions module registers where the sender's RETENTION conditions come from. */
  setConditionSource(source: RetentionConditionSource): void {
    this.conditionSource = source;
  }

  /**
   * The retention of each document the receiver's authority got from another authority (its own documents
   * are absent: the sender's copies are not governed here).
   */
  async retentionFor(docs: Attachment[], receiverAuthorityId: string): Promise<Map<string, Retention>> {
    const received = docs.filter((d) => d.authorityId !== receiverAuthorityId);
    const out = new Map<string, Retention>();
    if (received.length === 0) {
      return out;
    }
    const conditions = await this.conditionSource([...new Set(received.map((d) => d.requestId))]);
    const declared = await this.declaredRule(receiverAuthorityId);
    for (const d of received) {
      out.set(
        d.id,
        retentionOf({
          receivedAt: d.createdAt,
          conditions: conditions.filter(
            (c) =>
              c.requestId === d.requestId &&
              c.authorityId === d.authorityId &&
              (c.itemIds.length === 0 || c.itemIds.includes(d.id)),
          ),
          declared,
          keepUntil: d.reviewDecision === 'keep' ? d.keepUntil : null,
          reviewedDelete: d.reviewDecision === 'delete' && d.reviewedAt ? { at: d.reviewedAt } : null,
        }),
      );
    }
    return out;
  }

  async review(
    requestId: string,
    attachmentId: string,
    dto: ReviewDocumentDto,
    principal: Principal,
  ): Promise<ReviewResponse> {
    const { request, doc, authorityId, retention } = await this.received(requestId, attachmentId, principal);
    const today = dayOf(new Date());
    if (dto.decision === 'keep') {
      const problem =
        dto.keepUntil === undefined
          ? 'a decision to keep names the date it keeps the document until (keepUntil)'
          : !isCalendarDate(dto.keepUntil)
            ? 'keepUntil must be a calendar date (YYYY-MM-DD)'
            : dto.keepUntil <= today
              ? 'keepUntil must be after today; to end the retention now, decide delete'
              : retention.limit !== null && dto.keepUntil > retention.limit
                ? `keepUntil must not be after the retention limit ${retention.limit}`
                : null;
      if (problem) {
        throw new ValidationFailedError([{ field: 'keepUntil', messages: [problem] }]);
      }
    } else if (dto.keepUntil !== undefined) {
      throw new ValidationFailedError([
        { field: 'keepUntil', messages: ['only a decision to keep has a date'] },
      ]);
    }
    const at = new Date();
    const keepUntil = dto.decision === 'keep' ? (dto.keepUntil ?? null) : null;
    const after = retentionOf({
      ...(await this.factsOf(doc, authorityId)),
      keepUntil,
      reviewedDelete: dto.decision === 'delete' ? { at } : null,
    });
    await this.workflow.recordEvent(
      request.id,
      this.requests.actorOf(principal),
      {
        action: 'review-document',
        payload: {
          attachmentId,
          sha256: doc.sha256,
          decision: dto.decision,
          keepUntil,
          reason: dto.reason ?? null,
          limit: after.limit,
          retentionUntil: after.retentionUntil,
          reviewAt: after.reviewAt,
          governedBy: after.governedBy,
        },
      },
      {
        within: async (manager) => {
          const result = await manager
            .getRepository(Attachment)
            .createQueryBuilder()
            .update()
            .set({
              reviewDecision: dto.decision,
              reviewedAt: at,
              reviewedByUserId: principal.userId,
              keepUntil,
            })
            .where('id = :attachmentId AND deleted_at IS NULL', { attachmentId })
            .execute();
          if (result.affected !== 1) {
            throw documentDeleted(doc);
          }
        },
      },
    );
    return {
      attachmentId,
      decision: dto.decision,
      retentionUntil: after.retentionUntil,
      reviewAt: after.reviewAt,
      limit: after.limit,
      reviewedAt: at.toISOString(),
    };
  }

  async delete(
    requestId: string,
    attachmentId: string,
    dto: DeleteDocumentDto,
    principal: Principal,
  ): Promise<DeletionCertificate> {
    const { request, doc, authorityId, retention } = await this.received(requestId, attachmentId, principal);
    const content = await this.dataSource
      .getRepository(Attachment)
      .createQueryBuilder('a')
      .select('a.id')
      .addSelect('a.content')
      .where('a.id = :attachmentId', { attachmentId })
      .getOne();
    const at = new Date();
    const body: Omit<DeletionCertificate, 'certificateSha256' | 'signature'> = {
      format: 'uncc-deletion-certificate',
      version: 1,
      requestId,
      attachmentId,
      filename: doc.filename,
      // What was deleted, measured on the content itself (it matches the attach-document event's hash).
      sha256: content?.content ? sha256Hex(content.content) : doc.sha256,
      size: content?.content ? content.content.length : doc.size,
      senderAuthorityId: doc.authorityId,
      deletedAt: at.toISOString(),
      deletedByUserId: principal.userId,
      deletedByAuthorityId: authorityId,
      reason: dto.reason,
      retentionUntil: retention.retentionUntil,
      limit: retention.limit,
      governedBy: retention.governedBy,
    };
    const text = canonicalJson(body);
    const certificate: DeletionCertificate = {
      ...body,
      certificateSha256: sha256Hex(text),
      signature: { alg: 'Ed25519', keyId: this.signer.publicKey.keyId, value: this.signer.sign(text) },
    };
    await this.workflow.recordEvent(
      request.id,
      this.requests.actorOf(principal),
      { action: 'delete-document', payload: { attachmentId, certificate } },
      {
        within: async (manager) => {
          const result = await manager
            .getRepository(Attachment)
            .createQueryBuilder()
            .update()
            .set({
              content: null,
              deletedAt: at,
              deletedByUserId: principal.userId,
              deletionReason: dto.reason,
              deletionCertificate: certificate,
            })
            .where('id = :attachmentId AND deleted_at IS NULL', { attachmentId })
            .execute();
          if (result.affected !== 1) {
            throw documentDeleted(doc);
          }
        },
      },
    );
    return certificate;
  }

  /** What is due for review or deletion among the documents the auditor's authority received. */
  async due(due: DueKind, limit: number, principal: Principal): Promise<RetentionDueResponse> {
    const authorityId = this.requests.authorityOf(principal);
    const rows = await this.dataSource
      .getRepository(Attachment)
      .createQueryBuilder('a')
      .innerJoin(
        'cooperation_requests',
        'r',
        'r.id = a.request_id AND (r.requesting_authority_id = :authorityId ' +
          'OR r.requested_authority_id = :authorityId OR r.additional_party_ids ? :authorityText)',
        { authorityId, authorityText: authorityId },
      )
      .where('a.authority_id <> :authorityId AND a.deleted_at IS NULL', { authorityId })
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(DUE_SCAN_CAP)
      .getMany();
    const retention = await this.retentionFor(rows, authorityId);
    const asOf = dayOf(new Date());
    const dueRows = rows.filter((r) => {
      const ret = retention.get(r.id);
      return ret !== undefined && isDue(ret, due, asOf);
    });
    const page = dueRows.slice(0, limit);
    // The auditor reads the documents' metadata: logged per request and item, like a listing.
    for (const requestId of new Set(page.map((r) => r.requestId))) {
      await this.accessLog.recordItems(
        { userId: principal.userId, authorityId },
        requestId,
        page.filter((r) => r.requestId === requestId).map((r) => r.id),
        'documents',
      );
    }
    return {
      due,
      asOf,
      truncated: dueRows.length > limit,
      items: page.map((r) => {
        const ret = retention.get(r.id) as Retention;
        return {
          requestId: r.requestId,
          attachmentId: r.id,
          filename: r.filename,
          sha256: r.sha256,
          senderAuthorityId: r.authorityId,
          receivedAt: r.createdAt.toISOString(),
          retentionUntil: ret.retentionUntil as string,
          reviewAt: ret.reviewAt,
          limit: ret.limit,
          governedBy: ret.governedBy,
          reviewDecision: r.reviewDecision,
        };
      }),
    };
  }

  /** A document the caller's authority received on a request it sees (not its own, not deleted). */
  private async received(
    requestId: string,
    attachmentId: string,
    principal: Principal,
  ): Promise<{ request: CooperationRequest; doc: Attachment; authorityId: string; retention: Retention }> {
    const authorityId = this.requests.authorityOf(principal);
    const request = await this.requests.visible(requestId, authorityId);
    const doc = await this.dataSource
      .getRepository(Attachment)
      .findOne({ where: { id: attachmentId, requestId } });
    if (!doc) {
      throw new NotFoundError('Attachment');
    }
    if (doc.authorityId === authorityId) {
      throw new ForbiddenError(
        "Only the receiving side reviews or deletes a document under retention; the sender's own copy is not deleted",
      );
    }
    if (doc.deletedAt) {
      throw documentDeleted(doc);
    }
    if (await this.workflow.hasRemoteParty(request)) {
      throw new DomainError(
        'FEDERATED_REQUEST',
        'conflict',
        'Retention reviews and deletions cannot be recorded on a request with a party on another node (not yet carried between nodes)',
      );
    }
    const retention = retentionOf(await this.factsOf(doc, authorityId));
    return { request, doc, authorityId, retention };
  }

  /** The facts of a document's retention, before its review. */
  private async factsOf(doc: Attachment, receiverAuthorityId: string) {
    const conditions = (await this.conditionSource([doc.requestId])).filter(
      (c) =>
        c.requestId === doc.requestId &&
        c.authorityId === doc.authorityId &&
        (c.itemIds.length === 0 || c.itemIds.includes(doc.id)),
    );
    return {
      receivedAt: doc.createdAt,
      conditions,
      declared: await this.declaredRule(receiverAuthorityId),
      keepUntil: null,
      reviewedDelete: null,
    };
  }

  /** The receiving State's declared retention of received material, if it declared one. */
  private async declaredRule(
    authorityId: string,
  ): Promise<{ country: string; retentionDays: number } | null> {
    const authority = await this.authorities.findById(authorityId);
    if (!authority) {
      return null;
    }
    const record = await this.declarations.currentRecord(authority.country);
    return typeof record.retentionDays === 'number'
      ? { country: authority.country, retentionDays: record.retentionDays }
      : null;
  }
}
