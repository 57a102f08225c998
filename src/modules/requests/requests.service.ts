import { Injectable } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import type { Principal } from '@/common/auth/principal';
import { userRoles } from '@/common/auth/principal';
import {
  ForbiddenError,
  type FieldProblem,
  NotFoundError,
  ValidationFailedError,
} from '@/common/errors/domain-error';
import { decodeCursor, encodeCursor, type Page } from '@/common/pagination/cursor';
import { validatePayload } from '@/common/validation/validate-payload';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { DeclarationsService } from '@/modules/jurisdictions/declarations.service';
import {
  canSee,
  type ChannelDefinition,
  partiesOf,
  ChannelRegistry,
  type CooperationRequest,
  type FollowUpSummary,
  type RemoteStanding,
  sideOf,
  type UserActor,
  type VersionPrecondition,
  WorkflowService,
} from '@/workflows';
import { checkAdditionalParties } from './additional-parties';
import type { CreateRequestDto } from './dto/create-request.dto';
import type { ListRequestsQuery } from './dto/list-requests.query';
import type { RequestFieldsDto } from './dto/request-common.dto';
import {
  type AcceptedLanguages,
  type PartyResponse,
  type RequestResponse,
  type RequestSummaryResponse,
  toRequestResponse,
  toRequestSummary,
} from './dto/request.response';
import { type TimerResponse, toTimerResponse } from './dto/timer.response';
import type { UpdateRequestDto } from './dto/update-request.dto';

/** Drafting, reading and listing requests; lifecycle moves go through the WorkflowService. */
@Injectable()
export class RequestsService {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly workflow: WorkflowService,
    private readonly authorities: AuthoritiesService,
    private readonly declarations: DeclarationsService,
  ) {}

  async create(dto: CreateRequestDto, principal: Principal): Promise<RequestResponse> {
    const authorityId = this.authorityOf(principal);
    const def = this.registry.get(dto.channel);
    const own = await this.authorities.getById(authorityId);
    const counterpart = await this.authorities.findById(dto.requestedAuthorityId);
    if (!counterpart) {
      throw invalid('requestedAuthorityId', 'no authority with this id in the directory');
    }
    if (counterpart.id === authorityId) {
      throw invalid('requestedAuthorityId', 'an authority cannot send a request to itself');
    }
    if (!def.requestedAuthorityKinds.includes(counterpart.kind)) {
      throw invalid(
        'requestedAuthorityId',
        `${def.channel} requests go to a ${def.requestedAuthorityKinds.join(' or ')} authority; ${counterpart.code} is ${counterpart.kind}`,
      );
    }
    const fields = await this.checkFields(dto, def.detailsSchema, authorityId);
    const additionalPartyIds = await checkAdditionalParties(
      this.authorities,
      def,
      dto.additionalPartyIds ?? [],
      authorityId,
      counterpart.id,
    );
    const draft = {
      channel: def.channel,
      status: def.machine.initial,
      requestingAuthorityId: authorityId,
      requestedAuthorityId: counterpart.id,
      additionalPartyIds,
      createdByUserId: principal.userId,
      urgency: dto.urgency ?? def.defaultUrgency?.(counterpart.kind) ?? 'normal',
      language: dto.language ?? null,
      subject: dto.subject ?? null,
      proceedingType: dto.proceedingType ?? null,
      offences: fields.offences ?? [],
      factsSummary: dto.factsSummary ?? null,
      assistanceSought: dto.assistanceSought ?? null,
      purpose: dto.purpose ?? null,
      personsConcerned: fields.personsConcerned ?? [],
      confidential: dto.confidential ?? false,
      suggestedDeadline: dto.suggestedDeadline ? new Date(dto.suggestedDeadline) : null,
      deadlineReason: dto.deadlineReason ?? null,
      followsUpRequestId: dto.followsUpRequestId ?? null,
      details: fields.details ?? {},
      caseData: {},
      submittedAt: null,
      deliveredAt: null,
    };
    await this.checkLink(def, draft as CooperationRequest, counterpart.country);
    const { request } = await this.workflow.createDraft(
      draft,
      own.country,
      this.actorOf(principal),
      instanceToPlain(dto) as Record<string, unknown>,
    );
    return this.present(request, principal, []);
  }

  async update(
    id: string,
    dto: UpdateRequestDto,
    principal: Principal,
    ifMatch?: VersionPrecondition,
  ): Promise<RequestResponse> {
    const authorityId = this.authorityOf(principal);
    const current = await this.visible(id, authorityId);
    if (sideOf(current, authorityId) !== 'requesting' || !principal.roles.includes('officer')) {
      throw new ForbiddenError('Only an officer of the requesting authority may edit a draft');
    }
    // DTO class fields exist as own undefined keys: only what the client sent counts as a change.
    const patch = Object.fromEntries(
      Object.entries(instanceToPlain(dto) as Record<string, unknown>).filter(([, v]) => v !== undefined),
    );
    if (Object.keys(patch).length === 0) {
      throw invalid('body', 'nothing to change');
    }
    const def = this.registry.get(current.channel);
    const fields = await this.checkFields(dto, def.detailsSchema, authorityId, current);
    if (dto.additionalPartyIds !== undefined) {
      fields.additionalPartyIds = await checkAdditionalParties(
        this.authorities,
        def,
        dto.additionalPartyIds,
        authorityId,
        current.requestedAuthorityId,
      );
    }
    const preview = { ...current, caseData: { ...current.caseData } };
    applyFields(preview, dto, fields);
    const counterpart = await this.authorities.getById(current.requestedAuthorityId);
    await this.checkLink(def, preview, counterpart.country);
    const committed = await this.workflow.editDraft(
      id,
      this.actorOf(principal),
      patch,
      (locked) => applyFields(locked, dto, fields),
      ifMatch,
    );
    return this.present(committed.request, principal, committed.followUps);
  }

  async timers(id: string, principal: Principal): Promise<TimerResponse[]> {
    const request = await this.visible(id, this.authorityOf(principal));
    return (await this.workflow.timersOf(request)).map(toTimerResponse);
  }

  async get(id: string, principal: Principal): Promise<RequestResponse> {
    const found = await this.workflow.findWithFollowUps(id);
    if (!found || !canSee(found.request, this.authorityOf(principal))) {
      throw new NotFoundError('Request');
    }
    return this.present(found.request, principal, found.followUps);
  }

  /** Loads a request the caller's authority may see, or 404 (never revealing that it exists). */
  async visible(id: string, authorityId: string | null): Promise<CooperationRequest> {
    const request = await this.workflow.findRequest(id);
    if (!request || !canSee(request, authorityId)) {
      throw new NotFoundError('Request');
    }
    return request;
  }

  async list(query: ListRequestsQuery, principal: Principal): Promise<Page<RequestSummaryResponse>> {
    const authorityId = this.authorityOf(principal);
    const limit = query.limit ?? 20;
    const box = query.box ?? 'outgoing';
    const rows = await this.workflow.listRequests({
      authorityId,
      box,
      status: query.status,
      channel: query.channel,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const parties = await this.parties(page);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toRequestSummary(r, box === 'outgoing' ? 'requesting' : 'requested', parties)),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
          : null,
    };
  }

  /** The caller's view of a request; `followUps` as read with it (see WorkflowService.findWithFollowUps). */
  async present(
    request: CooperationRequest,
    principal: Principal,
    followUps: FollowUpSummary[],
  ): Promise<RequestResponse> {
    const authorityId = this.authorityOf(principal);
    const side = sideOf(request, authorityId);
    if (!side) {
      throw new NotFoundError('Request');
    }
    const actor = this.actorOf(principal);
    const available = this.workflow.availableActions(request, actor);
    const fourEyesActions = await this.workflow.fourEyesActions(request, actor, available);
    const [requested] = await this.authorities.findByIds([request.requestedAuthorityId]);
    const response = toRequestResponse(
      request,
      side,
      await this.parties([request]),
      available,
      followUps
        .filter((r) => canSee(r, authorityId))
        .map((r) => ({ id: r.id, reference: r.reference, channel: r.channel, status: r.status })),
    );
    return {
      ...response,
      ...(fourEyesActions.length > 0 ? { fourEyesActions } : {}),
      acceptedLanguages: await this.acceptedLanguages(requested),
      ...federationFields(await this.workflow.remoteStanding(request.id)),
    };
  }

  /** The languages the requested State accepts: its declarations, else the requested authority's own. */
  private async acceptedLanguages(
    requested: { country: string; languages: string[] } | undefined,
  ): Promise<AcceptedLanguages | null> {
    if (!requested) {
      return null;
    }
    const declared = (await this.declarations.declaredRules(requested.country)).languages;
    return declared
      ? { languages: [...declared], source: 'declarations' }
      : { languages: [...requested.languages], source: 'authority' };
  }

  /** The caller as the engine sees a user: its authority (403 for an operator admin) and roles. */
  actorOf(principal: Principal): UserActor {
    return {
      type: 'user',
      userId: principal.userId,
      authorityId: this.authorityOf(principal),
      roles: userRoles(principal),
    };
  }

  authorityOf(principal: Principal): string {
    if (!principal.authorityId) {
      throw new ForbiddenError('Operator admins see no case content');
    }
    return principal.authorityId;
  }

  /** The channel's rules about the request this one follows up (e.g. MLA after a preservation). */
  private async checkLink(
    def: ChannelDefinition,
    draft: CooperationRequest,
    requestedCountry: string,
  ): Promise<void> {
    if (!def.checkDraft) {
      return;
    }
    const linked = draft.followsUpRequestId
      ? await this.workflow.findRequest(draft.followsUpRequestId)
      : null;
    const linkedCounterpart = linked ? await this.authorities.findById(linked.requestedAuthorityId) : null;
    const problems = def.checkDraft(draft, {
      linked,
      requestedCountry,
      linkedRequestedCountry: linkedCounterpart?.country ?? null,
    });
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
  }

  private async parties(requests: CooperationRequest[]): Promise<Map<string, PartyResponse>> {
    const authorities = await this.authorities.findByIds(requests.flatMap((r) => partiesOf(r)));
    return new Map(
      authorities.map((a) => [a.id, { id: a.id, code: a.code, name: a.name, country: a.country }]),
    );
  }

  /** Cross-field rules and channel details; returns the normalised JSON fields. */
  private async checkFields(
    dto: RequestFieldsDto,
    detailsSchema: new () => object,
    authorityId: string,
    current?: CooperationRequest,
  ): Promise<Partial<CooperationRequest>> {
    const problems: FieldProblem[] = [];
    for (const key of NON_NULLABLE) {
      if ((dto as Record<string, unknown>)[key] === null) {
        problems.push({ field: key, messages: [`${key} cannot be null`] });
      }
    }
    const deadline =
      dto.suggestedDeadline ??
      (dto.suggestedDeadline === undefined ? current?.suggestedDeadline?.toISOString() : undefined);
    const reason =
      dto.deadlineReason ?? (dto.deadlineReason === undefined ? current?.deadlineReason : undefined);
    if (deadline && !reason) {
      problems.push({
        field: 'deadlineReason',
        messages: ['is required when suggestedDeadline is given (UNTOC 18(24))'],
      });
    }
    if (dto.suggestedDeadline && Date.parse(dto.suggestedDeadline) <= Date.now()) {
      problems.push({ field: 'suggestedDeadline', messages: ['must be in the future'] });
    }
    if (dto.followsUpRequestId) {
      const linked = await this.workflow.findRequest(dto.followsUpRequestId);
      if (!linked || !canSee(linked, authorityId) || linked.id === current?.id) {
        problems.push({
          field: 'followsUpRequestId',
          messages: ['must name a request your authority is party to'],
        });
      }
    }
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    const out: Partial<CooperationRequest> = {};
    if (dto.details !== undefined) {
      out.details = instanceToPlain(await validatePayload(detailsSchema, dto.details, 'details')) as Record<
        string,
        unknown
      >;
    }
    if (dto.offences !== undefined) {
      out.offences = instanceToPlain(dto.offences) as CooperationRequest['offences'];
    }
    if (dto.personsConcerned !== undefined) {
      out.personsConcerned = instanceToPlain(dto.personsConcerned) as CooperationRequest['personsConcerned'];
    }
    return out;
  }
}

const NON_NULLABLE = [
  'urgency',
  'confidential',
  'offences',
  'personsConcerned',
  'details',
  'additionalPartyIds',
] as const;

function invalid(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ field, messages: [message] }]);
}

/** Applies a PATCH to a locked draft: only the fields present in the body change. */
function applyFields(
  r: CooperationRequest,
  dto: UpdateRequestDto,
  fields: Partial<CooperationRequest>,
): void {
  const has = (k: keyof UpdateRequestDto): boolean => dto[k] !== undefined;
  if (has('urgency')) {
    r.urgency = dto.urgency ?? r.urgency;
  }
  if (has('language')) {
    r.language = dto.language ?? null;
  }
  if (has('subject')) {
    r.subject = dto.subject ?? null;
  }
  if (has('proceedingType')) {
    r.proceedingType = dto.proceedingType ?? null;
  }
  if (has('factsSummary')) {
    r.factsSummary = dto.factsSummary ?? null;
  }
  if (has('assistanceSought')) {
    r.assistanceSought = dto.assistanceSought ?? null;
  }
  if (has('purpose')) {
    r.purpose = dto.purpose ?? null;
  }
  if (has('confidential')) {
    r.confidential = dto.confidential ?? r.confidential;
  }
  if (has('suggestedDeadline')) {
    r.suggestedDeadline = dto.suggestedDeadline ? new Date(dto.suggestedDeadline) : null;
  }
  if (has('deadlineReason')) {
    r.deadlineReason = dto.deadlineReason ?? null;
  }
  if (has('followsUpRequestId')) {
    r.followsUpRequestId = dto.followsUpRequestId ?? null;
  }
  if (fields.offences) {
    r.offences = fields.offences;
  }
  if (fields.personsConcerned) {
    r.personsConcerned = fields.personsConcerned;
  }
  if (fields.details) {
    r.details = fields.details;
  }
  if (fields.additionalPartyIds) {
    r.additionalPartyIds = fields.additionalPartyIds;
  }
}

/** Moves awaiting the other node and a quarantine, present only when there are (docs/federation.md). */
function federationFields(s: RemoteStanding): Pick<RequestResponse, 'pendingMoves' | 'quarantine'> {
  return {
    ...(s.pendingMoves.length > 0
      ? { pendingMoves: s.pendingMoves.map((m) => ({ ...m, at: m.at.toISOString() })) }
      : {}),
    ...(s.quarantine ? { quarantine: { ...s.quarantine, since: s.quarantine.since.toISOString() } } : {}),
  };
}
