import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '@/common/auth/principal';
import {
  DomainError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '@/common/errors/domain-error';
import { AttachmentsService, type DocumentRef } from '@/modules/attachments/attachments.service';
import { RetentionService } from '@/modules/attachments/retention.service';
import { AccessLogService } from '@/modules/audit/access-log.service';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { RequestsService } from '@/modules/requests/requests.service';
import { type CooperationRequest, type SideEvent, WorkflowService } from '@/workflows';
import { coveringConsent, conditionFieldProblems, unaccepted, type ConditionFacts } from './conditions.rules';
import {
  type ConditionResponse,
  type ConsentResponse,
  type CreateConditionDto,
  type CreateConsentDto,
  type GrantConsentDto,
  type RecordUseDto,
  type RefuseConsentDto,
  toConditionResponse,
  toConsentResponse,
  toUseResponse,
  type UseReportResponse,
  type UseResponse,
} from './dto/conditions.dto';
import { RequestConsent } from './entities/consent.entity';
import { MaterialUse } from './entities/material-use.entity';
import { RequestCondition } from './entities/request-condition.entity';

/** The refusal of a release or a use while the sender's conditions are not accepted (409, nothing changed). */
export function conditionsNotAccepted(pending: ConditionFacts[]): DomainError {
  const types = [...new Set(pending.map((c) => c.type))].join(', ');
  return new DomainError(
    'CONDITIONS_NOT_ACCEPTED',
    'conflict',
    `The material is released once the sending State's conditions are accepted: ${types}`,
    pending.map((c) => ({ field: `conditions.${c.id}`, messages: [`${c.type}: not accepted yet`] })),
  );
}

/**
 * Conditions that travel with the evidence (arts 36, 40; UNTOC 18(19)): the sender's conditions and their
 * acceptance (which releases the documents they govern), the receiver's requests for consent to another
 * use or an onward transfer and the sender's answers, the uses recorded under a granted consent, and the
 * sender's use report. Every change is a side event of the request, written with its row in one
 * transaction.
 */
@Injectable()
export class ConditionsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: RequestsService,
    private readonly workflow: WorkflowService,
    private readonly attachments: AttachmentsService,
    private readonly accessLog: AccessLogService,
    private readonly authorities: AuthoritiesService,
    private readonly retention: RetentionService,
  ) {}

  onModuleInit(): void {
    this.attachments.addReleaseCheck(async (request, doc, reader) => {
      const pending = unaccepted(await this.conditionsOf(request.id), doc, reader.authorityId);
      if (pending.length > 0) {
        throw conditionsNotAccepted(pending);
      }
    });
    // The sender's RETENTION conditions set the limit of the receiver's copy (issue 15 part 4).
    this.retention.setConditionSource(async (requestIds) =>
      requestIds.length === 0
        ? []
        : (
            await this.dataSource
              .getRepository(RequestCondition)
              .find({ where: { requestId: In(requestIds), type: 'RETENTION' } })
          ).map((c) => ({
            conditionId: c.id,
            requestId: c.requestId,
            authorityId: c.authorityId,
            itemIds: c.itemIds,
            retentionDays: c.retentionDays,
            retentionUntil: c.retentionUntil,
          })),
    );
  }

  async listConditions(requestId: string, principal: Principal): Promise<ConditionResponse[]> {
    await this.requests.visible(requestId, this.requests.authorityOf(principal));
    return (await this.conditionsOf(requestId)).map(toConditionResponse);
  }

  async attach(requestId: string, dto: CreateConditionDto, principal: Principal): Promise<ConditionResponse> {
    const { request, authorityId } = await this.writable(requestId, principal);
    const problems = conditionFieldProblems(dto);
    const docs = await this.attachments.documentsOf(requestId);
    for (const [i, id] of (dto.items ?? []).entries()) {
      const doc = docs.find((d) => d.id === id);
      if (!doc) {
        problems.push({ field: `items[${i}]`, messages: ['no such document on this request'] });
      } else if (doc.authorityId !== authorityId) {
        problems.push({
          field: `items[${i}]`,
          messages: ["a condition governs the sender's own documents; this one was added by the other side"],
        });
      }
    }
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    const condition = this.dataSource.getRepository(RequestCondition).create({
      id: randomUUID(),
      requestId,
      authorityId,
      createdByUserId: principal.userId,
      type: dto.type,
      text: dto.text,
      proceedings: dto.type === 'USE_LIMIT' ? (dto.proceedings ?? null) : null,
      retentionDays: dto.retentionDays ?? null,
      retentionUntil: dto.retentionUntil ?? null,
      itemIds: dto.items ?? [],
      acceptedAt: null,
      acceptedByUserId: null,
      acceptedByAuthorityId: null,
    });
    const event: SideEvent = {
      action: 'attach-condition',
      payload: {
        conditionId: condition.id,
        type: condition.type,
        text: condition.text,
        proceedings: condition.proceedings,
        retentionDays: condition.retentionDays,
        retentionUntil: condition.retentionUntil,
        items: condition.itemIds,
      },
    };
    await this.record(request, principal, event, async (manager, at) => {
      condition.createdAt = at;
      await manager.getRepository(RequestCondition).insert(condition);
    });
    return toConditionResponse(condition);
  }

  async accept(requestId: string, conditionId: string, principal: Principal): Promise<ConditionResponse> {
    const { request, authorityId } = await this.writable(requestId, principal);
    const condition = await this.dataSource
      .getRepository(RequestCondition)
      .findOne({ where: { id: conditionId, requestId } });
    if (!condition) {
      throw new NotFoundError('Condition');
    }
    if (condition.authorityId === authorityId) {
      throw new ForbiddenError('Only the receiving side accepts the conditions of the sending side');
    }
    if (condition.acceptedAt) {
      throw alreadyAnswered('The condition was already accepted');
    }
    const event: SideEvent = {
      action: 'accept-condition',
      payload: { conditionId, type: condition.type },
    };
    await this.record(request, principal, event, async (manager, at) => {
      const result = await manager
        .getRepository(RequestCondition)
        .createQueryBuilder()
        .update()
        .set({ acceptedAt: at, acceptedByUserId: principal.userId, acceptedByAuthorityId: authorityId })
        .where('id = :conditionId AND accepted_at IS NULL', { conditionId })
        .execute();
      if (result.affected !== 1) {
        throw alreadyAnswered('The condition was already accepted');
      }
      Object.assign(condition, {
        acceptedAt: at,
        acceptedByUserId: principal.userId,
        acceptedByAuthorityId: authorityId,
      });
    });
    return toConditionResponse(condition);
  }

  async listConsents(requestId: string, principal: Principal): Promise<ConsentResponse[]> {
    await this.requests.visible(requestId, this.requests.authorityOf(principal));
    return (await this.consentsOf(requestId)).map(toConsentResponse);
  }

  async askConsent(requestId: string, dto: CreateConsentDto, principal: Principal): Promise<ConsentResponse> {
    const { request, authorityId } = await this.writable(requestId, principal);
    const { docs, problems } = await this.receivedItems(requestId, dto.items, authorityId);
    const senders = [...new Set(docs.map((d) => d.authorityId))];
    if (problems.length === 0 && senders.length > 1) {
      problems.push({
        field: 'items',
        messages: ['the documents come from different authorities: ask each for its own consent'],
      });
    }
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    const consent = this.dataSource.getRepository(RequestConsent).create({
      id: randomUUID(),
      requestId,
      kind: dto.kind,
      recipient: dto.recipient,
      purpose: dto.purpose,
      itemIds: dto.items,
      senderAuthorityId: senders[0],
      requestedByAuthorityId: authorityId,
      requestedByUserId: principal.userId,
      status: 'pending',
      answeredByUserId: null,
      answeredAt: null,
      writtenRef: null,
      answerReasons: null,
    });
    const event: SideEvent = {
      action: 'request-consent',
      payload: {
        consentId: consent.id,
        kind: consent.kind,
        recipient: consent.recipient,
        purpose: consent.purpose,
        items: consent.itemIds,
        senderAuthorityId: consent.senderAuthorityId,
      },
    };
    await this.record(request, principal, event, async (manager, at) => {
      consent.requestedAt = at;
      await manager.getRepository(RequestConsent).insert(consent);
    });
    return toConsentResponse(consent);
  }

  grant(
    requestId: string,
    consentId: string,
    dto: GrantConsentDto,
    principal: Principal,
  ): Promise<ConsentResponse> {
    return this.answer(requestId, consentId, principal, 'granted', {
      writtenRef: dto.writtenRef ?? null,
      answerReasons: null,
    });
  }

  refuse(
    requestId: string,
    consentId: string,
    dto: RefuseConsentDto,
    principal: Principal,
  ): Promise<ConsentResponse> {
    return this.answer(requestId, consentId, principal, 'refused', {
      writtenRef: null,
      answerReasons: dto.reasons,
    });
  }

  async recordUse(requestId: string, dto: RecordUseDto, principal: Principal): Promise<UseResponse> {
    const { request, authorityId } = await this.writable(requestId, principal);
    const { docs, problems } = await this.receivedItems(requestId, dto.items, authorityId);
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    const conditions = await this.conditionsOf(requestId);
    const pending = docs.flatMap((d) => unaccepted(conditions, d, authorityId));
    if (pending.length > 0) {
      throw conditionsNotAccepted([...new Map(pending.map((c) => [c.id, c])).values()]);
    }
    const use = this.dataSource.getRepository(MaterialUse).create({
      id: randomUUID(),
      requestId,
      consentId: this.covering(await this.consentsOf(requestId), dto, authorityId),
      kind: dto.kind,
      recipient: dto.recipient,
      itemIds: dto.items,
      authorityId,
      userId: principal.userId,
    });
    const event: SideEvent = {
      action: 'record-use',
      payload: {
        useId: use.id,
        consentId: use.consentId,
        kind: use.kind,
        recipient: use.recipient,
        items: use.itemIds,
      },
    };
    await this.record(request, principal, event, async (manager, at) => {
      // Decided again on the locked request: a consent cannot change under the use.
      const consents = await manager.getRepository(RequestConsent).find({ where: { requestId } });
      this.covering(consents, dto, authorityId);
      use.recordedAt = at;
      await manager.getRepository(MaterialUse).insert(use);
    });
    return toUseResponse(use);
  }

  /**
   * The sender's account of how its material was used (Budapest 28(4)): per document of the caller's
   * authority on the request, the reads and downloads by other authorities' users, and the uses and onward
   * transfers recorded under its consents.
   */
  async useReport(requestId: string, principal: Principal): Promise<UseReportResponse> {
    const authorityId = this.requests.authorityOf(principal);
    await this.requests.visible(requestId, authorityId);
    const own = (await this.attachments.documentsOf(requestId)).filter((d) => d.authorityId === authorityId);
    const reads = (await this.accessLog.itemReads(requestId)).filter((r) => r.authorityId !== authorityId);
    const uses = await this.dataSource
      .getRepository(MaterialUse)
      .find({ where: { requestId }, order: { recordedAt: 'ASC', id: 'ASC' } });
    const names = await this.authorities.userNames(reads.map((r) => r.userId));
    return {
      requestId,
      authorityId,
      generatedAt: new Date().toISOString(),
      items: own.map((doc) => {
        const itemReads = reads.filter((r) => r.itemId === doc.id);
        return {
          itemId: doc.id,
          filename: doc.filename,
          sha256: doc.sha256,
          reads: itemReads.map((r) => ({
            view: r.view,
            userId: r.userId,
            userName: names.get(r.userId) ?? null,
            authorityId: r.authorityId,
            accessedAt: r.accessedAt.toISOString(),
          })),
          downloads: itemReads.filter((r) => r.view === 'document').length,
          uses: uses.filter((u) => u.itemIds.includes(doc.id)).map(toUseResponse),
        };
      }),
    };
  }

  private async answer(
    requestId: string,
    consentId: string,
    principal: Principal,
    status: 'granted' | 'refused',
    fields: Pick<RequestConsent, 'writtenRef' | 'answerReasons'>,
  ): Promise<ConsentResponse> {
    const { request, authorityId } = await this.writable(requestId, principal);
    const consent = await this.dataSource
      .getRepository(RequestConsent)
      .findOne({ where: { id: consentId, requestId } });
    if (!consent) {
      throw new NotFoundError('Consent');
    }
    if (consent.senderAuthorityId !== authorityId) {
      throw new ForbiddenError('Only the State whose material it is answers a request for consent');
    }
    if (consent.status !== 'pending') {
      throw alreadyAnswered(`The consent was already ${consent.status}`);
    }
    const event: SideEvent = {
      action: status === 'granted' ? 'grant-consent' : 'refuse-consent',
      payload:
        status === 'granted'
          ? { consentId, writtenRef: fields.writtenRef }
          : { consentId, reasons: fields.answerReasons },
    };
    await this.record(request, principal, event, async (manager, at) => {
      const result = await manager
        .getRepository(RequestConsent)
        .createQueryBuilder()
        .update()
        .set({ status, answeredAt: at, answeredByUserId: principal.userId, ...fields })
        .where("id = :consentId AND status = 'pending'", { consentId })
        .execute();
      if (result.affected !== 1) {
        throw alreadyAnswered('The consent was already answered');
      }
      Object.assign(consent, { status, answeredAt: at, answeredByUserId: principal.userId, ...fields });
    });
    return toConsentResponse(consent);
  }

  /** The granted consent covering a use, or the 409 naming the items none covers. */
  private covering(consents: RequestConsent[], dto: RecordUseDto, authorityId: string): string {
    const found = coveringConsent(consents, { ...dto, authorityId });
    if ('consentId' in found) {
      return found.consentId;
    }
    const what = dto.kind === 'onward-transfer' ? 'an onward transfer to' : 'a use in';
    throw new DomainError(
      'PRIOR_AUTHORISATION_REQUIRED',
      'conflict',
      `No granted consent of the sending State covers ${what} ${dto.recipient} for: ` +
        found.uncovered.map((i) => `items[${i}]`).join(', '),
      found.uncovered.map((i) => ({
        field: `items[${i}]`,
        messages: [`no granted consent of the sending State covers ${dto.kind} to this recipient`],
      })),
    );
  }

  /** Documents on the request that the caller's authority received (another authority added them). */
  private async receivedItems(
    requestId: string,
    items: string[],
    authorityId: string,
  ): Promise<{ docs: DocumentRef[]; problems: FieldProblem[] }> {
    const all = await this.attachments.documentsOf(requestId);
    const docs: DocumentRef[] = [];
    const problems: FieldProblem[] = [];
    for (const [i, id] of items.entries()) {
      const doc = all.find((d) => d.id === id);
      if (!doc) {
        problems.push({ field: `items[${i}]`, messages: ['no such document on this request'] });
      } else if (doc.authorityId === authorityId) {
        problems.push({
          field: `items[${i}]`,
          messages: ["your authority's own document: no consent of another State is needed"],
        });
      } else {
        docs.push(doc);
      }
    }
    return { docs, problems };
  }

  /** The request, visible to the caller, on which conditions and consents can be recorded here. */
  private async writable(
    requestId: string,
    principal: Principal,
  ): Promise<{ request: CooperationRequest; authorityId: string }> {
    const authorityId = this.requests.authorityOf(principal);
    const request = await this.requests.visible(requestId, authorityId);
    if (await this.workflow.hasRemoteParty(request)) {
      throw new DomainError(
        'FEDERATED_REQUEST',
        'conflict',
        'Conditions and consents cannot be recorded on a request with a party on another node (not yet carried between nodes)',
      );
    }
    return { request, authorityId };
  }

  /** The side event and its rows, in one transaction (the request locked). */
  private async record(
    request: CooperationRequest,
    principal: Principal,
    event: SideEvent,
    write: (manager: EntityManager, at: Date) => Promise<void>,
  ): Promise<void> {
    const at = new Date();
    await this.workflow.recordEvent(request.id, this.requests.actorOf(principal), event, {
      within: (manager) => write(manager, at),
    });
  }

  private conditionsOf(requestId: string): Promise<RequestCondition[]> {
    return this.dataSource
      .getRepository(RequestCondition)
      .find({ where: { requestId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  private consentsOf(requestId: string): Promise<RequestConsent[]> {
    return this.dataSource
      .getRepository(RequestConsent)
      .find({ where: { requestId }, order: { requestedAt: 'ASC', id: 'ASC' } });
  }
}

function alreadyAnswered(message: string): DomainError {
  return new DomainError('ALREADY_ANSWERED', 'conflict', message);
}
