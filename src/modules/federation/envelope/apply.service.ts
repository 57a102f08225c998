import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import {
  type Actor,
  type CooperationRequest,
  ChannelRegistry,
  JobHandlers,
  partiesOf,
  type ScheduledJob,
  WorkflowService,
} from '@/workflows';
import { DocumentPuller } from '../blobs/document-puller.service';
import { continuation } from './case-events';
import { CaseEvents, RetryLaterError } from './case-events.service';
import { EnvelopeWriter, processedRowOf } from './envelope-writer.service';
import { type EnvelopeRow, EnvelopesRepository } from './envelopes.repository';
import { FederationJob } from './federation.constants';
import { FederationProposals } from './proposals.service';
import { PartyNodes } from './party-nodes';
import { FederationQuarantine } from './quarantine.service';
import { recorded, type WireEvent, wireEvent } from './wire-event';

const USER_ROLES = ['officer', 'approver'] as const;

/** What applying an envelope concluded, for its PROCESSED receipt. */
interface Processed {
  result: 'applied' | 'not-applied';
  reason: string | null;
  /** Events this node recorded as a consequence (the delivery of a submission), for the sender to repeat. */
  events: WireEvent[];
  /** `DIVERGED`: the histories differ at `divergence.seq`; the request is quarantined here (and there). */
  code?: 'DIVERGED';
  divergence?: { seq: number; ourHash: string | null; theirHash: string | null };
}

/**
 * Applies stored envelopes (the `federation-apply` job): the copy of a submitted request, or the same
 * transition through WorkflowService.applyRemote, answered with a PROCESSED receipt as this node's own
 * envelope; and a peer's PROCESSED receipts, recorded on the envelope they are about.
 */
@Injectable()
export class FederationApply implements OnModuleInit {
  private readonly logger = new Logger('Federation');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflows: WorkflowService,
    private readonly registry: ChannelRegistry,
    private readonly jobHandlers: JobHandlers,
    private readonly authorities: AuthoritiesService,
    private readonly envelopes: EnvelopesRepository,
    private readonly writer: EnvelopeWriter,
    private readonly proposals: FederationProposals,
    private readonly quarantine: FederationQuarantine,
    private readonly cases: CaseEvents,
    private readonly documents: DocumentPuller,
  ) {}

  onModuleInit(): void {
    this.jobHandlers.register(FederationJob.Apply, { run: (job) => this.applyJob(job) });
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
    // Its documents first, pulled by digest: a failed pull throws, and this job is retried.
    await this.documents.prepare(row);
    let processed: Processed;
    try {
      processed = await this.applyEnvelope(row);
    } catch (err) {
      if (err instanceof RetryLaterError) {
        throw err; // not now (a gap the peer cannot fill yet, the request not here yet): retried
      }
      processed = { result: 'not-applied', reason: (err as Error).message, events: [] };
    }
    const toPublish = await this.dataSource.transaction(async (m) => {
      const { rowId: receiptRowId, envelope: receipt } = await this.writer.write(m, row.peerOrigin, {
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
          ...(processed.code ? { code: processed.code, divergence: processed.divergence } : {}),
        },
      });
      await this.envelopes.setStatus(row.id, processed.result, processed.reason, m);
      await this.envelopes.addReceipt(row.id, processedRowOf(receipt, processed.result, processed.reason), m);
      return this.workflows.schedule(m, envelope.case.id, `out-${receiptRowId}`, [
        this.writer.sendDraft(receiptRowId),
      ]);
    });
    this.workflows.publish(toPublish);
    await this.workflows.settleOutbox(entry.id, processed.result, new Date());
    return processed.result;
  }

  /** The transition an envelope carries (or a move it proposes), on this node's copy of the request. */
  private async applyEnvelope(row: EnvelopeRow): Promise<Processed> {
    const envelope = row.envelope;
    const body = envelope.body as {
      event?: WireEvent;
      request?: CooperationRequest;
      history?: WireEvent[];
      proposal?: unknown;
    };
    if (body.proposal !== undefined) {
      return { ...(await this.proposals.apply(row)), events: [] };
    }
    const event = body.event;
    if (!event) {
      return { result: 'not-applied', reason: 'the envelope carries no event', events: [] };
    }
    const caseId = envelope.case.id;
    if (body.request && !(await this.workflows.findRequest(caseId))) {
      const actorProblem = await this.actorProblem(row, event);
      if (actorProblem) {
        return { result: 'not-applied', reason: actorProblem, events: [] };
      }
      return this.adopt(row, body.request, [...(body.history ?? []), event]);
    }
    const quarantined = await this.quarantine.find(caseId);
    if (quarantined) {
      return {
        result: 'not-applied',
        reason: `the request is quarantined here since ${quarantined.since.toISOString()} (${quarantined.reason})`,
        events: [],
      };
    }
    return this.applyEvent(row, event, true);
  }

  /**
   * Why an event's actor may not be repeated here: a user of an authority neither hosted by the sender nor
   * (a move this node proposed and the owner applied) one of this node's users whose move it sent.
   */
  private async actorProblem(row: EnvelopeRow, event: WireEvent): Promise<string | null> {
    if (event.actorAuthorityId === null) {
      return null;
    }
    const [actorAuthority] = await this.authorities.findByIds([event.actorAuthorityId]);
    if (actorAuthority?.nodeOrigin === row.peerOrigin) {
      return null;
    }
    const ours =
      actorAuthority !== undefined &&
      actorAuthority.nodeOrigin === null &&
      (await this.proposals.proposedHere(row.requestId, row.peerOrigin, event.action, event.actorUserId));
    if (ours || (actorAuthority && (await this.relayedBySequencer(row, actorAuthority.id)))) {
      return null;
    }
    return 'the actor is not an authority of the sending node';
  }

  /**
   * Whether the sender sequences the request's current status here and the actor is one of its parties: on
   * a request across more than two nodes, the owner applies a further party's proposal and sends the event
   * to every party's node, the actor's authority hosted by none of them but the proposer's.
   */
  private async relayedBySequencer(row: EnvelopeRow, actorAuthorityId: string): Promise<boolean> {
    const request = await this.workflows.findRequest(row.envelope.case.id);
    if (!request || !partiesOf(request).includes(actorAuthorityId)) {
      return false;
    }
    const nodes = await PartyNodes.load(this.authorities, request);
    return nodes.sequencerOf(this.registry.get(request.channel).machine, request.status) === row.peerOrigin;
  }

  /**
   * Whether an event of a request not here yet may be one whose copy is on its way from another node: on a
   * multi-party request, the requested node's delivery (relayed by it) can overtake the requesting node's
   * submission to a further party's node. Only for an envelope addressed to an authority hosted here, from
   * an authority the sender hosts (the inbox checked both), that names the request's channel's multi-party
   * table; the apply job's retries bound the wait.
   */
  private furtherPartyAwaitingCopy(row: EnvelopeRow): boolean {
    const def = this.registry.find(row.envelope.case.channel);
    return row.envelope.to.authority !== null && (def?.maxAdditionalParties ?? 0) > 0;
  }

  /**
   * One event of the peer's history on this node's copy: applied on the head it names; a gap filled first
   * from the sender (`fill`); a duplicate or a mismatch of heads compared hash for hash, a difference
   * quarantining the request (DIVERGED).
   */
  private async applyEvent(row: EnvelopeRow, event: WireEvent, fill: boolean): Promise<Processed> {
    const caseId = row.envelope.case.id;
    const actorProblem = await this.actorProblem(row, event);
    if (actorProblem) {
      return { result: 'not-applied', reason: actorProblem, events: [] };
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
      const ours = applied.committed.event.hash.trim();
      return ours === event.hash
        ? { result: 'applied', reason: null, events: [] }
        : this.diverged(row, event.seq, ours, event.hash, `event ${event.seq} has another hash here`);
    }
    if (applied.outcome === 'duplicate') {
      const ours = await this.cases.hashAt(caseId, event.seq);
      return ours === event.hash
        ? { result: 'applied', reason: applied.reason, events: [] }
        : this.diverged(row, event.seq, ours, event.hash, `event ${event.seq} here is another event`);
    }
    const head = await this.cases.headOf(caseId);
    if (
      applied.outcome === 'gap' &&
      head.seq === 0 &&
      ((await this.cases.earlierWaiting(row.peerOrigin, caseId, row.id)) ||
        this.furtherPartyAwaitingCopy(row))
    ) {
      throw new RetryLaterError(`request ${caseId} is not here yet: its submission is still to be applied`);
    }
    if (applied.outcome === 'gap' && fill && head.seq > 0) {
      return (await this.fillGap(row, head)) ?? this.applyEvent(row, event, false);
    }
    if (applied.outcome === 'not-applied' && head.seq === event.seq - 1 && head.hash !== event.prevHash) {
      return this.diverged(
        row,
        head.seq,
        head.hash,
        event.prevHash,
        `event ${event.seq} follows another event ${head.seq} than ours`,
      );
    }
    return { result: 'not-applied', reason: applied.reason, events: [] };
  }

  /**
   * The events missing here, fetched from the sender (signed by it), checked to continue our head with every
   * hash recomputed, and applied in order. Null when filled; otherwise what to answer (a divergence, or the
   * first event that could not be applied).
   */
  private async fillGap(
    row: EnvelopeRow,
    head: { seq: number; hash: string | null },
  ): Promise<Processed | null> {
    const caseId = row.envelope.case.id;
    const events = await this.cases.fetchAfter(row.peerOrigin, caseId, head.seq);
    const check = continuation(caseId, head, events);
    if (!check.ok) {
      return this.diverged(row, check.seq, check.ourHash, check.theirHash, `gap filling: ${check.reason}`);
    }
    for (const e of events) {
      const done = await this.applyEvent(row, e, false);
      if (done.result !== 'applied') {
        return done;
      }
    }
    return null;
  }

  /** Quarantines the request here and answers DIVERGED, so that the sender quarantines it too. */
  private async diverged(
    row: EnvelopeRow,
    seq: number,
    ourHash: string | null,
    theirHash: string | null,
    reason: string,
  ): Promise<Processed> {
    await this.quarantine.quarantine({
      requestId: row.envelope.case.id,
      peerOrigin: row.peerOrigin,
      seq,
      ourHash,
      theirHash,
      envelopeRowId: row.id,
      envelope: row.envelope,
      reason,
      source: 'detected',
    });
    return {
      result: 'not-applied',
      reason: `DIVERGED: ${reason}; the request is quarantined`,
      events: [],
      code: 'DIVERGED',
      divergence: { seq, ourHash, theirHash },
    };
  }

  /**
   * A submission: this node's copy of the request (same id, reference and content; the requesting authority
   * is the sender's, a remote authority here; the requested one, or a further party, must be hosted here)
   * with the sender's history verbatim, then, on the requested authority's node, its delivery recorded
   * (RECEIVED), which the sender repeats from the receipt and further parties' nodes from its relay.
   */
  private async adopt(
    row: EnvelopeRow,
    request: CooperationRequest,
    events: WireEvent[],
  ): Promise<Processed> {
    const caseId = row.envelope.case.id;
    const nodes = await PartyNodes.load(this.authorities, request);
    if (request.id !== caseId || nodes.hostOf(request.requestingAuthorityId) !== row.peerOrigin) {
      return {
        result: 'not-applied',
        reason: 'the requesting authority is not hosted by the sender',
        events: [],
      };
    }
    // The requested authority, or on a multi-party request a further party, hosted here.
    const hostedHere = partiesOf(request)
      .slice(1)
      .some((id) => nodes.hostOf(id) === null);
    if (!hostedHere) {
      return { result: 'not-applied', reason: 'the requested authority is not hosted here', events: [] };
    }
    // The request it follows up stays linked only if it is here, its requested side hosted here, and the
    // same requesting authority asked for it (a peer cannot link to a request it is not party to).
    const followed = request.followsUpRequestId
      ? await this.workflows.findRequest(request.followsUpRequestId)
      : null;
    const followedRequested = followed
      ? await this.authorities.findById(followed.requestedAuthorityId)
      : null;
    const linked =
      followed?.requestingAuthorityId === request.requestingAuthorityId &&
      followedRequested?.nodeOrigin === null;
    const copy = {
      ...request,
      followsUpRequestId: linked ? request.followsUpRequestId : null,
      createdAt: new Date(request.createdAt),
      updatedAt: new Date(request.updatedAt),
      submittedAt: request.submittedAt ? new Date(request.submittedAt) : null,
      deliveredAt: null,
    } as CooperationRequest;
    await this.workflows.adoptRemote(
      copy,
      events.map((e) => recorded(caseId, e)),
    );
    if (nodes.hostOf(request.requestedAuthorityId) !== null) {
      // A further party's node: the requested node records the delivery and relays it here.
      return { result: 'applied', reason: null, events: [] };
    }
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
      // The sender repeats it from the receipt; further parties' nodes get it from here.
      row.peerOrigin,
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
      code?: string;
      divergence?: { seq?: number; ourHash?: string | null; theirHash?: string | null };
    };
    const about = body.envelopeId
      ? await this.envelopes.findByEnvelopeId('out', row.peerOrigin, body.envelopeId)
      : null;
    if (body.code === 'DIVERGED' && (await this.workflows.findRequest(receipt.case.id))) {
      // The peer found our histories apart: quarantined here too (its hashes are ours the other way round).
      await this.quarantine.quarantine({
        requestId: receipt.case.id,
        peerOrigin: row.peerOrigin,
        seq: Number(body.divergence?.seq ?? 0),
        ourHash: body.divergence?.theirHash ?? null,
        theirHash: body.divergence?.ourHash ?? null,
        envelopeRowId: about?.id ?? row.id,
        envelope: receipt,
        reason: body.reason ?? 'the peer reports a divergence',
        source: 'peer',
      });
    }
    if (!about) {
      this.logger.warn({ msg: 'federation: a receipt about no envelope sent', envelopeId: body.envelopeId });
      return;
    }
    await this.envelopes.addReceipt(
      about.id,
      processedRowOf(receipt, body.result ?? 'unknown', body.reason ?? null),
    );
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
}
