import type { DeliveryConfig } from '@/config/federation.config';
import type { BreakerState } from '../entities/federation-peer.entity';

/**
 * The delay before the next attempt toward a peer after its `failures`-th consecutive failure: the base
 * doubled per failure, capped, with "equal jitter" (between half and all of it) so that the envelopes
 * waiting for one peer, and the nodes retrying one peer, do not all come back at the same instant.
 */
export function retryDelayMs(
  failures: number,
  cfg: Pick<DeliveryConfig, 'retryBaseMs' | 'retryMaxMs'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  const full = Math.min(cfg.retryMaxMs, cfg.retryBaseMs * 2 ** exponent);
  return Math.round(full / 2 + (full / 2) * random());
}

/** A peer's breaker as stored (federation_peers). */
export interface BreakerRow {
  breakerState: BreakerState;
  failures: number;
  breakerOpenUntil: Date | null;
  breakerProbeUntil: Date | null;
}

/** Whether an attempt may go to the peer now: yes (as the half-open probe or not), or not before `until`. */
export type Admission = { go: true; probe: boolean } | { go: false; until: Date };

/**
 * The breaker's decision for one attempt. Closed: go. Open: wait until `breakerOpenUntil`, then the first
 * attempt becomes the half-open probe (PeerBreaker claims it in one UPDATE); half-open: the others wait for
 * the probe's claim to end.
 */
export function admit(row: BreakerRow, now: Date): Admission {
  if (row.breakerState === 'closed') {
    return { go: true, probe: false };
  }
  if (row.breakerState === 'open' && row.breakerOpenUntil && row.breakerOpenUntil > now) {
    return { go: false, until: row.breakerOpenUntil };
  }
  if (row.breakerState === 'half-open' && row.breakerProbeUntil && row.breakerProbeUntil > now) {
    return { go: false, until: row.breakerProbeUntil };
  }
  return { go: true, probe: true };
}

/**
 * The breaker after a failed attempt: `failures` consecutive failures (this one included) open it; a failed
 * probe opens it again. It stays open for the retry delay of that many failures.
 */
export function afterFailure(
  row: BreakerRow,
  now: Date,
  cfg: Pick<DeliveryConfig, 'retryBaseMs' | 'retryMaxMs' | 'breakerFailures'>,
  random: () => number = Math.random,
): BreakerRow & { opened: boolean; delayMs: number } {
  const failures = row.failures + 1;
  const delayMs = retryDelayMs(failures, cfg, random);
  const open = row.breakerState !== 'closed' || failures >= cfg.breakerFailures;
  return {
    breakerState: open ? 'open' : 'closed',
    failures,
    breakerOpenUntil: open ? new Date(now.getTime() + delayMs) : null,
    breakerProbeUntil: null,
    opened: open && row.breakerState === 'closed',
    delayMs,
  };
}
