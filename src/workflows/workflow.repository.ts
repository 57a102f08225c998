import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditEvent } from './history/audit-event.entity';
import { computeEventHash } from './history/event-hash';
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
import { OutboxRelay } from './outbox/outbox-relay.service';

export type EventDraft = Omit<NewAuditEvent, 'requestId' | 'seq' | 'occurredAt'>;

/** A new request as its creator fills it in (the engine gives it its id, reference and version). */
export type NewRequest = Omit<CooperationRequest, 'id' | 'reference' | 'version' | 'createdAt' | 'updatedAt'>;

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
  run: (
    manager: EntityManager,
    request: CooperationRequest,
    event: AuditEvent,
    context: ChangeContext,
  ) => Promise<OutboxDraft[]>;
}

/** What a hook knows of the change: `remote` when it repeats an event first recorded by another node. */
export interface ChangeContext {
  remote: boolean;
  /**
   * On a remote change this node must pass on (a delivery it records on adopting a multi-party request):
   * the node it came from, to which it is not sent back; the hooks relay it to the parties' other nodes.
   */
  relayExcept?: string;
}

/** An event as another node recorded it, hash included (see WorkflowRepository.adopt). */
export type RecordedEvent = Omit<AuditEvent, 'id'>;

/** See WorkflowRepository.onCommitted. */
export type CommitObserver = (committed: Committed) => void;

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

/**
 * Decides a change on the row it is written against (the row as read, or the locked row): returns the change,
 * null when there is nothing to do (a job whose occasion has passed), or throws a DomainError (nothing is
 * written). A job's decision also gets its outbox row.
 */
export type Decide = (current: CooperationRequest, job: OutboxEntry | undefined) => Change | null;

/** A change to apply to one request (see WorkflowRepository.apply). */
export interface ChangeOrder {
  requestId: string;
  decide: Decide;
  now: Date;
  /**
   * The request as the caller read it (findSnapshot, or findJob's snapshot): the change is first decided on
   * it and written in one statement, conditional on its version. Absent: decided on the locked row at once.
   */
  read?: RequestSnapshot | null;
  /**
   * The outbox row whose job this change is: consumed with it, in the same statement or transaction (marked
   * applied with the change, or skipped when `decide` returns null), at most once.
   */
  job?: OutboxEntry;
  /** Writes that belong to the change (e.g. the document its event records), in its transaction. */
  within?: (manager: EntityManager) => Promise<void>;
  /** The change repeats an event another node recorded (told to the hooks: see ChangeContext). */
  remote?: boolean;
  /** See ChangeContext.relayExcept. */
  relayExcept?: string;
}

/**
 * What applying a change did: `applied` (committed, and its outbox rows handed to the relay), `skipped`
 * (`decide` found nothing to do; a job's row is marked skipped), `missing` (no such request, or no such outbox
 * row for a job) or `already-done` (the job's outbox row was processed before).
 */
export type Applied =
  | { outcome: 'applied'; committed: Committed }
  | { outcome: 'skipped' | 'missing' | 'already-done'; committed?: undefined };

interface Decided {
  /** False when `decide` returned no change (nothing was written). */
  decided: boolean;
  /** Null when nothing was written: no change, or the request had moved on from the version read. */
  committed: Committed | null;
}

/**
 * The only place where a request changes. Each change is one transaction: the request UPDATE (version
 * checked), its audit event and its outbox rows, written by one statement (change-statements.ts); after
 * commit, the new outbox rows go to the relay (`publishing`), for every write, so that no caller can forget.
 * One method applies a change (`apply`): tried first on the row as the caller read it, and decided again on
 * the locked row when that row changed meanwhile, when a hook has work, or when the change writes more in
 * its transaction. `create` inserts a new request with its first event.
 */
@Injectable()
export class WorkflowRepository {
  private readonly hooks: ChangeHook[] = [];
  private readonly commitObservers: CommitObserver[] = [];
  private readonly requests: EntityColumns<CooperationRequest>;
  private readonly outboxColumns: EntityColumns<OutboxEntry>;
  private readonly sql: PoolQuery;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryWriter,
    private readonly relay: OutboxRelay,
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
   * Settles an outbox row whose job changes no request (a webhook delivery): marked processed with its
   * outcome if still undone. False when it was already processed.
   */
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

  /** Inserts a new request with its reference number and its first audit event, atomically; then publishes. */
  async create(draft: NewRequest, country: string, event: EventDraft, now: Date): Promise<Committed> {
    const applied = await this.publishing(() =>
      this.dataSource.transaction(async (manager) => {
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
        const outbox = await this.runHooks(manager, request, saved, 0, { remote: false });
        return { outcome: 'applied' as const, committed: { request, event: saved, outbox, followUps: [] } };
      }),
    );
    return applied.committed;
  }

  /**
   * Applies a change to a request: the one write path of users' actions, jobs and side events. When the
   * caller read the request (`read`), the change is decided on that row and written in one statement if
   * the request is still at that version and every hook still idle (for a job, its outbox row is marked in
   * the same statement). Otherwise (the row changed meanwhile, a hook has work, the change writes more
   * `within` its transaction, or nothing was read) the request is locked (a job's outbox row first), read
   * again and the change decided again on it. After commit the new outbox rows are published.
   */
  apply(order: ChangeOrder): Promise<Applied> {
    return this.publishing(async () => (await this.tryOnRead(order)) ?? (await this.applyLocked(order)));
  }

  /**
   * Code told of every committed change, after commit, synchronously and in memory (the metrics' counters):
   * it must be cheap and cannot fail the change (an observer that throws is ignored).
   */
  onCommitted(observer: CommitObserver): void {
    this.commitObservers.push(observer);
  }

  /** Every write ends here: its outbox rows go to the relay right after commit (never on a rollback). */
  private async publishing<T extends Applied>(write: () => Promise<T>): Promise<T> {
    const applied = await write();
    if (applied.committed) {
      this.relay.publish(applied.committed.outbox);
      for (const observer of this.commitObservers) {
        try {
          observer(applied.committed);
        } catch {
          // Metrics are best effort.
        }
      }
    }
    return applied;
  }

  /**
   * The optimistic attempt: one statement on the row as read, without a transaction. Null when it did not
   * apply (nothing was written) and the change must be decided on the locked row.
   */
  private async tryOnRead(order: ChangeOrder): Promise<Applied | null> {
    const { read, job, now } = order;
    if (!read || !read.hooksIdle || order.within || job?.processedAt) {
      return null;
    }
    const fromVersion = read.request.version;
    const { decided, committed } = await this.decideAndWrite(
      { query: this.sql },
      read,
      (request) => order.decide(request, job),
      now,
      this.hooks.map((h) => h.idleWhen),
      job && { outboxId: job.id, at: now },
    );
    if (committed) {
      return { outcome: 'applied', committed };
    }
    if (decided || !job) {
      return null;
    }
    // The job's occasion has passed on the row as read: marked skipped if that row is still current.
    const skipped = await this.sql(SKIP_JOB_SQL, [job.id, now, job.requestId, fromVersion]);
    return skipped.length > 0 ? { outcome: 'skipped' } : null;
  }

  /**
   * The locked path, in one transaction: a job's outbox row is locked first (and must still be undone), then
   * the request; decide on the locked row, write, run the hooks and `within`, commit.
   */
  private applyLocked(order: ChangeOrder): Promise<Applied> {
    return this.dataSource.transaction(async (manager): Promise<Applied> => {
      const job = order.job && (await this.lockJob(manager, order.job.id));
      if (job === null) {
        return { outcome: 'missing' };
      }
      if (job?.processedAt) {
        return { outcome: 'already-done' };
      }
      const requestId = job?.requestId ?? order.requestId;
      const applied = await this.changeLocked(
        manager,
        requestId,
        (locked) => order.decide(locked, job),
        order.now,
        job && { outboxId: job.id, at: order.now },
        { remote: order.remote === true, ...(order.relayExcept ? { relayExcept: order.relayExcept } : {}) },
      );
      if (applied.outcome === 'applied') {
        // Writes that belong to the same change (e.g. the document an event records), in its transaction.
        await order.within?.(manager);
        return applied;
      }
      if (job) {
        // The job's occasion has passed, or its request is gone. Both rows are locked: no version to check.
        await manager.query(SKIP_JOB_SQL, [job.id, order.now, requestId, null]);
        return { outcome: 'skipped' };
      }
      return applied;
    });
  }

  /** A job's outbox row, locked; null when it is gone. */
  private async lockJob(manager: EntityManager, outboxId: string): Promise<OutboxEntry | null> {
    const rows: Record<string, unknown>[] = await manager.query(
      'SELECT * FROM outbox WHERE id = $1 FOR UPDATE',
      [outboxId],
    );
    return rows[0] ? this.outboxColumns.hydrate(rows[0]) : null;
  }

  /** Locks the request, reads it, decides on it and writes. */
  private async changeLocked(
    manager: EntityManager,
    id: string,
    decide: (locked: CooperationRequest) => Change | null,
    now: Date,
    consumes?: WriteSpec['consumes'],
    context: ChangeContext = { remote: false },
  ): Promise<Applied> {
    // Lock first, then read in a new statement: a statement that waited for the lock sees the row as the
    // other transaction left it but its subqueries (the last hash) in its older snapshot.
    const locked: unknown[] = await manager.query(
      'SELECT 1 FROM cooperation_requests WHERE id = $1 FOR UPDATE',
      [id],
    );
    const rows: Record<string, unknown>[] =
      locked.length === 0 ? [] : await manager.query(readRequestSql(this.hooksIdleSql()), [id]);
    if (!rows[0]) {
      return { outcome: 'missing' };
    }
    const { decided, committed } = await this.decideAndWrite(
      { query: (sql, params) => manager.query(sql, params), manager },
      this.toSnapshot(rows[0]),
      decide,
      now,
      [],
      consumes,
      context,
    );
    if (committed) {
      return { outcome: 'applied', committed };
    }
    if (decided) {
      // Unreachable while the row lock is held; kept as the last line of defence against lost updates.
      throw new Error(`Concurrent update of request ${id}`);
    }
    return { outcome: 'skipped' };
  }

  /**
   * Runs `decide` on the snapshot's request and writes the change in one statement, conditional on the
   * version read (and `conditions`); then, when a hook has work, runs the hooks.
   */
  private async decideAndWrite(
    on: { query: PoolQuery; manager?: EntityManager },
    snapshot: RequestSnapshot,
    decide: (current: CooperationRequest) => Change | null,
    now: Date,
    conditions: string[],
    consumes?: WriteSpec['consumes'],
    context: ChangeContext = { remote: false },
  ): Promise<Decided> {
    const fromVersion = snapshot.request.version;
    const before = this.requests.fingerprint(snapshot.request);
    const change = decide(snapshot.request);
    if (!change) {
      return { decided: false, committed: null };
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
      return { decided: true, committed: null };
    }
    const saved: AuditEvent = { ...event, id: row.event_id };
    const entries = outboxEntriesOf(outbox, row.outbox, now);
    if (!snapshot.hooksIdle) {
      if (!on.manager) {
        throw new Error('Hooks with work run only in a transaction');
      }
      entries.push(...(await this.runHooks(on.manager, request, saved, outbox.length, context)));
    }
    return {
      decided: true,
      committed: { request, event: saved, outbox: entries, followUps: snapshot.followUps },
    };
  }

  /** The hooks' outbox rows, numbered after the transition's own `offset` rows. */
  private async runHooks(
    manager: EntityManager,
    request: CooperationRequest,
    event: AuditEvent,
    offset: number,
    context: ChangeContext,
  ): Promise<OutboxEntry[]> {
    const drafts: OutboxDraft[] = [];
    for (const hook of this.hooks) {
      drafts.push(...(await hook.run(manager, request, event, context)));
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

  /**
   * Inserts a request with the history another node recorded for it, verbatim (same ids, hashes, times):
   * the chain is checked first (each event's hash recomputed, each chained to the previous one, seq 1..n),
   * the request's version is the last seq. 'exists' when a request with that id is already here.
   */
  async adopt(
    draft: CooperationRequest,
    events: RecordedEvent[],
    within?: (manager: EntityManager) => Promise<void>,
  ): Promise<'adopted' | 'exists'> {
    let prev: string | null = null;
    events.forEach((e, i) => {
      if (e.requestId !== draft.id || e.seq !== i + 1 || e.prevHash !== prev) {
        throw new Error(`event ${i + 1} is not the next event of request ${draft.id}'s chain`);
      }
      if (computeEventHash(e) !== e.hash) {
        throw new Error(`event ${e.seq} of request ${draft.id} does not match its hash`);
      }
      prev = e.hash;
    });
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(CooperationRequest);
      const inserted: unknown[] = await manager.query(
        'SELECT 1 FROM cooperation_requests WHERE id = $1 FOR UPDATE',
        [draft.id],
      );
      if (inserted.length > 0) {
        return 'exists';
      }
      await repo.save(repo.create({ ...draft, version: events.length }));
      await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [APPEND_FENCE_LOCK]);
      const eventsRepo = manager.getRepository(AuditEvent);
      for (const e of events) {
        await eventsRepo.save(eventsRepo.create(e));
      }
      await within?.(manager);
      return 'adopted';
    });
  }

  /**
   * Outbox rows of a module's own work that belongs to no change (e.g. applying a message another node
   * sent), under `key` (unique per piece of work); published after `manager`'s commit by the caller through
   * `publish`, or at once without a manager.
   */
  async schedule(
    manager: EntityManager | null,
    requestId: string,
    key: string,
    drafts: OutboxDraft[],
  ): Promise<OutboxEntry[]> {
    const rows = drafts.map((o, i) => ({
      requestId: o.targetRequestId ?? requestId,
      sourceRequestId: requestId,
      kind: o.kind,
      label: o.label ?? null,
      basis: o.basis ?? null,
      queue: o.queue,
      jobName: o.jobName,
      jobId: `${requestId}_${key}_${o.jobName}_${i}`,
      transitionSeq: 0,
      payload: o.params ?? {},
      priority: o.priority,
      runAt: o.runAt,
    }));
    const run = (query: PoolQuery) =>
      query<{ id: string; job_id: string }>(insertOutboxSql('$1::jsonb'), [JSON.stringify(rows)]);
    const inserted = manager ? await run((sql, params) => manager.query(sql, params)) : await run(this.sql);
    const entries = outboxEntriesOf(
      rows,
      inserted.map((r) => ({ id: String(r.id), jobId: r.job_id })),
      new Date(),
    );
    if (!manager) {
      this.relay.publish(entries);
    }
    return entries;
  }

  /** Hands outbox rows written in a caller's committed transaction to the relay. */
  publish(entries: OutboxEntry[]): void {
    this.relay.publish(entries);
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
