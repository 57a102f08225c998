import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import {
  type AuditEvent,
  type CooperationRequest,
  JobHandlers,
  type OutboxDraft,
  type ScheduledJob,
  WorkflowService,
} from '@/workflows';
import { peerFetch } from '../dial';
import { NodeIdentityService } from '../node-identity.service';
import { PeersRepository } from '../peers.repository';
import { ENVELOPE_MEDIA_TYPE, type SignedReceipt, verifyReceipt } from './envelope';
import { EnvelopeWriter, peerKeys, receiptRowOf } from './envelope-writer.service';
import { EnvelopesRepository } from './envelopes.repository';
import { FederationJob } from './federation.constants';
import { contentDigest, signMessage } from './http-signature';
import { wireEvent, wireEventOfRow } from './wire-event';

const SEND_TIMEOUT_MS = 10000;

/**
 * Envelopes out (docs/federation.md "Envelopes and receipts"). A change of a request with a party on a peer
 * writes, in its transaction (a change hook), one signed envelope per destination peer and its outbox row;
 * the `federation` queue POSTs it to the peer's inbox with an RFC 9421 signature and keeps the peer's signed
 * DELIVERY receipt. Without NODE_ORIGIN none of it runs.
 */
@Injectable()
export class FederationOutgoing implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: NodeIdentityService,
    private readonly workflows: WorkflowService,
    private readonly jobHandlers: JobHandlers,
    private readonly authorities: AuthoritiesService,
    private readonly peers: PeersRepository,
    private readonly envelopes: EnvelopesRepository,
    private readonly writer: EnvelopeWriter,
  ) {}

  onModuleInit(): void {
    this.jobHandlers.register(FederationJob.Send, { run: (job) => this.send(job) });
    if (!this.identity.enabled) {
      return;
    }
    this.workflows.setRemotePartyCheck(async (request) => {
      const parties = await this.authorities.findByIds([
        request.requestingAuthorityId,
        request.requestedAuthorityId,
      ]);
      return parties.some((a) => a.nodeOrigin !== null);
    });
    this.workflows.addChangeHook({
      idleWhen: `NOT EXISTS (SELECT 1 FROM authorities a WHERE a.node_origin IS NOT NULL
                   AND a.id IN (r.requesting_authority_id, r.requested_authority_id))`,
      run: (manager, request, event, context) =>
        context.remote ? Promise.resolve([]) : this.offer(manager, request, event),
    });
  }

  /**
   * In the change's transaction: the envelope of this event to the peer hosting the other party. The first
   * one of a request (its submission) carries the request and its whole history; nothing is sent while it
   * is a draft.
   */
  private async offer(
    manager: EntityManager,
    request: CooperationRequest,
    event: AuditEvent,
  ): Promise<OutboxDraft[]> {
    if (!request.submittedAt) {
      return [];
    }
    const parties = await this.authorities.findByIds([
      request.requestingAuthorityId,
      request.requestedAuthorityId,
    ]);
    const remote = parties.find((a) => a.nodeOrigin !== null);
    const local = parties.find((a) => a.nodeOrigin === null);
    if (!remote?.nodeOrigin) {
      return [];
    }
    const peer = remote.nodeOrigin;
    const body: Record<string, unknown> = { event: wireEvent(event) };
    // The requesting node's first envelope (the submission) carries the request and its history so far.
    const first =
      local?.id === request.requestingAuthorityId &&
      !(await this.envelopes.hasSent(manager, request.id, peer));
    if (first) {
      const history: Record<string, unknown>[] = await manager.query(
        'SELECT * FROM audit_events WHERE request_id = $1 AND seq < $2 ORDER BY seq',
        [request.id, event.seq],
      );
      body.request = { ...request, followsUpRequestId: null };
      body.history = history.map(wireEventOfRow);
    }
    const { rowId } = await this.writer.write(manager, peer, {
      type: `${request.channel}.${event.action}`,
      from: { node: this.identity.origin, authority: local?.id ?? null },
      to: { node: peer, authority: remote.id },
      case: { id: request.id, channel: request.channel },
      caseSeq: event.seq,
      prev: event.prevHash,
      actor: { role: null, ref: event.actorUserId },
      body,
    });
    return [this.writer.sendDraft(rowId, request.urgency)];
  }

  /** One attempt to POST an envelope to its peer's inbox; throws (BullMQ retries with backoff) on failure. */
  private async send(job: Job<ScheduledJob>): Promise<string> {
    const entry = await this.workflows.findOutbox(job.data.outboxId);
    if (!entry || entry.processedAt) {
      return 'already-done';
    }
    const row = await this.envelopes.find(String(entry.payload.envelopeRowId));
    if (!row || row.status !== 'pending') {
      await this.workflows.settleOutbox(entry.id, 'skipped', new Date());
      return 'skipped';
    }
    const peer = await this.peers.findByOrigin(row.peerOrigin);
    if (!peer || peer.status !== 'PINNED') {
      throw new Error(`peer ${row.peerOrigin} is not pinned: the envelope waits`);
    }
    const { current, state } = await this.identity.identity();
    const text = JSON.stringify(row.envelope);
    const url = peer.document.endpoints.inbox;
    const digest = contentDigest(text);
    const signed = signMessage(
      { method: 'POST', targetUri: url, contentType: ENVELOPE_MEDIA_TYPE, contentDigest: digest },
      current,
      state.currentKey.kid,
    );
    const res = await peerFetch(url, {
      method: 'POST',
      body: text,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      headers: { 'content-type': ENVELOPE_MEDIA_TYPE, 'content-digest': digest, ...signed },
    });
    const answer = (await res.json().catch(() => null)) as {
      receipt?: SignedReceipt;
      details?: { receipt?: SignedReceipt };
    } | null;
    const receipt = answer?.receipt ?? answer?.details?.receipt;
    const verified = receipt ? await verifyReceipt(receipt, peerKeys(peer)) : false;
    if ((res.status === 200 || res.status === 202) && receipt && verified && receipt.digest === row.digest) {
      await this.dataSource.transaction(async (m) => {
        await this.envelopes.addReceipt(row.id, receiptRowOf(receipt), m);
        await this.envelopes.setStatus(row.id, 'delivered', null, m);
      });
      await this.workflows.settleOutbox(entry.id, 'delivered', new Date());
      return 'delivered';
    }
    if (receipt && verified && res.status === 409) {
      // The peer holds another envelope under this id: resending cannot help; kept, shown, not retried.
      await this.envelopes.addReceipt(row.id, receiptRowOf(receipt));
      await this.envelopes.setStatus(row.id, 'rejected', receipt.reason);
      await this.workflows.settleOutbox(entry.id, 'failed', new Date());
      return 'rejected';
    }
    throw new Error(
      `inbox of ${row.peerOrigin} answered ${res.status}${receipt ? ` ${receipt.code}: ${receipt.reason}` : ''}`,
    );
  }
}
