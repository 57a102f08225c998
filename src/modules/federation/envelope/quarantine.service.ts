import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError, NotFoundError } from '@/common/errors/domain-error';
import { WorkflowService } from '@/workflows';
import { AlertsService } from '../alerts/alerts.service';
import { NodeIdentityService } from '../node-identity.service';

/** A divergence of the two nodes' histories of a request at `seq` (docs/federation.md "Consistency"). */
export interface Divergence {
  requestId: string;
  peerOrigin: string;
  seq: number;
  ourHash: string | null;
  theirHash: string | null;
  envelopeRowId: string | null;
  envelope: unknown;
  reason: string;
  /** `detected` here, or `peer`: the peer's DIVERGED receipt told us. */
  source: 'detected' | 'peer';
}

export interface QuarantineRow {
  id: string;
  requestId: string;
  peerOrigin: string;
  seq: number;
  ourHash: string | null;
  theirHash: string | null;
  source: string;
  reason: string;
  since: Date;
  lifted: { at: Date; by: string; reason: string } | null;
}

/** Any user action on a quarantined request: 409, nothing written. */
export class QuarantinedError extends DomainError {
  constructor(q: QuarantineRow) {
    super(
      'QUARANTINED',
      'conflict',
      `This request is quarantined since ${q.since.toISOString()}: its history here and on ${q.peerOrigin} ` +
        `differ at event ${q.seq} (${q.reason}); nothing is changed until the operators have resolved it`,
      {
        since: q.since.toISOString(),
        peer: q.peerOrigin,
        seq: q.seq,
        ourHash: q.ourHash,
        theirHash: q.theirHash,
      },
    );
  }
}

/**
 * Quarantine of a request whose history diverged from the peer's in a way gap filling cannot explain:
 * recorded once (federation_quarantine, with both hashes and the envelope), an alert raised in the same
 * transaction; from then on users' actions are refused (QUARANTINED) and the peer's events are not applied.
 * Nothing is overwritten: an operator compares the two histories.
 */
@Injectable()
export class FederationQuarantine implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: NodeIdentityService,
    private readonly workflows: WorkflowService,
    private readonly alerts: AlertsService,
  ) {}

  onModuleInit(): void {
    if (!this.identity.enabled) {
      return;
    }
    // A payload check runs after the 404/403/400 checks and before If-Match and the status (as REMOTE_DELIVERY).
    this.workflows.addPayloadCheck(async (request) => {
      const q = await this.find(request.id);
      if (q) {
        throw new QuarantinedError(q);
      }
      return [];
    });
  }

  /** Quarantines the request (once; later divergences only add nothing) and raises the alert. */
  async quarantine(d: Divergence): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const rows: unknown[] = await m.query(
        `INSERT INTO federation_quarantine (request_id, peer_origin, seq, our_hash, their_hash, envelope_row_id,
                envelope, source, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (request_id) WHERE lifted_at IS NULL DO NOTHING RETURNING request_id`,
        [
          d.requestId,
          d.peerOrigin,
          d.seq,
          d.ourHash,
          d.theirHash,
          d.envelopeRowId,
          d.envelope === null || d.envelope === undefined ? null : JSON.stringify(d.envelope),
          d.source,
          d.reason,
        ],
      );
      if (rows.length === 0) {
        return false;
      }
      await this.alerts.raise(m, {
        kind: 'QUARANTINED',
        peerOrigin: d.peerOrigin,
        requestId: d.requestId,
        envelopeRowId: d.envelopeRowId,
        message:
          `${d.source === 'peer' ? `${d.peerOrigin} reports that` : 'this node found that'} the histories of the ` +
          `request differ at event ${d.seq} (ours ${d.ourHash ?? 'none'}, theirs ${d.theirHash ?? 'none'}): ` +
          `${d.reason}. The request is quarantined; nothing was overwritten.`,
      });
      return true;
    });
  }

  async find(requestId: string): Promise<QuarantineRow | null> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      'SELECT * FROM federation_quarantine WHERE request_id = $1 AND lifted_at IS NULL',
      [requestId],
    );
    return rows[0] ? quarantineRowOf(rows[0]) : null;
  }

  /** Every quarantine, open ones first, newest first (at most 1000). */
  async list(open?: boolean): Promise<QuarantineRow[]> {
    void this.identity.origin; // 404 off a node
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM federation_quarantine
        WHERE $1::boolean IS NULL OR (lifted_at IS NULL) = $1::boolean
        ORDER BY lifted_at IS NULL DESC, created_at DESC, id DESC LIMIT 1000`,
      [open ?? null],
    );
    return rows.map(quarantineRowOf);
  }

  /**
   * Lifts the open quarantine of a request, once the operators of both nodes have compared the histories
   * (e.g. one restored from a backup): users' actions and the peer's events are taken again, and a
   * divergence that is still there quarantines it anew. Who, when and why are kept; nothing else changes.
   */
  async lift(requestId: string, adminUserId: string, reason: string): Promise<QuarantineRow> {
    void this.identity.origin; // 404 off a node
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      // A CTE so that the query answers rows (TypeORM answers [rows, count] for a bare UPDATE).
      `WITH u AS (UPDATE federation_quarantine SET lifted_at = now(), lifted_by = $2, lift_reason = $3
        WHERE request_id = $1 AND lifted_at IS NULL RETURNING *) SELECT * FROM u`,
      [requestId, adminUserId, reason],
    );
    if (!rows[0]) {
      throw new NotFoundError('Quarantine');
    }
    return quarantineRowOf(rows[0]);
  }
}

function quarantineRowOf(r: Record<string, unknown>): QuarantineRow {
  return {
    id: String(r.id),
    requestId: r.request_id as string,
    peerOrigin: r.peer_origin as string,
    seq: r.seq as number,
    ourHash: (r.our_hash as string | null) ?? null,
    theirHash: (r.their_hash as string | null) ?? null,
    source: r.source as string,
    reason: r.reason as string,
    since: new Date(r.created_at as string),
    lifted: r.lifted_at
      ? { at: new Date(r.lifted_at as string), by: r.lifted_by as string, reason: r.lift_reason as string }
      : null,
  };
}
