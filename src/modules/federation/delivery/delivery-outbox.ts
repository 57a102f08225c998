import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { FederationJob } from '../envelope/federation.constants';

/**
 * The send jobs' outbox rows, moved in time instead of retried by BullMQ. Postgres is the truth: a row is
 * processed only once its envelope is delivered (or definitively refused), so a flushed queue loses nothing
 * (the relay's sweep offers every due, undone row again). Moving a row gives it a new job id and clears
 * `enqueued_at`, so that the relay's poll hands it to BullMQ with its new delay while the finishing job
 * still holds the old id.
 */
@Injectable()
export class DeliveryOutbox {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The row's next attempt at `at`; `attempts` counts real attempts (not waits behind an open breaker). */
  async reschedule(outboxId: string, at: Date, attempts: number | null, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox SET run_at = $2, attempts = coalesce($3, attempts), last_error = coalesce($4, last_error),
              enqueued_at = NULL, job_id = regexp_replace(job_id, '_r[0-9]+$', '') || '_r' || $5
        WHERE id = $1 AND processed_at IS NULL`,
      [outboxId, at, attempts, error?.slice(0, 2000) ?? null, String(at.getTime())],
    );
  }

  /**
   * The undone send rows of the given pending envelopes (every one of a peer when `envelopeRowIds` is null),
   * due at `at` (with attempts reset when `resetAttempts`); returns the envelope row ids moved.
   */
  async wake(
    peerOrigin: string,
    envelopeRowIds: string[] | null,
    at: Date,
    resetAttempts: boolean,
  ): Promise<string[]> {
    const rows: { envelope_row_id: string }[] = await this.dataSource.query(
      // In a CTE so that the query answers rows (TypeORM answers [rows, count] for a bare UPDATE).
      `WITH moved AS (UPDATE outbox o SET run_at = $3, enqueued_at = NULL,
              attempts = CASE WHEN $4 THEN 0 ELSE o.attempts END,
              job_id = regexp_replace(o.job_id, '_r[0-9]+$', '') || '_r' || $5
         FROM federation_envelopes e
        WHERE o.processed_at IS NULL AND o.job_name = $6 AND o.payload->>'envelopeRowId' = e.id::text
          AND e.direction = 'out' AND e.status = 'pending' AND e.peer_origin = $1
          AND ($2::uuid[] IS NULL OR e.id = ANY($2::uuid[]))
          AND (o.run_at > $3 OR $4)
        RETURNING e.id AS envelope_row_id) SELECT envelope_row_id FROM moved`,
      [peerOrigin, envelopeRowIds, at, resetAttempts, String(at.getTime()), FederationJob.Send],
    );
    return rows.map((r) => r.envelope_row_id);
  }

  /** Of these pending envelopes, the ones with no undone send row (nothing would ever send them). */
  async withoutSendRow(envelopeRowIds: string[]): Promise<string[]> {
    if (envelopeRowIds.length === 0) {
      return [];
    }
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT e.id FROM federation_envelopes e WHERE e.id = ANY($1::uuid[]) AND NOT EXISTS (
         SELECT 1 FROM outbox o WHERE o.processed_at IS NULL AND o.job_name = $2
            AND o.payload->>'envelopeRowId' = e.id::text)`,
      [envelopeRowIds, FederationJob.Send],
    );
    return rows.map((r) => r.id);
  }
}
