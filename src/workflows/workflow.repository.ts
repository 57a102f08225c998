import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull, type QueryDeepPartialEntity } from 'typeorm';
import { AuditService, type NewAuditEvent } from '@/modules/audit/audit.service';
import type { AuditEvent } from '@/modules/audit/entities/audit-event.entity';
import { CooperationRequest } from './entities/cooperation-request.entity';
import { OutboxEntry } from './outbox/outbox-entry.entity';
import type { JobName, QueueName } from './queue.constants';

export type EventDraft = Omit<NewAuditEvent, 'requestId' | 'seq' | 'occurredAt'>;

export interface OutboxDraft {
  queue: QueueName;
  jobName: JobName;
  runAt: Date;
  priority: number;
  /** The request the job acts on; the changed request when absent. */
  targetRequestId?: string;
  kind: OutboxEntry['kind'];
  label?: string;
  basis?: string;
  params?: Record<string, unknown>;
}

/** What a decision returns: the changed request, its event and its follow-up work. */
export interface Change {
  request: CooperationRequest;
  event: EventDraft;
  outbox?: OutboxDraft[];
}

/**
 * Code that must run inside every change's transaction, after its audit event is written (e.g. webhook
 * deliveries): it may add outbox rows, which are committed and relayed with the change.
 */
export type ChangeHook = (
  manager: EntityManager,
  request: CooperationRequest,
  event: AuditEvent,
) => Promise<OutboxDraft[]>;

export interface Committed {
  request: CooperationRequest;
  event: AuditEvent;
  outbox: OutboxEntry[];
}

/**
 * The only place where a request changes. Each change is one transaction: lock the row, decide, conditional
 * UPDATE (version checked), append the audit event, insert the outbox rows.
 */
@Injectable()
export class WorkflowRepository {
  private readonly hooks: ChangeHook[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Registers code to run in every change's transaction (see ChangeHook). */
  addChangeHook(hook: ChangeHook): void {
    this.hooks.push(hook);
  }

  findById(id: string): Promise<CooperationRequest | null> {
    return this.dataSource.getRepository(CooperationRequest).findOne({ where: { id } });
  }

  list(filter: ListFilter): Promise<CooperationRequest[]> {
    return listRequests(this.dataSource, filter);
  }

  findByIds(ids: string[]): Promise<CooperationRequest[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.dataSource.getRepository(CooperationRequest).find({ where: { id: In(ids) } });
  }

  /** Inserts a new request with its reference number and its first audit event, atomically. */
  async create(
    draft: Omit<CooperationRequest, 'id' | 'reference' | 'version' | 'createdAt' | 'updatedAt'>,
    country: string,
    event: EventDraft,
    now: Date,
  ): Promise<Committed> {
    return this.dataSource.transaction(async (manager) => {
      const reference = await this.nextReference(manager, country, now.getUTCFullYear());
      const repo = manager.getRepository(CooperationRequest);
      const request = await repo.save(
        repo.create({ ...draft, reference, version: 1, createdAt: now, updatedAt: now }),
      );
      const saved = await this.audit.append(manager, {
        ...event,
        requestId: request.id,
        seq: 1,
        occurredAt: now,
        payload: { ...event.payload, reference },
      });
      const outbox = await this.insertOutbox(manager, request, saved, []);
      return { request, event: saved, outbox };
    });
  }

  /**
   * Locks the request, lets `decide` inspect it and return a change (or throw a DomainError, which rolls
   * everything back), then writes request, event and outbox rows in the same transaction.
   */
  async change(
    id: string,
    decide: (locked: CooperationRequest) => Change,
    now: Date,
    within?: (manager: EntityManager) => Promise<void>,
  ): Promise<Committed | null> {
    return this.dataSource.transaction(async (manager) => {
      const committed = await this.changeIn(manager, id, decide, now);
      // Writes that belong to the same change (e.g. the document an event records), in its transaction.
      if (committed && within) {
        await within(manager);
      }
      return committed;
    });
  }

  /**
   * Runs one outbox row's work exactly once: the row is locked and marked processed in the same transaction
   * as the change it causes. `decide` returns null when the request has moved on (the work is void).
   */
  async consumeOutbox(
    outboxId: string,
    decide: (locked: CooperationRequest, entry: OutboxEntry) => Change | null,
    now: Date,
  ): Promise<{ outcome: 'applied' | 'skipped' | 'already-done' | 'missing'; committed?: Committed }> {
    return this.dataSource.transaction(async (manager) => {
      const entry = await manager
        .getRepository(OutboxEntry)
        .createQueryBuilder('o')
        .setLock('pessimistic_write')
        .where('o.id = :id', { id: outboxId })
        .getOne();
      if (!entry) {
        return { outcome: 'missing' as const };
      }
      if (entry.processedAt) {
        return { outcome: 'already-done' as const };
      }
      const committed = await this.changeIn(
        manager,
        entry.requestId,
        (locked) => decide(locked, entry),
        now,
        true,
      );
      const outcome = committed ? ('applied' as const) : ('skipped' as const);
      await manager
        .getRepository(OutboxEntry)
        .update(
          { id: entry.id },
          { processedAt: now, outcome, attempts: entry.attempts + 1, lastError: null },
        );
      return { outcome, committed: committed ?? undefined };
    });
  }

  private async changeIn(
    manager: EntityManager,
    id: string,
    decide: (locked: CooperationRequest) => Change | null,
    now: Date,
    allowSkip = false,
  ): Promise<Committed | null> {
    const locked = await manager
      .getRepository(CooperationRequest)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
    if (!locked) {
      return null;
    }
    const fromVersion = locked.version;
    const change = decide(locked);
    if (!change) {
      if (!allowSkip) {
        throw new Error('decide() returned no change');
      }
      return null;
    }
    const request = change.request;
    const seq = fromVersion + 1;
    request.version = seq;
    request.updatedAt = now;
    const result = await manager
      .createQueryBuilder()
      .update(CooperationRequest)
      .set(columnsOf(request))
      .where('id = :id AND version = :v', { id, v: fromVersion })
      .execute();
    if (result.affected !== 1) {
      // Unreachable while the row lock is held; kept as the last line of defence against lost updates.
      throw new Error(`Concurrent update of request ${id}`);
    }
    const event = await this.audit.append(manager, { ...change.event, requestId: id, seq, occurredAt: now });
    const outbox = await this.insertOutbox(manager, request, event, change.outbox ?? []);
    return { request, event, outbox };
  }

  /** The transition's own follow-up work plus what the hooks add, with deterministic job ids. */
  private async insertOutbox(
    manager: EntityManager,
    request: CooperationRequest,
    event: AuditEvent,
    drafts: OutboxDraft[],
  ): Promise<OutboxEntry[]> {
    const all = [...drafts];
    for (const hook of this.hooks) {
      all.push(...(await hook(manager, request, event)));
    }
    if (all.length === 0) {
      return [];
    }
    const repo = manager.getRepository(OutboxEntry);
    return repo.save(
      all.map((o, i) =>
        repo.create({
          requestId: o.targetRequestId ?? request.id,
          sourceRequestId: request.id,
          kind: o.kind,
          label: o.label ?? null,
          basis: o.basis ?? null,
          queue: o.queue,
          jobName: o.jobName,
          // Unique per transition and position; stable so that re-offering it to BullMQ is a no-op.
          jobId: `${request.id}_${event.seq}_${o.jobName}_${i}`,
          transitionSeq: event.seq,
          payload: o.params ?? {},
          priority: o.priority,
          runAt: o.runAt,
          attempts: 0,
        }),
      ),
    );
  }

  async markOutboxProcessed(id: string, outcome: string, now: Date): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(OutboxEntry)
      .update({ id, processedAt: IsNull() }, { processedAt: now, outcome });
    return (result.affected ?? 0) > 0;
  }

  findOutbox(id: string): Promise<OutboxEntry | null> {
    return this.dataSource.getRepository(OutboxEntry).findOne({ where: { id } });
  }

  /** A request's legal clocks (pending, fired or void), soonest first. */
  timersOf(requestId: string): Promise<OutboxEntry[]> {
    return this.dataSource
      .getRepository(OutboxEntry)
      .find({ where: { requestId, kind: 'timer' }, order: { runAt: 'ASC', id: 'ASC' } });
  }

  /** Requests that name this one as the request they follow up. */
  followUpsOf(requestId: string): Promise<CooperationRequest[]> {
    return this.dataSource
      .getRepository(CooperationRequest)
      .find({ where: { followsUpRequestId: requestId }, order: { createdAt: 'ASC' } });
  }

  private async nextReference(manager: EntityManager, country: string, year: number): Promise<string> {
    const rows: { last_value: number }[] = await manager.query(
      `INSERT INTO reference_counters (country, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (country, year) DO UPDATE SET last_value = reference_counters.last_value + 1
       RETURNING last_value`,
      [country, year],
    );
    return `${country}-${year}-${String(rows[0].last_value).padStart(6, '0')}`;
  }
}

/** The updatable columns of a request (everything but the id and creation time). */
function columnsOf(r: CooperationRequest): QueryDeepPartialEntity<CooperationRequest> {
  const { id: _id, createdAt: _createdAt, ...rest } = r;
  return rest as QueryDeepPartialEntity<CooperationRequest>;
}

export interface ListFilter {
  authorityId: string;
  box: 'outgoing' | 'incoming';
  status?: string;
  channel?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/** Keyset-paginated inbox/outbox listing; incoming shows only what was delivered. */
export async function listRequests(dataSource: DataSource, f: ListFilter): Promise<CooperationRequest[]> {
  const qb = dataSource.getRepository(CooperationRequest).createQueryBuilder('r');
  if (f.box === 'outgoing') {
    qb.where('r.requesting_authority_id = :a', { a: f.authorityId });
  } else {
    qb.where('r.requested_authority_id = :a AND r.delivered_at IS NOT NULL', { a: f.authorityId });
  }
  if (f.status) {
    qb.andWhere('r.status = :status', { status: f.status });
  }
  if (f.channel) {
    qb.andWhere('r.channel = :channel', { channel: f.channel });
  }
  if (f.after) {
    qb.andWhere('(r.created_at, r.id) < (:createdAt, :id)', { createdAt: f.after.createdAt, id: f.after.id });
  }
  return qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC').take(f.limit).getMany();
}
