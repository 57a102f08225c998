import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type Principal, userRoles } from '@/common/auth/principal';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { RequestsService } from '@/modules/requests/requests.service';
import {
  type CooperationRequest,
  type Committed,
  InvalidTransitionError,
  type UserActor,
  type VersionPrecondition,
  WorkflowService,
} from '@/workflows';
import type {
  CreatePreparationDto,
  PreparationResponse,
  WithdrawPreparationDto,
} from './dto/preparation.dto';
import { ActionPreparation, type PreparationStatus } from './entities/action-preparation.entity';
import {
  ConfirmerRoleError,
  FourEyesNotRequiredError,
  PreparationClosedError,
  PreparationNotFoundError,
  PreparationPendingError,
  SameUserError,
  WithdrawerError,
} from './four-eyes.errors';

/** The side events a preparation writes in the request's history. */
export const PREPARE_EVENT = 'prepare-action';
export const WITHDRAW_EVENT = 'withdraw-preparation';

/** At most this many preparations in a listing (newest first). */
const LIST_LIMIT = 200;

/**
 * Refuses a confirmation that the server must never accept, whatever the client does: a closed preparation
 * (a replay), the preparer confirming its own action, a confirmer without the role the policy names.
 */
export function assertMayConfirm(
  prep: ActionPreparation,
  confirmer: { userId: string; roles: readonly string[] },
): void {
  if (prep.status !== 'pending') {
    throw new PreparationClosedError(prep.status);
  }
  if (prep.preparedByUserId === confirmer.userId) {
    throw new SameUserError();
  }
  if (!confirmer.roles.includes(prep.confirmerRole)) {
    throw new ConfirmerRoleError(prep.action, prep.confirmerRole);
  }
}

/** Closes a pending preparation in the transaction of its event; a replay (no longer pending) throws. */
async function close(
  manager: EntityManager,
  id: string,
  status: Exclude<PreparationStatus, 'pending'>,
  userId: string,
): Promise<void> {
  const result = await manager
    .createQueryBuilder()
    .update(ActionPreparation)
    .set({ status, closedByUserId: userId, closedAt: new Date() })
    .where('id = :id AND status = :pending', { id, pending: 'pending' })
    .execute();
  if (result.affected !== 1) {
    const current = await manager.getRepository(ActionPreparation).findOne({ where: { id } });
    throw new PreparationClosedError(current?.status ?? 'closed');
  }
}

/**
 * Four eyes: an action that the acting State's policy names is prepared by one user (every check of the
 * action runs then, nothing moves) and taken once, when another user of the same authority with the
 * policy's role confirms it (every check runs again; the transition, its event naming both, and the
 * confirmation in one transaction). A preparation can be withdrawn by its preparer or an approver.
 */
@Injectable()
export class PreparationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: WorkflowService,
    private readonly requests: RequestsService,
    private readonly authorities: AuthoritiesService,
  ) {}

  async prepare(
    requestId: string,
    dto: CreatePreparationDto,
    principal: Principal,
  ): Promise<PreparationResponse> {
    const actor = this.requests.actorOf(principal);
    const preview = await this.workflow.preview(requestId, dto.action, dto.payload ?? {}, actor);
    const requirement = preview.requirement;
    if (!requirement) {
      const acting = await this.authorities.getById(actor.authorityId);
      throw new FourEyesNotRequiredError(acting.country, preview.request.channel, dto.action);
    }
    const pending = await this.dataSource.getRepository(ActionPreparation).findOne({
      where: { requestId, authorityId: actor.authorityId, action: dto.action, status: 'pending' },
    });
    if (pending) {
      throw new PreparationPendingError(pending.id);
    }
    const prep = this.dataSource.getRepository(ActionPreparation).create({
      id: randomUUID(),
      requestId,
      authorityId: actor.authorityId,
      action: dto.action,
      payload: preview.payload,
      confirmerRole: requirement.confirmerRole,
      status: 'pending',
      preparedByUserId: actor.userId,
      preparedAt: new Date(),
      closedByUserId: null,
      closedAt: null,
    });
    const status = preview.request.status;
    const { event } = await this.workflow.recordEvent(
      requestId,
      actor,
      {
        action: PREPARE_EVENT,
        payload: {
          preparationId: prep.id,
          action: prep.action,
          payload: prep.payload,
          confirmerRole: prep.confirmerRole,
        },
      },
      {
        // Checked on the status it was checked in; moved meanwhile, it is prepared again.
        check: (locked) => {
          if (locked.status !== status) {
            throw new InvalidTransitionError(dto.action, locked.status, [status]);
          }
        },
        within: async (manager) => {
          await manager.getRepository(ActionPreparation).save(prep);
        },
      },
    );
    prep.preparedAt = event.occurredAt;
    return (await this.present([prep], principal))[0];
  }

  /**
   * Confirms a preparation: the action is taken as its preparer prepared it (the preparer's current roles,
   * every check of the action again), the event records `fourEyes` (preparation, preparedBy, confirmedBy).
   */
  async confirm(
    id: string,
    principal: Principal,
    ifMatch?: VersionPrecondition,
  ): Promise<{ preparation: PreparationResponse; committed: Committed }> {
    const prep = await this.own(id, principal);
    assertMayConfirm(prep, { userId: principal.userId, roles: userRoles(principal) });
    const preparer = await this.preparerOf(prep);
    const committed = await this.workflow.perform(
      prep.requestId,
      prep.action,
      prep.payload,
      preparer,
      ifMatch,
      {
        fourEyes: {
          record: {
            preparationId: prep.id,
            preparedBy: prep.preparedByUserId,
            confirmedBy: principal.userId,
            confirmerRole: prep.confirmerRole,
          },
          within: (manager) => close(manager, prep.id, 'confirmed', principal.userId),
        },
      },
    );
    if ('proposed' in committed || !committed.event) {
      // perform never proposes a confirmed move (four eyes is for requests of this node alone).
      throw new PreparationClosedError('sent elsewhere');
    }
    const confirmed = {
      ...prep,
      status: 'confirmed' as const,
      closedByUserId: principal.userId,
      closedAt: committed.event.occurredAt,
    };
    return { preparation: (await this.present([confirmed], principal))[0], committed };
  }

  async withdraw(
    id: string,
    dto: WithdrawPreparationDto,
    principal: Principal,
  ): Promise<PreparationResponse> {
    const prep = await this.own(id, principal);
    if (prep.status !== 'pending') {
      throw new PreparationClosedError(prep.status);
    }
    const actor = this.requests.actorOf(principal);
    if (prep.preparedByUserId !== actor.userId && !actor.roles.includes('approver')) {
      throw new WithdrawerError();
    }
    const { event } = await this.workflow.recordEvent(
      prep.requestId,
      actor,
      {
        action: WITHDRAW_EVENT,
        payload: {
          preparationId: prep.id,
          action: prep.action,
          ...(dto.reasons ? { reasons: dto.reasons } : {}),
        },
      },
      { within: (manager) => close(manager, prep.id, 'withdrawn', actor.userId) },
    );
    const withdrawn = {
      ...prep,
      status: 'withdrawn' as const,
      closedByUserId: actor.userId,
      closedAt: event.occurredAt,
    };
    return (await this.present([withdrawn], principal))[0];
  }

  /** The caller's authority's preparations (all requests), newest first; `status` filters. */
  async list(principal: Principal, status?: PreparationStatus): Promise<PreparationResponse[]> {
    const authorityId = this.requests.authorityOf(principal);
    const rows = await this.dataSource.getRepository(ActionPreparation).find({
      where: { authorityId, ...(status ? { status } : {}) },
      order: { preparedAt: 'DESC', id: 'DESC' },
      take: LIST_LIMIT,
    });
    return this.present(rows, principal);
  }

  /** The caller's authority's preparations on one request it may see (404 otherwise), newest first. */
  async listForRequest(requestId: string, principal: Principal): Promise<PreparationResponse[]> {
    const authorityId = this.requests.authorityOf(principal);
    await this.requests.visible(requestId, authorityId);
    const rows = await this.dataSource.getRepository(ActionPreparation).find({
      where: { requestId, authorityId },
      order: { preparedAt: 'DESC', id: 'DESC' },
      take: LIST_LIMIT,
    });
    return this.present(rows, principal);
  }

  /** A preparation of the caller's authority; 404 for any other (never reveal another's preparations). */
  private async own(id: string, principal: Principal): Promise<ActionPreparation> {
    const authorityId = this.requests.authorityOf(principal);
    const prep = await this.dataSource.getRepository(ActionPreparation).findOne({ where: { id } });
    if (!prep || prep.authorityId !== authorityId) {
      throw new PreparationNotFoundError();
    }
    return prep;
  }

  /** The preparer as the engine sees it now: its current roles (none once disabled or gone). */
  private async preparerOf(prep: ActionPreparation): Promise<UserActor> {
    const users = await this.authorities.users(prep.authorityId);
    const user = users.find((u) => u.user.id === prep.preparedByUserId)?.user;
    return {
      type: 'user',
      userId: prep.preparedByUserId,
      authorityId: prep.authorityId,
      roles: user && !user.disabledAt ? user.roles.filter((r) => r !== 'admin') : [],
    };
  }

  private async present(rows: ActionPreparation[], principal: Principal): Promise<PreparationResponse[]> {
    const authorityId = this.requests.authorityOf(principal);
    const names = await this.authorities.userNames(
      rows.flatMap((r) => [r.preparedByUserId, ...(r.closedByUserId ? [r.closedByUserId] : [])]),
    );
    const requests = new Map<string, CooperationRequest | null>();
    for (const r of rows) {
      if (!requests.has(r.requestId)) {
        requests.set(r.requestId, await this.workflow.findRequest(r.requestId));
      }
    }
    const user = (id: string) => ({ id, name: names.get(id) ?? '' });
    return rows.map((r) => {
      const request = requests.get(r.requestId) ?? null;
      // Open for the authority's side with any role: the status and the case file still allow it.
      const open =
        request !== null &&
        this.workflow
          .availableActions(request, {
            type: 'user',
            userId: r.preparedByUserId,
            authorityId,
            roles: ['officer', 'approver'],
          })
          .includes(r.action);
      return {
        id: r.id,
        requestId: r.requestId,
        reference: request?.reference ?? '',
        channel: request?.channel ?? '',
        action: r.action,
        payload: r.payload,
        confirmerRole: r.confirmerRole,
        status: r.status,
        stale: r.status === 'pending' && !open,
        preparedBy: user(r.preparedByUserId),
        preparedAt: r.preparedAt.toISOString(),
        closedBy: r.closedByUserId ? user(r.closedByUserId) : null,
        closedAt: r.closedAt ? r.closedAt.toISOString() : null,
      };
    });
  }
}
