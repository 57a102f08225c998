import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@/common/auth/principal';
import { DomainError, NotFoundError } from '@/common/errors/domain-error';
import { WorkflowService } from '@/workflows';
import { EnvelopeWriter } from '../envelope/envelope-writer.service';
import { PeerNotFoundError, PeerStatusError } from '../federation.errors';
import { NodeIdentityService } from '../node-identity.service';
import { PeersRepository } from '../peers.repository';
import { DeliveryOutbox } from './delivery-outbox';
import { PeerBreaker } from './peer-breaker';

export interface ResendScheduled {
  envelopeRowId: string;
  envelopeId: string;
  requestId: string;
  type: string;
  streamSeq: number;
}

export interface ResendAnswer {
  peer: string;
  /** When the envelopes go (now; the relay hands them to the queue within its poll period). */
  at: string;
  scheduled: ResendScheduled[];
}

export class EnvelopeNotPendingError extends DomainError {
  constructor(id: string, status: string) {
    super('ENVELOPE_NOT_PENDING', 'conflict', `This envelope is ${status}: only a pending one is resent`, {
      id,
      status,
    });
  }
}

const SCHEDULED = (r: Record<string, unknown>): ResendScheduled => ({
  envelopeRowId: r.id as string,
  envelopeId: r.envelope_id as string,
  requestId: r.request_id as string,
  type: r.type as string,
  streamSeq: Number(r.stream_seq),
});

/**
 * An admin's resend: the pending envelopes named go now, with their attempts counted afresh, and the
 * peer's breaker lets them through (as its half-open probe when it was open). An envelope that somehow has
 * no send row left gets a new one. Nothing else changes; the answer lists what was scheduled.
 */
@Injectable()
export class ResendService {
  private readonly logger = new Logger('FederationDelivery');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: NodeIdentityService,
    private readonly workflows: WorkflowService,
    private readonly peers: PeersRepository,
    private readonly writer: EnvelopeWriter,
    private readonly breaker: PeerBreaker,
    private readonly outbox: DeliveryOutbox,
  ) {}

  /** One envelope, by its row id (as in alerts) or its envelope id (as in the receipts). */
  async resendEnvelope(id: string, principal: Principal): Promise<ResendAnswer> {
    void this.identity.origin;
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM federation_envelopes WHERE direction = 'out' AND (id = $1 OR envelope_id = $1)`,
      [id],
    );
    const row = rows[0];
    if (!row) {
      throw new NotFoundError('Envelope');
    }
    if (row.status !== 'pending') {
      throw new EnvelopeNotPendingError(row.id as string, row.status as string);
    }
    return this.resend(row.peer_origin as string, [row], principal);
  }

  /** Every pending envelope to a peer. */
  async resendPeer(peerId: string, principal: Principal): Promise<ResendAnswer> {
    void this.identity.origin;
    const peer = (await this.peers.list()).find((p) => p.id === peerId);
    if (!peer) {
      throw new PeerNotFoundError();
    }
    if (peer.status !== 'PINNED') {
      throw new PeerStatusError('PEER_NOT_PINNED', 'Only a pinned peer is sent to', peer.status);
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM federation_envelopes WHERE direction = 'out' AND status = 'pending' AND peer_origin = $1
        ORDER BY stream_seq`,
      [peer.origin],
    );
    return this.resend(peer.origin, rows, principal);
  }

  private async resend(
    origin: string,
    rows: Record<string, unknown>[],
    principal: Principal,
  ): Promise<ResendAnswer> {
    const now = new Date();
    const ids = rows.map((r) => r.id as string);
    await this.breaker.allowNow(origin, now);
    await this.outbox.wake(origin, ids, now, true);
    for (const missing of await this.outbox.withoutSendRow(ids)) {
      const row = rows.find((r) => r.id === missing) as Record<string, unknown>;
      const entries = await this.workflows.schedule(
        null,
        row.request_id as string,
        `resend-${missing}-${now.getTime()}`,
        [this.writer.sendDraft(missing)],
      );
      this.workflows.publish(entries);
    }
    this.logger.log(`${principal.name} (${principal.userId}) resent ${ids.length} envelope(s) to ${origin}`);
    return { peer: origin, at: now.toISOString(), scheduled: rows.map(SCHEDULED) };
  }
}
