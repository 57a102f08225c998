import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { federationConfig, type FederationConfig } from '@/config/federation.config';
import type { BreakerState } from '../entities/federation-peer.entity';
import { type Admission, admit, afterFailure, type BreakerRow } from './backoff';

/** How long a half-open probe holds the peer: longer than one POST can take. */
export const PROBE_HOLD_MS = 30000;

export interface FailureOutcome {
  failures: number;
  breakerState: BreakerState;
  /** The breaker opened with this failure (it was closed). */
  opened: boolean;
  /** When this envelope (and, while open, every other one to the peer) is tried next. */
  nextAt: Date;
}

const toBreaker = (r: Record<string, unknown>): BreakerRow => ({
  breakerState: r.breaker_state as BreakerState,
  failures: Number(r.failures),
  breakerOpenUntil: r.breaker_open_until ? new Date(r.breaker_open_until as string) : null,
  breakerProbeUntil: r.breaker_probe_until ? new Date(r.breaker_probe_until as string) : null,
});

/**
 * The circuit breaker of each peer, kept in federation_peers (so every process and every restart sees the
 * same one): consecutive failures, last success and failure with its reason, closed → open after
 * FEDERATION_BREAKER_FAILURES failures → half-open (one probe) once its time is up → closed on success.
 */
@Injectable()
export class PeerBreaker {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
  ) {}

  /** Whether an attempt toward `origin` may go now; claims the half-open probe in one UPDATE when due. */
  async admit(origin: string, now = new Date()): Promise<Admission> {
    const claimed: unknown[] = await this.dataSource.query(
      // In a CTE so that the query answers rows (TypeORM answers [rows, count] for a bare UPDATE).
      `WITH claimed AS (UPDATE federation_peers SET breaker_state = 'half-open', breaker_probe_until = $2, updated_at = now()
        WHERE origin = $1 AND ((breaker_state = 'open' AND (breaker_open_until IS NULL OR breaker_open_until <= $3))
           OR (breaker_state = 'half-open' AND (breaker_probe_until IS NULL OR breaker_probe_until <= $3)))
        RETURNING id) SELECT id FROM claimed`,
      [origin, new Date(now.getTime() + PROBE_HOLD_MS), now],
    );
    if (claimed.length > 0) {
      return { go: true, probe: true };
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      'SELECT breaker_state, failures, breaker_open_until, breaker_probe_until FROM federation_peers WHERE origin = $1',
      [origin],
    );
    return rows[0] ? admit(toBreaker(rows[0]), now) : { go: true, probe: false };
  }

  /**
   * A delivered (or definitively answered) envelope: closes the breaker and notes the success, in one
   * statement (it runs for every delivery); whether the peer was unhealthy before.
   */
  async success(origin: string, now = new Date()): Promise<boolean> {
    const rows: { unhealthy: boolean }[] = await this.dataSource.query(
      `WITH before AS (SELECT id, breaker_state, failures FROM federation_peers WHERE origin = $1 FOR UPDATE),
            closed AS (UPDATE federation_peers p SET failures = 0, breaker_state = 'closed', breaker_open_until = NULL,
                         breaker_probe_until = NULL, last_success_at = $2, updated_at = now()
                        FROM before b WHERE p.id = b.id RETURNING p.id)
       SELECT (b.breaker_state <> 'closed' OR b.failures > 0) AS unhealthy FROM before b JOIN closed c ON c.id = b.id`,
      [origin, now],
    );
    return rows[0]?.unhealthy === true;
  }

  /** A failed attempt: counts it, opens (or reopens) the breaker as due, and says when to try next. */
  async failure(origin: string, reason: string, now = new Date()): Promise<FailureOutcome> {
    return this.dataSource.transaction(async (m) => {
      const rows: Record<string, unknown>[] = await m.query(
        'SELECT breaker_state, failures, breaker_open_until, breaker_probe_until FROM federation_peers WHERE origin = $1 FOR UPDATE',
        [origin],
      );
      const before = rows[0] ? toBreaker(rows[0]) : null;
      const next = afterFailure(
        before ?? { breakerState: 'closed', failures: 0, breakerOpenUntil: null, breakerProbeUntil: null },
        now,
        this.config.delivery,
      );
      if (before) {
        await m.query(
          `UPDATE federation_peers SET failures = $2, breaker_state = $3, breaker_open_until = $4,
                  breaker_probe_until = NULL, last_failure_at = $5, last_failure_reason = $6, updated_at = now()
            WHERE origin = $1`,
          [origin, next.failures, next.breakerState, next.breakerOpenUntil, now, reason.slice(0, 2000)],
        );
      }
      return {
        failures: next.failures,
        breakerState: next.breakerState,
        opened: next.opened,
        nextAt: next.breakerOpenUntil ?? new Date(now.getTime() + next.delayMs),
      };
    });
  }

  /** An admin's resend: the breaker lets the next attempt through at once (as a probe if it was open). */
  async allowNow(origin: string, now = new Date()): Promise<void> {
    await this.dataSource.query(
      `UPDATE federation_peers SET breaker_open_until = CASE WHEN breaker_state = 'open' THEN $2 ELSE breaker_open_until END,
              breaker_probe_until = NULL, updated_at = now() WHERE origin = $1`,
      [origin, now],
    );
  }
}
