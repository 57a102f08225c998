import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { federationConfig, type FederationConfig } from '@/config/federation.config';
import { AlertsService } from '../alerts/alerts.service';
import type { FederationPeer } from '../entities/federation-peer.entity';
import {
  AGREEMENT,
  ENVELOPE_VERSION,
  envelopeDigest,
  type SignedEnvelope,
  type SignedReceipt,
  signEnvelope,
  withoutSignature,
} from '../envelope/envelope';
import { EnvelopeWriter } from '../envelope/envelope-writer.service';
import { NodeIdentityService } from '../node-identity.service';
import { PeerKeysService } from '../peer-keys.service';
import { PeersRepository } from '../peers.repository';
import { postEnvelope } from './peer-post';

/** Heartbeats belong to no request: their `case` is the nil UUID, their streamSeq 0 (not in the stream). */
export const HEARTBEAT_CASE = { id: '00000000-0000-0000-0000-000000000000', channel: 'heartbeat' };
export const ALERT_STREAM_GAP = 'STREAM_GAP';

/** One node's view of its two streams with a peer, as a heartbeat carries it. */
export interface StreamView {
  /** Toward the peer: the highest streamSeq written, and the envelopes delivered (with a DELIVERY receipt). */
  lastSent: number;
  lastDelivered: number;
  deliveredCount: number;
  /** From the peer: the highest streamSeq stored, and how many envelopes are stored. */
  lastReceived: number;
  receivedCount: number;
}

const numberOf = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

/**
 * Heartbeats (FEDERATION.md "Delivery and consistency"): every FEDERATION_HEARTBEAT_S each pinned peer gets a
 * signed `heartbeat` envelope with this node's view of both streams. The receiver compares it with its own
 * counts: envelopes the sender holds DELIVERY receipts for but the receiver does not hold (or the reverse)
 * are a silent gap, raised as a STREAM_GAP alert. Heartbeats are not stored as envelopes and take no
 * stream position; losing one loses nothing (the next one says the same).
 */
@Injectable()
export class Heartbeats {
  private readonly logger = new Logger('FederationHeartbeats');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
    private readonly identity: NodeIdentityService,
    private readonly peerKeys: PeerKeysService,
    private readonly peers: PeersRepository,
    private readonly writer: EnvelopeWriter,
    private readonly alerts: AlertsService,
  ) {}

  /** This node's view of its streams with `peer`. */
  async view(peer: string): Promise<StreamView> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT coalesce(max(stream_seq) FILTER (WHERE direction = 'out'), 0) AS last_sent,
              coalesce(max(stream_seq) FILTER (WHERE direction = 'out' AND status = 'delivered'), 0) AS last_delivered,
              count(*) FILTER (WHERE direction = 'out' AND status = 'delivered') AS delivered_count,
              coalesce(max(stream_seq) FILTER (WHERE direction = 'in'), 0) AS last_received,
              count(*) FILTER (WHERE direction = 'in') AS received_count
         FROM federation_envelopes WHERE peer_origin = $1`,
      [peer],
    );
    const r = rows[0] ?? {};
    return {
      lastSent: Number(r.last_sent ?? 0),
      lastDelivered: Number(r.last_delivered ?? 0),
      deliveredCount: Number(r.delivered_count ?? 0),
      lastReceived: Number(r.last_received ?? 0),
      receivedCount: Number(r.received_count ?? 0),
    };
  }

  /** Sends the heartbeats now due (one process per peer and period: claimed in one UPDATE); how many. */
  async tick(now = new Date()): Promise<number> {
    const due: { id: string }[] = await this.dataSource.query(
      // In a CTE so that the query answers rows (TypeORM answers [rows, count] for a bare UPDATE).
      `WITH claimed AS (UPDATE federation_peers SET heartbeat_sent_at = $1
        WHERE status = 'PINNED' AND breaker_state <> 'open'
          AND (heartbeat_sent_at IS NULL OR heartbeat_sent_at <= $1::timestamptz - $2 * interval '1 second')
        RETURNING id) SELECT id FROM claimed`,
      [now, this.config.delivery.heartbeatS],
    );
    let sent = 0;
    for (const peer of await this.peers.list()) {
      if (due.some((d) => d.id === peer.id) && (await this.sendTo(peer, now))) {
        sent += 1;
      }
    }
    return sent;
  }

  private async sendTo(peer: FederationPeer, now: Date): Promise<boolean> {
    const { current, state } = await this.identity.identity();
    const envelope = await signEnvelope(
      {
        v: ENVELOPE_VERSION,
        id: randomUUID(),
        type: 'heartbeat',
        from: { node: this.identity.origin, authority: null },
        to: { node: peer.origin, authority: null },
        case: HEARTBEAT_CASE,
        caseSeq: 0,
        prev: null,
        streamSeq: 0,
        actor: { role: null, ref: null },
        createdAt: now.toISOString(),
        body: { ...(await this.view(peer.origin)) },
        attachments: [],
        agreement: AGREEMENT,
      },
      current,
      state.currentKey.kid,
    );
    try {
      const answer = await postEnvelope(this.identity, peer, envelope, (p, kid) =>
        this.peerKeys.keysFor(p, kid),
      );
      return answer.verified && answer.status === 202;
    } catch (err) {
      this.logger.warn(`heartbeat to ${peer.origin}: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  /**
   * A heartbeat from a pinned peer (its signature checked by the inbox): kept on the peer, compared with
   * this node's counts (a gap raises one STREAM_GAP alert while it is open), answered with a signed DELIVERY
   * receipt. Nothing else is stored.
   */
  async receive(
    from: FederationPeer,
    envelope: SignedEnvelope,
  ): Promise<{ status: 202; body: { receipt: SignedReceipt } }> {
    const b = envelope.body;
    const theirs: StreamView = {
      lastSent: numberOf(b.lastSent),
      lastDelivered: numberOf(b.lastDelivered),
      deliveredCount: numberOf(b.deliveredCount),
      lastReceived: numberOf(b.lastReceived),
      receivedCount: numberOf(b.receivedCount),
    };
    const receivedAt = new Date();
    await this.dataSource.query(
      'UPDATE federation_peers SET heartbeat_received_at = $2, last_heartbeat = $3 WHERE id = $1',
      [from.id, receivedAt, JSON.stringify({ ...theirs, createdAt: envelope.createdAt })],
    );
    for (const gap of await this.gaps(from.origin, theirs)) {
      if (!(await this.alerts.hasOpen(ALERT_STREAM_GAP, from.origin, null))) {
        await this.alerts.raise(null, {
          kind: ALERT_STREAM_GAP,
          peerOrigin: from.origin,
          requestId: null,
          envelopeRowId: null,
          message: gap,
        });
      }
    }
    const receipt = await this.writer.receipt(
      {
        kind: 'DELIVERY',
        envelopeId: envelope.id,
        digest: envelopeDigest(withoutSignature(envelope)),
        result: 'heartbeat',
        code: null,
        reason: null,
      },
      receivedAt,
    );
    return { status: 202, body: { receipt } };
  }

  /**
   * What the peer's view and this node's own counts disagree on (each a sentence), or nothing. Exact in this
   * direction: the inbox stores an envelope before it answers DELIVERY, so every envelope the sender holds a
   * receipt for is stored here unless it was lost (a database restored from an older backup). The other
   * direction is the peer's check of this node's heartbeats.
   */
  async gaps(peer: string, theirs: StreamView): Promise<string[]> {
    const gaps: string[] = [];
    const held: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM federation_envelopes WHERE direction = 'in' AND peer_origin = $1 AND stream_seq <= $2`,
      [peer, theirs.lastDelivered],
    );
    const mine = Number(held[0]?.n ?? 0);
    if (mine < theirs.deliveredCount) {
      gaps.push(
        `${peer} holds DELIVERY receipts for ${theirs.deliveredCount} envelope(s) up to streamSeq ${theirs.lastDelivered}, this node stores ${mine} of them`,
      );
    }
    return gaps;
  }
}
