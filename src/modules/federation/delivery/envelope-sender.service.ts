import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { federationConfig, type FederationConfig } from '@/config/federation.config';
import { WorkflowService } from '@/workflows';
import { AlertsService } from '../alerts/alerts.service';
import { receiptRowOf } from '../envelope/envelope-writer.service';
import { type EnvelopeRow, EnvelopesRepository } from '../envelope/envelopes.repository';
import { NodeIdentityService } from '../node-identity.service';
import { PeerKeysService } from '../peer-keys.service';
import { PeersRepository } from '../peers.repository';
import { retryDelayMs } from './backoff';
import { DeliveryOutbox } from './delivery-outbox';
import { PeerBreaker } from './peer-breaker';
import { postEnvelope } from './peer-post';

export const ALERT_DELIVERY_EXHAUSTED = 'DELIVERY_EXHAUSTED';
export const ALERT_BREAKER_OPEN = 'BREAKER_OPEN';
/** Longest wait of an envelope to a peer that is not pinned (suspended, or not confirmed again yet). */
const WAITING_PEER_MAX_MS = 60000;

/**
 * One attempt to deliver an envelope (the `federation-send` job). It never throws for a peer's failure:
 * the attempt is counted on the peer's breaker and on the outbox row, which is moved to the next attempt's
 * time (backoff per peer, jittered, capped); while the peer's breaker is open the row just waits for it.
 * The row is processed only when the envelope is delivered or definitively refused (409), so Postgres
 * holds every envelope still owed. After FEDERATION_RETRY_ATTEMPTS attempts an alert is raised and the
 * retries go on at the cap; an admin can resend at once.
 */
@Injectable()
export class EnvelopeSender {
  private readonly logger = new Logger('FederationDelivery');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
    private readonly identity: NodeIdentityService,
    private readonly peerKeys: PeerKeysService,
    private readonly workflows: WorkflowService,
    private readonly peers: PeersRepository,
    private readonly envelopes: EnvelopesRepository,
    private readonly breaker: PeerBreaker,
    private readonly outbox: DeliveryOutbox,
    private readonly alerts: AlertsService,
  ) {}

  async send(outboxId: string): Promise<string> {
    const entry = await this.workflows.findOutbox(outboxId);
    if (!entry || entry.processedAt) {
      return 'already-done';
    }
    const row = await this.envelopes.find(String(entry.payload.envelopeRowId));
    if (!row || row.status !== 'pending') {
      await this.workflows.settleOutbox(entry.id, 'skipped', new Date());
      return 'skipped';
    }
    const attempts = entry.attempts + 1;
    const peer = await this.peers.findByOrigin(row.peerOrigin);
    if (!peer || peer.status !== 'PINNED') {
      // Not a failure of the peer, nor an attempt: the envelope waits, looked at again at least every minute
      // (a suspended peer may be resumed at any time).
      const wait = Math.min(retryDelayMs(attempts, this.config.delivery), WAITING_PEER_MAX_MS);
      const at = new Date(Date.now() + wait);
      await this.outbox.reschedule(entry.id, at, null, `peer ${row.peerOrigin} is not pinned`);
      return 'waiting-for-peer';
    }
    const admission = await this.breaker.admit(peer.origin);
    if (!admission.go) {
      // Jittered a little so that the envelopes held by the breaker do not all hit the peer at once.
      const at = new Date(admission.until.getTime() + Math.round(Math.random() * 1000));
      await this.outbox.reschedule(entry.id, at, null, null);
      return 'breaker-open';
    }
    let failure: string;
    try {
      const answer = await postEnvelope(this.identity, peer, row.envelope, (p, kid) =>
        this.peerKeys.keysFor(p, kid),
      );
      const { receipt, verified, status } = answer;
      if ((status === 200 || status === 202) && receipt && verified && receipt.digest === row.digest) {
        await this.dataSource.transaction(async (m) => {
          await this.envelopes.addReceipt(row.id, receiptRowOf(receipt), m);
          await this.envelopes.setStatus(row.id, 'delivered', null, m);
        });
        await this.workflows.settleOutbox(entry.id, 'delivered', new Date());
        await this.succeeded(peer.origin);
        return 'delivered';
      }
      if (receipt && verified && status === 409) {
        // The peer holds another envelope under this id: resending cannot help; kept, shown, not retried.
        await this.envelopes.addReceipt(row.id, receiptRowOf(receipt));
        await this.envelopes.setStatus(row.id, 'rejected', receipt.reason);
        await this.workflows.settleOutbox(entry.id, 'failed', new Date());
        await this.succeeded(peer.origin);
        await this.alerts.raise(null, {
          kind: 'ENVELOPE_CONFLICT',
          peerOrigin: peer.origin,
          requestId: row.requestId,
          envelopeRowId: row.id,
          message: `the peer holds another envelope under id ${row.envelopeId}: ${receipt.reason ?? ''}`,
        });
        return 'rejected';
      }
      failure = `inbox answered ${status}${receipt ? ` ${receipt.code}: ${receipt.reason}` : ''}${
        receipt && !verified ? ' (receipt does not verify)' : ''
      }`;
    } catch (err) {
      failure = `no answer: ${err instanceof Error ? err.message : String(err)}`;
    }
    await this.failed(entry.id, attempts, row, failure);
    return 'retry-scheduled';
  }

  private async succeeded(origin: string): Promise<void> {
    const wasUnhealthy = await this.breaker.success(origin);
    if (wasUnhealthy) {
      // The peer is back: what waited for it goes now (the relay's poll picks the rows up).
      const woken = await this.outbox.wake(origin, null, new Date(), false);
      if (woken.length > 0) {
        this.logger.log(`${origin} answers again: ${woken.length} waiting envelope(s) sent now`);
      }
      await this.peers.refreshQueueDepth(origin);
    }
  }

  private async failed(outboxId: string, attempts: number, row: EnvelopeRow, failure: string): Promise<void> {
    const outcome = await this.breaker.failure(row.peerOrigin, failure);
    const cap = new Date(Date.now() + this.config.delivery.retryMaxMs);
    const at = outcome.nextAt > cap ? cap : outcome.nextAt;
    await this.outbox.reschedule(outboxId, at, attempts, failure);
    await this.peers.refreshQueueDepth(row.peerOrigin);
    this.logger.warn(
      `envelope ${row.envelopeId} to ${row.peerOrigin}, attempt ${attempts}: ${failure}; next at ${at.toISOString()} (breaker ${outcome.breakerState})`,
    );
    if (outcome.opened) {
      await this.alerts.raise(null, {
        kind: ALERT_BREAKER_OPEN,
        peerOrigin: row.peerOrigin,
        requestId: null,
        envelopeRowId: null,
        message: `${outcome.failures} consecutive failures: no attempt before ${at.toISOString()}, then one probe (last: ${failure})`,
      });
    }
    if (attempts === this.config.delivery.retryAttempts) {
      // Once per envelope until an admin resends it (which counts its attempts afresh).
      await this.alerts.raise(null, {
        kind: ALERT_DELIVERY_EXHAUSTED,
        peerOrigin: row.peerOrigin,
        requestId: row.requestId,
        envelopeRowId: row.id,
        message: `envelope ${row.envelopeId} (${row.type}) not delivered after ${attempts} attempts; it stays pending, retried every ${Math.round(this.config.delivery.retryMaxMs / 1000)} s at most; resend: POST /v1/federation/envelopes/${row.id}/resend (last: ${failure})`,
      });
    }
  }
}
