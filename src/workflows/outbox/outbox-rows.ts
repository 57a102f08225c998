import type { OutboxRow } from '../change-statements';
import type { CooperationRequest } from '../entities/cooperation-request.entity';
import { OutboxEntry } from './outbox-entry.entity';

/** Follow-up work a change asks for (a transition's effect, or a hook's delivery). */
export interface OutboxDraft {
  queue: string;
  jobName: string;
  runAt: Date;
  priority: number;
  /** The request the job acts on; the changed request when absent. */
  targetRequestId?: string;
  kind: OutboxEntry['kind'];
  label?: string;
  basis?: string;
  params?: Record<string, unknown>;
}

/** The rows a change inserts for its drafts, numbered from `offset` within the change. */
export function outboxRowsOf(
  request: CooperationRequest,
  seq: number,
  drafts: OutboxDraft[],
  offset: number,
): OutboxRow[] {
  return drafts.map((o, i) => ({
    requestId: o.targetRequestId ?? request.id,
    sourceRequestId: request.id,
    kind: o.kind,
    label: o.label ?? null,
    basis: o.basis ?? null,
    queue: o.queue,
    jobName: o.jobName,
    // Unique per transition and position; stable so that re-offering it to BullMQ is a no-op.
    jobId: `${request.id}_${seq}_${o.jobName}_${offset + i}`,
    transitionSeq: seq,
    payload: o.params ?? {},
    priority: o.priority,
    runAt: o.runAt,
  }));
}

/** The inserted rows as entries for the relay, with the ids the database gave them (matched by job id). */
export function outboxEntriesOf(
  rows: OutboxRow[],
  ids: { id: string; jobId: string }[],
  now: Date,
): OutboxEntry[] {
  const idOf = new Map(ids.map((r) => [r.jobId, r.id]));
  return rows.map((r) =>
    Object.assign(new OutboxEntry(), {
      ...r,
      kind: r.kind as OutboxEntry['kind'],
      id: idOf.get(r.jobId) ?? '',
      createdAt: now,
      enqueuedAt: null,
      processedAt: null,
      outcome: null,
      attempts: 0,
      lastError: null,
    }),
  );
}
