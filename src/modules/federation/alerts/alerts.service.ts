import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '@/common/errors/domain-error';
import { NodeIdentityService } from '../node-identity.service';

/** What an alert is about, as raised (kinds are free text so that each part of the delivery names its own). */
export interface AlertDraft {
  kind: string;
  peerOrigin: string | null;
  requestId: string | null;
  envelopeRowId: string | null;
  message: string;
}

export interface Alert extends AlertDraft {
  id: string;
  raisedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

function toAlert(r: Record<string, unknown>): Alert {
  return {
    id: r.id as string,
    kind: r.kind as string,
    peerOrigin: (r.peer_origin as string | null) ?? null,
    requestId: (r.request_id as string | null) ?? null,
    envelopeRowId: (r.envelope_row_id as string | null) ?? null,
    message: r.message as string,
    raisedAt: new Date(r.raised_at as string),
    resolvedAt: r.resolved_at ? new Date(r.resolved_at as string) : null,
    resolvedBy: (r.resolved_by as string | null) ?? null,
  };
}

export class AlertAlreadyResolvedError extends DomainError {
  constructor(id: string, resolvedAt: Date) {
    super('ALERT_ALREADY_RESOLVED', 'conflict', 'This alert is already resolved', {
      id,
      resolvedAt: resolvedAt.toISOString(),
    });
  }
}

/**
 * Federation alerts (federation_alerts): what an admin must look at because delivery could not fix it by
 * itself (retries exhausted, a silent gap in a peer's stream, ...). Raising one also logs an error line;
 * an admin resolves it (who and when are kept). Plain SQL so that it can be raised inside any transaction.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('FederationAlerts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: NodeIdentityService,
  ) {}

  /** Records an alert, in the caller's transaction when given one, and logs it. */
  async raise(manager: EntityManager | null, a: AlertDraft): Promise<void> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO federation_alerts (kind, peer_origin, request_id, envelope_row_id, message)
       VALUES ($1, $2, $3, $4, $5)`,
      [a.kind, a.peerOrigin, a.requestId, a.envelopeRowId, a.message],
    );
    this.logger.error(
      `${a.kind}${a.peerOrigin ? ` (${a.peerOrigin})` : ''}${a.requestId ? ` request ${a.requestId}` : ''}: ${a.message}`,
    );
  }

  /** Newest first; `open`: only unresolved (true) or only resolved (false) ones. */
  async list(open?: boolean): Promise<Alert[]> {
    void this.identity.origin;
    const where =
      open === undefined ? '' : open ? 'WHERE resolved_at IS NULL' : 'WHERE resolved_at IS NOT NULL';
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM federation_alerts ${where} ORDER BY raised_at DESC, id LIMIT 1000`,
    );
    return rows.map(toAlert);
  }

  /** Marks an alert resolved by an admin; 404 when there is none, 409 when it already is. */
  async resolve(id: string, adminUserId: string): Promise<Alert> {
    void this.identity.origin;
    return this.dataSource.transaction(async (m) => {
      const rows: Record<string, unknown>[] = await m.query(
        'SELECT * FROM federation_alerts WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!rows[0]) {
        throw new NotFoundError('Alert');
      }
      const alert = toAlert(rows[0]);
      if (alert.resolvedAt) {
        throw new AlertAlreadyResolvedError(id, alert.resolvedAt);
      }
      const updated: Record<string, unknown>[] = await m.query(
        // A CTE so that the query answers rows (TypeORM answers [rows, count] for a bare UPDATE).
        'WITH u AS (UPDATE federation_alerts SET resolved_at = now(), resolved_by = $2 WHERE id = $1 RETURNING *) SELECT * FROM u',
        [id, adminUserId],
      );
      return toAlert(updated[0]);
    });
  }

  /** Whether an open alert of this kind about this envelope (or peer) exists: not raised twice. */
  async hasOpen(kind: string, peerOrigin: string | null, envelopeRowId: string | null): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM federation_alerts WHERE resolved_at IS NULL AND kind = $1
         AND peer_origin IS NOT DISTINCT FROM $2 AND envelope_row_id IS NOT DISTINCT FROM $3 LIMIT 1`,
      [kind, peerOrigin, envelopeRowId],
    );
    return rows.length > 0;
  }
}
