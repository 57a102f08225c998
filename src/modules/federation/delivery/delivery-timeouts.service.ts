import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { federationConfig, type FederationConfig } from '@/config/federation.config';
import { AlertsService } from '../alerts/alerts.service';
import { EnvelopeWriter, receiptRowOf } from '../envelope/envelope-writer.service';
import { EnvelopesRepository } from '../envelope/envelopes.repository';

interface Overdue {
  id: string;
  envelope_id: string;
  digest: string;
  request_id: string;
  peer_origin: string;
  type: string;
  period_s: number;
}

/**
 * TIMEOUT receipts (FEDERATION.md "Receipts"): an envelope sent and still without a DELIVERY receipt once
 * the agreement's period has passed since it was written (FEDERATION_DELIVERY_PERIOD_URGENT_S for urgent
 * and emergency requests, _ROUTINE_S otherwise) gets a TIMEOUT receipt signed by this node, kept with its
 * other receipts, and an alert. A sweep query over Postgres finds them (no timer to lose); delivery goes on,
 * and a late DELIVERY is recorded with the time the peer gives.
 */
@Injectable()
export class DeliveryTimeouts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
    private readonly writer: EnvelopeWriter,
    private readonly envelopes: EnvelopesRepository,
    private readonly alerts: AlertsService,
  ) {}

  /** Records the TIMEOUT receipts now due; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const { periodUrgentS, periodRoutineS } = this.config.delivery;
    const overdue: Overdue[] = await this.dataSource.query(
      `SELECT e.id, e.envelope_id, e.digest, e.request_id, e.peer_origin, e.type, p.period_s
         FROM federation_envelopes e
         LEFT JOIN cooperation_requests r ON r.id = e.request_id
         CROSS JOIN LATERAL (SELECT CASE WHEN r.urgency IN ('urgent', 'emergency') THEN $1::int ELSE $2::int END
                               AS period_s) p
        WHERE e.direction = 'out' AND e.status = 'pending'
          AND e.created_at <= $3::timestamptz - p.period_s * interval '1 second'
          AND NOT EXISTS (SELECT 1 FROM federation_receipts x WHERE x.envelope_row_id = e.id
                             AND x.kind IN ('DELIVERY', 'TIMEOUT'))
        ORDER BY e.created_at LIMIT 500`,
      [periodUrgentS, periodRoutineS, now],
    );
    let recorded = 0;
    for (const e of overdue) {
      if (await this.record(e, now)) {
        recorded += 1;
      }
    }
    return recorded;
  }

  private async record(e: Overdue, now: Date): Promise<boolean> {
    const reason = `no DELIVERY receipt within ${e.period_s} s of sending; delivery is still being retried`;
    const receipt = await this.writer.receipt(
      {
        kind: 'TIMEOUT',
        envelopeId: e.envelope_id,
        digest: e.digest.trim(),
        result: 'timeout',
        code: null,
        reason,
      },
      now,
    );
    return this.dataSource.transaction(async (m) => {
      // One TIMEOUT per envelope, even with several processes sweeping at once.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`federation-timeout:${e.id}`]);
      const done: unknown[] = await m.query(
        `SELECT 1 FROM federation_receipts WHERE envelope_row_id = $1 AND kind IN ('DELIVERY', 'TIMEOUT')`,
        [e.id],
      );
      if (done.length > 0) {
        return false;
      }
      await this.envelopes.addReceipt(e.id, receiptRowOf(receipt), m);
      await this.alerts.raise(m, {
        kind: 'DELIVERY_TIMEOUT',
        peerOrigin: e.peer_origin,
        requestId: e.request_id,
        envelopeRowId: e.id,
        message: `envelope ${e.envelope_id} (${e.type}): ${reason}`,
      });
      return true;
    });
  }
}
