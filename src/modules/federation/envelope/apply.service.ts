import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import {
  type Actor,
  type CooperationRequest,
  JobHandlers,
  type ScheduledJob,
  WorkflowService,
} from '@/workflows';
import { DocumentPuller } from '../blobs/document-puller.service';
import { EnvelopeWriter, processedRowOf } from './envelope-writer.service';
import { type EnvelopeRow, EnvelopesRepository } from './envelopes.repository';
import { FederationJob } from './federation.constants';
import { recorded, type WireEvent, wireEvent } from './wire-event';

const USER_ROLES = ['officer', 'approver'] as const;

/** What applying an envelope concluded, for its PROCESSED receipt. */
interface Processed {
  result: 'applied' | 'not-applied';
  reason: string | null;
  /** Events this node recorded as a consequence (the delivery of a submission), for the sender to repeat. */
  events: WireEvent[];
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
    private readonly jobHandlers: JobHandlers,
    private readonly authorities: AuthoritiesService,
    private readonly envelopes: EnvelopesRepository,
    private readonly writer: EnvelopeWriter,
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
