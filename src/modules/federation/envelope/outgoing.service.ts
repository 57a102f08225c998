import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import {
  type AuditEvent,
  type CooperationRequest,
  JobHandlers,
  type OutboxDraft,
  partiesOf,
  type ScheduledJob,
  WorkflowService,
} from '@/workflows';
import { documentsOf } from '../blobs/envelope-documents';
import { NodeIdentityService } from '../node-identity.service';
import { EnvelopeSender } from '../delivery/envelope-sender.service';
import { EnvelopeWriter } from './envelope-writer.service';
import { EnvelopesRepository } from './envelopes.repository';
import { FederationJob } from './federation.constants';
import { PartyNodes } from './party-nodes';
import { wireEvent, wireEventOfRow } from './wire-event';

/**
 * Envelopes out (docs/federation.md "Envelopes and receipts"). A change of a request with a party on a peer
 * writes, in its transaction (a change hook), one signed envelope per peer hosting a party (every party of a
 * multi-party request) and its outbox row;
 * the `federation` queue POSTs it to the peer's inbox with an RFC 9421 signature and keeps the peer's signed
 * DELIVERY receipt (delivery/envelope-sender.service.ts: retries per peer, circuit breaker, alerts). Without
 * NODE_ORIGIN none of it runs.
 */
@Injectable()
export class FederationOutgoing implements OnModuleInit {
  constructor(
    private readonly identity: NodeIdentityService,
    private readonly workflows: WorkflowService,
    private readonly jobHandlers: JobHandlers,
    private readonly authorities: AuthoritiesService,
    private readonly envelopes: EnvelopesRepository,
    private readonly writer: EnvelopeWriter,
    private readonly sender: EnvelopeSender,
  ) {}

  onModuleInit(): void {
    this.jobHandlers.register(FederationJob.Send, { run: (job) => this.send(job) });
    if (!this.identity.enabled) {
      return;
    }
    this.workflows.setRemotePartyCheck(async (request) =>
      (await this.authorities.findByIds(partiesOf(request))).some((a) => a.nodeOrigin !== null),
    );
    this.workflows.addChangeHook({
      idleWhen: `NOT EXISTS (SELECT 1 FROM authorities a WHERE a.node_origin IS NOT NULL
                   AND (a.id IN (r.requesting_authority_id, r.requested_authority_id)
                        OR r.additional_party_ids ? a.id::text))`,
      run: (manager, request, event, context) =>
        !request.submittedAt || (context.remote && !context.relayExcept)
          ? Promise.resolve([])
          : this.envelopesOf(manager, request, event, context.relayExcept ?? null),
    });
  }

  /**
   * In a change's transaction: the envelope of this event to each peer hosting a party of the request (but
   * `except`, the node it came from when this node relays it). The requesting node's first envelope to a
   * peer (the submission) carries the request and its whole history; nothing is sent while it is a draft.
   */
  async envelopesOf(
    manager: EntityManager,
    request: CooperationRequest,
    event: AuditEvent,
    except: string | null,
  ): Promise<OutboxDraft[]> {
    const nodes = await PartyNodes.load(this.authorities, request);
    // Sent from the actor's authority when it is hosted here, else from the first party hosted here.
    const from =
      event.actorAuthorityId && nodes.hostOf(event.actorAuthorityId) === null
        ? event.actorAuthorityId
        : (nodes.firstHostedBy(null) ?? null);
    const drafts: OutboxDraft[] = [];
    for (const peer of nodes.peers.filter((p) => p !== except)) {
      const to = nodes.firstHostedBy(peer) as string;
      drafts.push(
        await this.envelopeTo(manager, request, event, { peer, to, from }, nodes.here === 'requesting'),
      );
    }
    return drafts;
  }

  private async envelopeTo(
    manager: EntityManager,
    request: CooperationRequest,
    event: AuditEvent,
    route: { peer: string; to: string; from: string | null },
    requestingHere: boolean,
  ): Promise<OutboxDraft> {
    const { peer } = route;
    const body: Record<string, unknown> = { event: wireEvent(event) };
    // The requesting node's first envelope to a peer (the submission) carries the request and its history.
    const first = requestingHere && !(await this.envelopes.hasSent(manager, request.id, peer));
    if (first) {
      const history: Record<string, unknown>[] = await manager.query(
        'SELECT * FROM audit_events WHERE request_id = $1 AND seq < $2 ORDER BY seq',
        [request.id, event.seq],
      );
      // The request it follows up is named only if the peer holds it too (its requested side is the peer's).
      const followed: { there: boolean }[] = request.followsUpRequestId
        ? await manager.query(
            `SELECT a.node_origin = $2 AS there FROM cooperation_requests r
               JOIN authorities a ON a.id = r.requested_authority_id WHERE r.id = $1`,
            [request.followsUpRequestId, peer],
          )
        : [];
      body.request = {
        ...request,
        followsUpRequestId: followed[0]?.there ? request.followsUpRequestId : null,
      };
      body.history = history.map(wireEventOfRow);
    }
    // The documents it refers to, by digest (pulled by the peer); how they are listed, for its copy.
    const { attachments, documents } = await documentsOf(manager, request, event, first);
    if (documents.length > 0) {
      body.documents = documents;
    }
    const { rowId } = await this.writer.write(manager, peer, {
      type: `${request.channel}.${event.action}`,
      from: { node: this.identity.origin, authority: route.from },
      to: { node: peer, authority: route.to },
      case: { id: request.id, channel: request.channel },
      caseSeq: event.seq,
      prev: event.prevHash,
      actor: { role: null, ref: event.actorUserId },
      body,
      attachments,
    });
    return this.writer.sendDraft(rowId, request.urgency);
  }

  /** One attempt to deliver an envelope (EnvelopeSender: backoff, breaker, alerts; never lost). */
  private send(job: Job<ScheduledJob>): Promise<string> {
    return this.sender.send(job.data.outboxId);
  }
}
