import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { randomUUID, type KeyObject } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { federationConfig, type FederationConfig } from '@/config/federation.config';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import {
  type Actor,
  type AuditEvent,
  type CooperationRequest,
  JobHandlers,
  type OutboxDraft,
  PRIORITY_BY_URGENCY,
  type RecordedEvent,
  type ScheduledJob,
  WorkflowService,
} from '@/workflows';
import { detachedKid } from '../detached-jws';
import type { FederationPeer } from '../entities/federation-peer.entity';
import { EnvelopeRejectedError, FederationDisabledError } from '../federation.errors';
import { keyObjectOf, type PublicJwk } from '../jwk';
import { NodeIdentityService } from '../node-identity.service';
import { PeersRepository } from '../peers.repository';
import {
  AGREEMENT,
  ENVELOPE_MEDIA_TYPE,
  ENVELOPE_VERSION,
  type EnvelopeBody,
  envelopeDigest,
  envelopeProblems,
  type ReceiptBody,
  type SignedEnvelope,
  type SignedReceipt,
  signEnvelope,
  signReceipt,
  verifyEnvelope,
  verifyReceipt,
  withoutSignature,
} from './envelope';
import { type EnvelopeRow, EnvelopesRepository } from './envelopes.repository';
import { FEDERATION_QUEUE, FederationJob, INBOX_PATH } from './federation.constants';
import { contentDigest, signMessage, verifyMessage } from './http-signature';

const SEND_TIMEOUT_MS = 10000;
const USER_ROLES = ['officer', 'approver'] as const;

/** An event as it travels: the fields its hash covers, and the hash. */
interface WireEvent {
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorType: 'user' | 'system';
  actorUserId: string | null;
  actorAuthorityId: string | null;
  payload: Record<string, unknown>;
  occurredAt: string;
  prevHash: string | null;
  hash: string;
}

function wireEvent(e: Omit<AuditEvent, 'id'>): WireEvent {
  return {
    seq: e.seq,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorType: e.actorType,
    actorUserId: e.actorUserId,
    actorAuthorityId: e.actorAuthorityId,
    payload: e.payload,
    occurredAt: new Date(e.occurredAt).toISOString(),
    prevHash: e.prevHash,
    hash: e.hash.trim(),
  };
}

function recorded(requestId: string, e: WireEvent): RecordedEvent {
  return { ...e, requestId, occurredAt: new Date(e.occurredAt) };
}

export interface InboxAnswer {
  status: 200 | 202;
  body: { receipt: SignedReceipt };
}

/** What applying an envelope concluded, for its PROCESSED receipt. */
interface Processed {
  result: 'applied' | 'not-applied';
  reason: string | null;
  /** Events this node recorded as a consequence (the delivery of a submission), for the sender to repeat. */
  events: WireEvent[];
}

/**
 * Requests across nodes (docs/federation.md "Envelopes and receipts"). A change of a request with a party
 * on a peer writes, in its transaction (a change hook), one signed envelope per destination peer and its
 * outbox row; the `federation` queue POSTs it to the peer's inbox with an RFC 9421 signature and keeps the
 * peer's signed DELIVERY receipt. The inbox verifies, stores first, answers with a DELIVERY receipt, and a
 * job applies the envelope (the copy of a submitted request, or the same transition through
 * WorkflowService.applyRemote) and answers with a PROCESSED receipt as its own envelope. Without
 * NODE_ORIGIN none of it runs.
 */
@Injectable()
export class FederationDeliveryService implements OnModuleInit {
  private readonly logger = new Logger('Federation');

  constructor(
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: NodeIdentityService,
    private readonly workflows: WorkflowService,
    private readonly jobHandlers: JobHandlers,
    private readonly authorities: AuthoritiesService,
    private readonly peers: PeersRepository,
    private readonly envelopes: EnvelopesRepository,
  ) {}

  onModuleInit(): void {
    this.jobHandlers.register(FederationJob.Send, { run: (job) => this.send(job) });
    this.jobHandlers.register(FederationJob.Apply, { run: (job) => this.applyJob(job) });
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
      body.history = history.map((h) =>
        wireEvent({
          requestId: h.request_id as string,
          seq: h.seq as number,
          action: h.action as string,
          fromStatus: h.from_status as string | null,
          toStatus: h.to_status as string,
          actorType: h.actor_type as 'user' | 'system',
          actorUserId: h.actor_user_id as string | null,
          actorAuthorityId: h.actor_authority_id as string | null,
          payload: h.payload as Record<string, unknown>,
          occurredAt: h.occurred_at as Date,
          prevHash: h.prev_hash as string | null,
          hash: h.hash as string,
        }),
      );
    }
    const row = await this.writeEnvelope(manager, peer, {
      type: `${request.channel}.${event.action}`,
      from: { node: this.identity.origin, authority: local?.id ?? null },
      to: { node: peer, authority: remote.id },
      case: { id: request.id, channel: request.channel },
      caseSeq: event.seq,
      prev: event.prevHash,
      actor: { role: null, ref: event.actorUserId },
      body,
    });
    return [this.sendDraft(row, request.urgency)];
  }

  private sendDraft(envelopeRowId: string, urgency?: string): OutboxDraft {
    return {
      queue: FEDERATION_QUEUE,
      jobName: FederationJob.Send,
      runAt: new Date(),
      priority: PRIORITY_BY_URGENCY[urgency ?? 'normal'] ?? PRIORITY_BY_URGENCY.normal,
      kind: 'envelope',
      params: { envelopeRowId },
    };
  }

  /** Signs and stores an outgoing envelope (its stream position drawn under the stream's lock). */
  private async writeEnvelope(
    manager: EntityManager,
    peer: string,
    e: Omit<EnvelopeBody, 'v' | 'id' | 'streamSeq' | 'createdAt' | 'attachments' | 'agreement'>,
  ): Promise<string> {
    const { current, state } = await this.identity.identity();
    const body: EnvelopeBody = {
      v: ENVELOPE_VERSION,
      id: randomUUID(),
      ...e,
      streamSeq: await this.envelopes.nextStreamSeq(manager, 'out', peer),
      createdAt: new Date().toISOString(),
      attachments: [],
      agreement: AGREEMENT,
    };
    const envelope = await signEnvelope(body, current, state.currentKey.kid);
    const id = await this.envelopes.insert(manager, {
      direction: 'out',
      peerOrigin: peer,
      envelopeId: body.id,
      requestId: body.case.id,
      type: body.type,
      streamSeq: body.streamSeq,
      digest: envelopeDigest(body),
      envelope,
      status: 'pending',
    });
    if (!id) {
      throw new Error(`envelope ${body.id} stored twice`);
    }
    return id;
  }

  /** The keys a peer's pinned key log names (revoked ones left out). */
  private peerKeys(peer: FederationPeer): PublicJwk[] {
    const state = peer.pinnedHead ?? peer.keyState;
    return state.keys.filter((k) => k.revokedSince === null).map((k) => k.jwk);
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
    const res = await fetch(url, {
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
    const verified = receipt ? await verifyReceipt(receipt, this.peerKeys(peer)) : false;
    if ((res.status === 200 || res.status === 202) && receipt && verified && receipt.digest === row.digest) {
      await this.dataSource.transaction(async (m) => {
        await this.envelopes.addReceipt(row.id, this.receiptRow(receipt), m);
        await this.envelopes.setStatus(row.id, 'delivered', null, m);
      });
      await this.workflows.settleOutbox(entry.id, 'delivered', new Date());
      return 'delivered';
    }
    if (receipt && verified && res.status === 409) {
      // The peer holds another envelope under this id: resending cannot help; kept, shown, not retried.
      await this.envelopes.addReceipt(row.id, this.receiptRow(receipt));
      await this.envelopes.setStatus(row.id, 'rejected', receipt.reason);
      await this.workflows.settleOutbox(entry.id, 'failed', new Date());
      return 'rejected';
    }
    throw new Error(
      `inbox of ${row.peerOrigin} answered ${res.status}${receipt ? ` ${receipt.code}: ${receipt.reason}` : ''}`,
    );
  }

  private receiptRow(r: SignedReceipt) {
    return {
      kind: r.kind,
      result: r.result,
      code: r.code,
      reason: r.reason,
      at: new Date(r.at),
      signerKid: detachedKid(r.signature),
      signature: r.signature,
      receipt: r as unknown as Record<string, unknown>,
    };
  }

  private async issueReceipt(body: Omit<ReceiptBody, 'v' | 'node' | 'at'>, at = new Date()) {
    const { current, state } = await this.identity.identity();
    return signReceipt(
      { v: 1, node: this.identity.origin, at: at.toISOString(), ...body },
      current,
      state.currentKey.kid,
    );
  }

  private async reject(
    code: string,
    kind: 'unauthenticated' | 'conflict' | 'invalid',
    reason: string,
    envelope?: { id?: unknown; digest?: string },
  ): Promise<never> {
    const receipt = await this.issueReceipt({
      kind: 'REJECTED',
      envelopeId: typeof envelope?.id === 'string' ? envelope.id : null,
      digest: envelope?.digest ?? null,
      result: 'rejected',
      code,
      reason,
    });
    throw new EnvelopeRejectedError(code, kind, reason, receipt);
  }

  /**
   * POST /federation/v1/inbox: verifies the hop's signature (a pinned peer's key), the envelope's own
   * signature and addressing, stores it once (unique on sender and id, with its digest) with the DELIVERY
   * receipt and the job that applies it, and answers that receipt (202; 200 with the original receipt for
   * a duplicate). Refusals are signed rejections and store nothing.
   */
  assertEnabled(): void {
    if (!this.identity.enabled) {
      throw new FederationDisabledError();
    }
  }

  async receive(raw: Buffer, headers: Record<string, string | string[] | undefined>): Promise<InboxAnswer> {
    this.assertEnabled();
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v.join(', ') : v;
    };
    const pinned = (await this.peers.list()).filter((p) => p.status === 'PINNED');
    let sender: FederationPeer | undefined;
    const keyOf = (kid: string): KeyObject | null => {
      for (const p of pinned) {
        const key = this.peerKeys(p).find((k) => k.kid === kid);
        if (key) {
          sender = p;
          return keyObjectOf(key);
        }
      }
      return null;
    };
    const check = verifyMessage({
      message: {
        method: 'POST',
        targetUri: `${this.identity.origin}${INBOX_PATH}`,
        contentType: header('content-type') ?? '',
        contentDigest: header('content-digest') ?? '',
      },
      body: raw,
      signatureInput: header('signature-input'),
      signature: header('signature'),
      keyOf,
      now: new Date(),
      skewS: this.config.clockSkewS,
    });
    if (!check.ok) {
      return this.reject(check.code, 'unauthenticated', check.reason);
    }
    const from = sender as FederationPeer;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.reject('ENVELOPE_INVALID', 'invalid', 'the body is not JSON');
    }
    const problems = envelopeProblems(parsed);
    if (problems.length > 0) {
      return this.reject('ENVELOPE_INVALID', 'invalid', problems.join('; '), parsed as { id?: unknown });
    }
    const envelope = parsed as SignedEnvelope;
    const digest = envelopeDigest(withoutSignature(envelope));
    if (!(await verifyEnvelope(envelope, this.peerKeys(from)))) {
      return this.reject('SIGNATURE_INVALID', 'unauthenticated', "the envelope's signature does not verify", {
        id: envelope.id,
        digest,
      });
    }
    if (envelope.from.node !== from.origin || envelope.to.node !== this.identity.origin) {
      return this.reject(
        'SIGNATURE_INVALID',
        'unauthenticated',
        `the envelope is from ${envelope.from.node} to ${envelope.to.node}, signed by ${from.origin} and received by ${this.identity.origin}`,
        { id: envelope.id, digest },
      );
    }
    if (envelope.agreement !== AGREEMENT) {
      return this.reject(
        'AGREEMENT_MISMATCH',
        'invalid',
        `agreement ${envelope.agreement} is not ${AGREEMENT}`,
        {
          id: envelope.id,
          digest,
        },
      );
    }
    const existing = await this.envelopes.findByEnvelopeId('in', from.origin, envelope.id);
    if (existing) {
      return this.duplicate(existing, digest);
    }
    const receivedAt = new Date();
    const receipt = await this.issueReceipt(
      { kind: 'DELIVERY', envelopeId: envelope.id, digest, result: 'stored', code: null, reason: null },
      receivedAt,
    );
    const stored = await this.dataSource.transaction(async (m) => {
      const id = await this.envelopes.insert(m, {
        direction: 'in',
        peerOrigin: from.origin,
        envelopeId: envelope.id,
        requestId: envelope.case.id,
        type: envelope.type,
        streamSeq: envelope.streamSeq,
        digest,
        envelope,
        status: 'stored',
      });
      if (!id) {
        return null;
      }
      await this.envelopes.addReceipt(id, this.receiptRow(receipt), m);
      const entries = await this.workflows.schedule(m, envelope.case.id, `in-${id}`, [
        {
          queue: FEDERATION_QUEUE,
          jobName: FederationJob.Apply,
          runAt: receivedAt,
          priority: PRIORITY_BY_URGENCY.normal,
          kind: 'envelope',
          params: { envelopeRowId: id },
        },
      ]);
      return entries;
    });
    if (!stored) {
      // Stored by a concurrent POST of the same envelope meanwhile.
      const again = await this.envelopes.findByEnvelopeId('in', from.origin, envelope.id);
      return this.duplicate(again as EnvelopeRow, digest);
    }
    this.workflows.publish(stored);
    return { status: 202, body: { receipt } };
  }

  private async duplicate(existing: EnvelopeRow, digest: string): Promise<InboxAnswer> {
    if (existing.digest !== digest) {
      return this.reject(
        'CONFLICT',
        'conflict',
        `envelope ${existing.envelopeId} was received before with digest ${existing.digest}`,
        { id: existing.envelopeId, digest },
      );
    }
    const original = (await this.envelopes.receiptsOf(existing.id)).find((r) => r.kind === 'DELIVERY');
    return { status: 200, body: { receipt: original?.receipt as unknown as SignedReceipt } };
  }

  /** Applies a stored envelope once, then answers it with a PROCESSED receipt (unless it is a receipt). */
  private async applyJob(job: Job<ScheduledJob>): Promise<string> {
    const entry = await this.workflows.findOutbox(job.data.outboxId);
    if (!entry || entry.processedAt) {
      return 'already-done';
    }
    const row = await this.envelopes.find(String(entry.payload.envelopeRowId));
    if (!row || row.status !== 'stored') {
      await this.workflows.settleOutbox(entry.id, 'skipped', new Date());
      return 'already-done';
    }
    const envelope = row.envelope;
    if (envelope.type === 'receipt') {
      await this.takeReceipt(row);
      await this.envelopes.setStatus(row.id, 'applied', null);
      await this.workflows.settleOutbox(entry.id, 'applied', new Date());
      return 'receipt';
    }
    let processed: Processed;
    try {
      processed = await this.applyEnvelope(row);
    } catch (err) {
      processed = { result: 'not-applied', reason: (err as Error).message, events: [] };
    }
    const toPublish = await this.dataSource.transaction(async (m) => {
      const receiptRowId = await this.writeEnvelope(m, row.peerOrigin, {
        type: 'receipt',
        from: envelope.to,
        to: envelope.from,
        case: envelope.case,
        caseSeq: 0,
        prev: null,
        actor: { role: null, ref: null },
        body: {
          kind: 'PROCESSED',
          envelopeId: envelope.id,
          digest: row.digest,
          result: processed.result,
          reason: processed.reason,
          events: processed.events,
        },
      });
      await this.envelopes.setStatus(row.id, processed.result, processed.reason, m);
      const sent = await m.query<{ envelope: SignedEnvelope }[]>(
        'SELECT envelope FROM federation_envelopes WHERE id = $1',
        [receiptRowId],
      );
      const receipt = sent[0].envelope;
      await this.envelopes.addReceipt(
        row.id,
        {
          kind: 'PROCESSED',
          result: processed.result,
          code: null,
          reason: processed.reason,
          at: new Date(receipt.createdAt),
          signerKid: detachedKid(receipt.signature),
          signature: receipt.signature,
          receipt: receipt as unknown as Record<string, unknown>,
        },
        m,
      );
      return this.workflows.schedule(m, envelope.case.id, `out-${receiptRowId}`, [
        this.sendDraft(receiptRowId),
      ]);
    });
    this.workflows.publish(toPublish);
    await this.workflows.settleOutbox(entry.id, processed.result, new Date());
    return processed.result;
  }

  /** The transition an envelope carries, on this node's copy of the request. */
  private async applyEnvelope(row: EnvelopeRow): Promise<Processed> {
    const envelope = row.envelope;
    const body = envelope.body as { event?: WireEvent; request?: CooperationRequest; history?: WireEvent[] };
    const event = body.event;
    if (!event) {
      return { result: 'not-applied', reason: 'the envelope carries no event', events: [] };
    }
    const caseId = envelope.case.id;
    if (event.actorAuthorityId !== null) {
      const [actorAuthority] = await this.authorities.findByIds([event.actorAuthorityId]);
      if (actorAuthority?.nodeOrigin !== row.peerOrigin) {
        return {
          result: 'not-applied',
          reason: 'the actor is not an authority of the sending node',
          events: [],
        };
      }
    }
    if (body.request && !(await this.workflows.findRequest(caseId))) {
      return this.adopt(row, body.request, [...(body.history ?? []), event]);
    }
    const actor: Actor =
      event.actorType === 'system'
        ? { type: 'system' }
        : {
            type: 'user',
            userId: event.actorUserId ?? '',
            authorityId: event.actorAuthorityId ?? '',
            roles: USER_ROLES,
          };
    const applied = await this.workflows.applyRemote(caseId, event.action, event.payload, actor, {
      prevHash: event.prevHash,
      caseSeq: event.seq,
      occurredAt: new Date(event.occurredAt),
    });
    if (applied.outcome === 'applied') {
      if (applied.committed.event.hash !== event.hash) {
        this.logger.error({
          msg: 'federation: an applied event has another hash here than on its node',
          requestId: caseId,
          seq: event.seq,
        });
      }
      return { result: 'applied', reason: null, events: [] };
    }
    if (applied.outcome === 'duplicate') {
      return { result: 'applied', reason: applied.reason, events: [] };
    }
    return { result: 'not-applied', reason: applied.reason, events: [] };
  }

  /**
   * A submission: this node's copy of the request (same id, reference and content; the requesting authority
   * is the sender's, a remote authority here; the requested one must be hosted here) with the sender's
   * history verbatim, then its delivery recorded here (RECEIVED), which the sender repeats on its side.
   */
  private async adopt(
    row: EnvelopeRow,
    request: CooperationRequest,
    events: WireEvent[],
  ): Promise<Processed> {
    const caseId = row.envelope.case.id;
    const [requesting, requested] = await Promise.all([
      this.authorities.findById(request.requestingAuthorityId),
      this.authorities.findById(request.requestedAuthorityId),
    ]);
    if (request.id !== caseId || requesting?.nodeOrigin !== row.peerOrigin) {
      return {
        result: 'not-applied',
        reason: 'the requesting authority is not hosted by the sender',
        events: [],
      };
    }
    if (!requested || requested.nodeOrigin !== null) {
      return { result: 'not-applied', reason: 'the requested authority is not hosted here', events: [] };
    }
    const copy = {
      ...request,
      createdAt: new Date(request.createdAt),
      updatedAt: new Date(request.updatedAt),
      submittedAt: request.submittedAt ? new Date(request.submittedAt) : null,
      deliveredAt: null,
    } as CooperationRequest;
    await this.workflows.adoptRemote(
      copy,
      events.map((e) => recorded(caseId, e)),
    );
    const head = events[events.length - 1];
    const delivered = await this.workflows.applyRemote(
      caseId,
      'deliver',
      {},
      { type: 'system' },
      {
        prevHash: head.hash,
        caseSeq: head.seq + 1,
        occurredAt: new Date(),
      },
    );
    if (delivered.outcome === 'applied') {
      return { result: 'applied', reason: null, events: [wireEvent(delivered.committed.event)] };
    }
    return {
      result: delivered.outcome === 'duplicate' ? 'applied' : 'not-applied',
      reason: delivered.reason,
      events: [],
    };
  }

  /** A peer's PROCESSED receipt: recorded on the envelope it is about; its events repeated here. */
  private async takeReceipt(row: EnvelopeRow): Promise<void> {
    const receipt = row.envelope;
    const body = receipt.body as {
      kind?: string;
      envelopeId?: string;
      result?: string;
      reason?: string | null;
      events?: WireEvent[];
    };
    const about = body.envelopeId
      ? await this.envelopes.findByEnvelopeId('out', row.peerOrigin, body.envelopeId)
      : null;
    if (!about) {
      this.logger.warn({ msg: 'federation: a receipt about no envelope sent', envelopeId: body.envelopeId });
      return;
    }
    await this.envelopes.addReceipt(about.id, {
      kind: 'PROCESSED',
      result: body.result ?? 'unknown',
      code: null,
      reason: body.reason ?? null,
      at: new Date(receipt.createdAt),
      signerKid: detachedKid(receipt.signature),
      signature: receipt.signature,
      receipt: receipt as unknown as Record<string, unknown>,
    });
    for (const e of body.events ?? []) {
      if (e.actorType !== 'system') {
        continue;
      }
      const applied = await this.workflows.applyRemote(
        about.requestId,
        e.action,
        e.payload,
        { type: 'system' },
        {
          prevHash: e.prevHash,
          caseSeq: e.seq,
          occurredAt: new Date(e.occurredAt),
        },
      );
      if (applied.outcome === 'not-applied' || applied.outcome === 'gap') {
        this.logger.warn({
          msg: 'federation: a receipt event not applied',
          requestId: about.requestId,
          reason: applied.reason,
        });
      }
    }
  }

  /** Every envelope of a request with its receipts (GET /v1/requests/:id/receipts). */
  ofRequest(requestId: string) {
    return this.envelopes.ofRequest(requestId);
  }
}
