import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import type { AuditEvent } from './history/audit-event.entity';
import { APPEND_FENCE_LOCK, HistoryWriter, type NewAuditEvent } from './history/history-writer';
import {
  type FollowUpSummary,
  followUpsFrom,
  insertOutboxSql,
  readJobSql,
  readRequestSql,
  SKIP_JOB_SQL,
  type WriteSpec,
  writeChangeSql,
} from './change-statements';
import { EntityColumns } from './entity-columns';
import { type OutboxDraft, outboxEntriesOf, outboxRowsOf } from './outbox/outbox-rows';
import { type ListFilter, listRequests } from './request-listing';
import { type PoolQuery, poolQuery } from '@/database/pool-query';
import { CooperationRequest } from './entities/cooperation-request.entity';
import { OutboxEntry } from './outbox/outbox-entry.entity';

export type EventDraft = Omit<NewAuditEvent, 'requestId' | 'seq' | 'occurredAt'>;

export type { OutboxDraft };

/** What a decision returns: the changed request, its event and its follow-up work. */
export interface Change {
  request: CooperationRequest;
  event: EventDraft;
  outbox?: OutboxDraft[];
}

/**
 * Code that must run inside every change's transaction, after its audit event is written (e.g. webhook
 * deliveries): it may add outbox rows, which are committed and relayed with the change. `idleWhen` is an
 * SQL condition on the request `r`, true when `run` would add nothing: the hot path then writes the change
 * in one statement without the hook, and that statement re-checks the condition.
 */
export interface ChangeHook {
  idleWhen: string;
  run: (manager: EntityManager, request: CooperationRequest, event: AuditEvent) => Promise<OutboxDraft[]>;
}

export interface Committed {
  request: CooperationRequest;
  event: AuditEvent;
  outbox: OutboxEntry[];
  /** The requests following this one up, as read with it (for the answer). */
  followUps: FollowUpSummary[];
}

/** A request read with what a change of it needs (see readRequestSql). */
export interface RequestSnapshot {
  request: CooperationRequest;
  lastHash: string | null;
  hooksIdle: boolean;
  followUps: FollowUpSummary[];
}

/** An outbox row read with the request its job acts on and the channel of the request that scheduled it. */
export interface JobContext {
  entry: OutboxEntry;
  /** Null when the request is gone. */
  snapshot: RequestSnapshot | null;
  sourceChannel: string | null;
}

type Decide = (locked: CooperationRequest) => Change | null;

/**
 * The only place where a request changes. Each change is one transaction: the request UPDATE (version
 * checked), its audit event and its outbox rows, written by one statement (change-statements.ts). Users'
 * actions first try it optimistically on the row they read (`tryChange`); on a conflict, or when a hook has
 * work, the change is decided again on the locked row (`change`).
 */
@Injectable()
export class WorkflowRepository {
  private readonly hooks: ChangeHook[] = [];
  private readonly requests: EntityColumns<CooperationRequest>;
  private readonly outboxColumns: EntityColumns<OutboxEntry>;
  private readonly sql: PoolQuery;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryWriter,
  ) {
    this.requests = new EntityColumns(dataSource, CooperationRequest);
    this.outboxColumns = new EntityColumns(dataSource, OutboxEntry);
    this.sql = poolQuery(dataSource);
  }

  /** Registers code to run in every change's transaction (see ChangeHook). */
  addChangeHook(hook: ChangeHook): void {
    this.hooks.push(hook);
  }

  /** The request alone (no last hash, hooks or follow-ups: see findSnapshot for what a change needs). */
  async findById(id: string): Promise<CooperationRequest | null> {
    const rows = await this.sql<Record<string, unknown>>('SELECT * FROM cooperation_requests WHERE id = $1', [
      id,
    ]);
    return rows[0] ? this.requests.hydrate(rows[0]) : null;
  }

  /** The request with its follow-ups, the hash its next event chains to and its hooks' state. */
  async findSnapshot(id: string): Promise<RequestSnapshot | null> {
    const rows = await this.sql<Record<string, unknown>>(readRequestSql(this.hooksIdleSql()), [id]);
    return rows[0] ? this.toSnapshot(rows[0]) : null;
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
      const saved = await this.history.append(manager, {
        ...event,
        requestId: request.id,
        seq: 1,
        occurredAt: now,
        payload: { ...event.payload, reference },
      });
      const outbox = await this.runHooks(manager, request, saved, 0);
      return { request, event: saved, outbox, followUps: [] };
    });
  }

  /**
   * The optimistic path: decides on the row as read and writes the change in one statement if the request
   * is still at that version and every hook still idle. Null when it did not apply (nothing was written):
   * the caller then goes through `change`.
   */
  async tryChange(snapshot: RequestSnapshot, decide: Decide, now: Date): Promise<Committed | null> {
    if (!snapshot.hooksIdle) {
      return null;
    }
    return this.write(
      { query: this.sql },
      snapshot,
      decide,
      now,
      this.hooks.map((h) => h.idleWhen),
    );
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

  /** An outbox row with what its job needs to know before it locks anything (one round trip). */
  async findJob(outboxId: string): Promise<JobContext | null> {
    const rows = await this.sql<Record<string, unknown>>(
      readJobSql(this.hooksIdleSql(), this.outboxColumns.select('o', 'o__')),
      [outboxId],
    );
    const row = rows[0];
    if (!row) {
      return null;
    }
    return {
      entry: this.outboxColumns.hydrate(row, 'o__'),
      snapshot: row.id ? this.toSnapshot(row) : null,
      sourceChannel: (row.source_channel as string | null) ?? null,
    };
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
      const rows: Record<string, unknown>[] = await manager.query(
        'SELECT * FROM outbox WHERE id = $1 FOR UPDATE',
        [outboxId],
      );
      if (!rows[0]) {
        return { outcome: 'missing' as const };
      }
      const entry = this.outboxColumns.hydrate(rows[0]);
      if (entry.processedAt) {
        return { outcome: 'already-done' as const };
      }
      const committed = await this.changeIn(
        manager,
        entry.requestId,
        (locked) => decide(locked, entry),
        now,
        { outboxId, at: now },
      );
      if (committed) {
        return { outcome: 'applied' as const, committed };
      }
      // Both rows are locked: no version to check.
      await manager.query(SKIP_JOB_SQL, [outboxId, now, entry.requestId, null]);
      return { outcome: 'skipped' as const };
    });
  }

  /**
   * The optimistic path of a job: decides on the request as read and, in one statement, writes the change
   * and marks the outbox row applied (or marks it skipped) if the row is still undone and the request still
   * at that version. Null when it did not apply: the caller then goes through `consumeOutbox`.
   */
  async tryConsume(
    entry: OutboxEntry,
    snapshot: RequestSnapshot,
    decide: (locked: CooperationRequest, entry: OutboxEntry) => Change | null,
    now: Date,
  ): Promise<{ outcome: 'applied' | 'skipped'; committed?: Committed } | null> {
    if (!snapshot.hooksIdle || entry.processedAt) {
      return null;
    }
    const fromVersion = snapshot.request.version;
    let decided = false;
    const committed = await this.write(
      { query: this.sql },
      snapshot,
      (request) => {
        const change = decide(request, entry);
        decided = change !== null;
        return change;
      },
      now,
      this.hooks.map((h) => h.idleWhen),
      { outboxId: entry.id, at: now },
    );
    if (committed) {
      return { outcome: 'applied', committed };
    }
    if (decided) {
      return null;
    }
    const skipped = await this.sql(SKIP_JOB_SQL, [entry.id, now, entry.requestId, fromVersion]);
    return skipped.length > 0 ? { outcome: 'skipped' } : null;
  }

  /** Decides on the locked row and writes; null when the row is gone or `decide` returned no change. */
  private async changeIn(
    manager: EntityManager,
    id: string,
    decide: Decide,
    now: Date,
    consumes?: WriteSpec['consumes'],
  ): Promise<Committed | null> {
    // Lock first, then read in a new statement: a statement that waited for the lock sees the row as the
    // other transaction left it but its subqueries (the last hash) in its older snapshot.
    const locked: unknown[] = await manager.query(
      'SELECT 1 FROM cooperation_requests WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (locked.length === 0) {
      return null;
    }
    const rows: Record<string, unknown>[] = await manager.query(readRequestSql(this.hooksIdleSql()), [id]);
    if (!rows[0]) {
      return null;
    }
    const committed = await this.write(
      { query: (sql, params) => manager.query(sql, params), manager },
      this.toSnapshot(rows[0]),
      decide,
      now,
      [],
      consumes,
    );
    if (!committed && !consumes) {
      // Unreachable while the row lock is held; kept as the last line of defence against lost updates.
      throw new Error(`Concurrent update of request ${id}`);
    }
    return committed;
  }

  /**
   * Runs `decide` on the snapshot's request and writes the change in one statement, conditional on the
   * version read (and `conditions`); then, when a hook has work, runs the hooks. Null when `decide`
   * returned no change or the statement found the request changed.
   */
  private async write(
    on: { query: PoolQuery; manager?: EntityManager },
    snapshot: RequestSnapshot,
    decide: Decide,
    now: Date,
    conditions: string[],
    consumes?: WriteSpec['consumes'],
  ): Promise<Committed | null> {
    const fromVersion = snapshot.request.version;
    const before = this.requests.fingerprint(snapshot.request);
    const change = decide(snapshot.request);
    if (!change) {
      return null;
    }
    const request = change.request;
    const seq = fromVersion + 1;
    request.version = seq;
    request.updatedAt = now;
    const event = this.history.seal(
      { ...change.event, requestId: request.id, seq, occurredAt: now },
      snapshot.lastHash,
    );
    const outbox = outboxRowsOf(request, seq, change.outbox ?? [], 0);
    const { sql, params } = writeChangeSql({
      requestId: request.id,
      fromVersion,
      columns: this.requests.changed(before, request),
      event,
      outbox,
      conditions,
      fenceLock: APPEND_FENCE_LOCK,
      consumes,
    });
    const [row] = await on.query<{ event_id: string | null; outbox: { id: string; jobId: string }[] }>(
      sql,
      params,
    );
    if (!row?.event_id) {
      return null;
    }
    const saved: AuditEvent = { ...event, id: row.event_id };
    const entries = outboxEntriesOf(outbox, row.outbox, now);
    if (!snapshot.hooksIdle) {
      if (!on.manager) {
        throw new Error('Hooks with work run only in a transaction');
      }
      entries.push(...(await this.runHooks(on.manager, request, saved, outbox.length)));
    }
    return { request, event: saved, outbox: entries, followUps: snapshot.followUps };
  }

  /** The hooks' outbox rows, numbered after the transition's own `offset` rows. */
  private async runHooks(
    manager: EntityManager,
    request: CooperationRequest,
    event: AuditEvent,
    offset: number,
  ): Promise<OutboxEntry[]> {
    const drafts: OutboxDraft[] = [];
    for (const hook of this.hooks) {
      drafts.push(...(await hook.run(manager, request, event)));
    }
    if (drafts.length === 0) {
      return [];
    }
    const rows = outboxRowsOf(request, event.seq, drafts, offset);
    const inserted: { id: string; job_id: string }[] = await manager.query(insertOutboxSql('$1::jsonb'), [
      JSON.stringify(rows),
    ]);
    return outboxEntriesOf(
      rows,
      inserted.map((r) => ({ id: String(r.id), jobId: r.job_id })),
      event.occurredAt,
    );
  }

  private toSnapshot(row: Record<string, unknown>): RequestSnapshot {
    return {
      request: this.requests.hydrate(row),
      lastHash: (row.last_hash as string | null) ?? null,
      hooksIdle: row.hooks_idle === true,
      followUps: followUpsFrom(row.follow_ups),
    };
  }

  private hooksIdleSql(): string {
    return this.hooks.length === 0 ? 'true' : this.hooks.map((h) => `(${h.idleWhen})`).join(' AND ');
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
