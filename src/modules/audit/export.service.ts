import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@/common/errors/domain-error';
import { AuditSigner } from './audit-signer';
import { AuditRepository } from './audit.repository';
import { CheckpointRepository } from './checkpoint.repository';
import { CheckpointService, toSignedCheckpoint } from './checkpoint.service';
import type { AuditEvent } from '@/workflows';
import type { SignedCheckpoint } from './checkpoint-statement';
import {
  assembleExport,
  type ExportBundle,
  type ExportInput,
  hexPath,
  type InclusionProof,
  proofsInTree,
} from './export-bundle';
import { type FederationProof, readFederationProof } from './federation-proof';
import { CHUNK_SIZE, chunkedProof, eventLeaf } from './merkle';

@Injectable()
export class ExportService {
  constructor(
    private readonly events: AuditRepository,
    private readonly checkpoints: CheckpointRepository,
    private readonly checkpointing: CheckpointService,
    private readonly signer: AuditSigner,
  ) {}

  /**
   * A signed, self-contained bundle of the request's history as `side` may see it, with an inclusion
   * proof of every event in a signed checkpoint: the request and its events are read in one snapshot,
   * and a checkpoint is taken when the newest of them have none.
   */
  async exportRequest(requestId: string, side: ExportInput['side']): Promise<ExportBundle> {
    const state = await this.read(requestId);
    // A checkpoint taken now covers every event committed so far, so every event of the snapshot (read
    // before it): no re-read, which under churn would again find events newer than the checkpoint.
    if (!(await this.covered(state.events))) {
      await this.checkpointing.checkpointNow();
    }
    const { checkpoints, proofs } = await this.prove(state.events);
    return assembleExport({
      request: state.request,
      side,
      events: state.events,
      checkpoints,
      proofs,
      federation: state.federation,
      publicKey: this.signer.publicKey,
      sign: (text) => this.signer.sign(text),
      exportedAt: new Date(),
    });
  }

  private read(requestId: string): Promise<{
    request: ExportInput['request'];
    events: AuditEvent[];
    federation: FederationProof | null;
  }> {
    return this.events.snapshot(async (manager) => {
      const request = await this.events.requestSummary(manager, requestId);
      if (!request) {
        throw new NotFoundError('Request');
      }
      const events = await this.events.listForRequest(requestId, manager);
      // In the same snapshot: the envelopes and receipts of these events, and the keys that signed them.
      return { request, events, federation: await readFederationProof(manager, requestId, events) };
    });
  }

  private async covered(events: AuditEvent[]): Promise<boolean> {
    const last = events[events.length - 1];
    const latest = await this.checkpointing.latest();
    return !last || (latest !== null && BigInt(latest.lastEventId) >= BigInt(last.id));
  }

  /**
   * A proof of each event in the checkpoint that holds it, rebuilt from the log as it is now: from the
   * event's 256-leaf chunk and the checkpoint's chunk roots, or (older rows without them) the whole tree.
   */
  private async prove(events: AuditEvent[]): Promise<Pick<ExportInput, 'checkpoints' | 'proofs'>> {
    const checkpoints: SignedCheckpoint[] = [];
    const proofs: InclusionProof[] = [];
    if (events.length === 0) {
      return { checkpoints, proofs };
    }
    for (const { checkpoint, previous } of await this.checkpoints.containing(events.map((e) => e.id))) {
      const signed = toSignedCheckpoint(checkpoint);
      checkpoints.push(signed);
      const mine = events.filter(
        (e) =>
          BigInt(e.id) > BigInt(previous?.lastEventId ?? '0') &&
          BigInt(e.id) <= BigInt(checkpoint.lastEventId),
      );
      const roots = splitRoots(checkpoint.chunkRoots);
      if (!roots) {
        const leaves = await this.checkpoints.leavesOf(checkpoint, previous);
        proofs.push(
          ...proofsInTree(
            signed,
            leaves,
            mine.map((e) => e.id),
          ),
        );
        continue;
      }
      for (const e of mine) {
        const { index, leaves } = await this.checkpoints.chunkOf(checkpoint, previous, e.id);
        // Unless the log was tampered with, the event is in its chunk; otherwise no proof, and the
        // verifier reports it.
        if (leaves[index % CHUNK_SIZE]?.id === e.id) {
          const path = chunkedProof(
            leaves.map((l) => eventLeaf(l.hash)),
            roots,
            index,
          );
          proofs.push({
            eventId: e.id,
            checkpointSeq: checkpoint.seq,
            leafIndex: index,
            path: hexPath(path),
          });
        }
      }
    }
    return { checkpoints, proofs };
  }
}

/** The stored chunk roots, 32 bytes each; null when the checkpoint has none. */
function splitRoots(stored: Buffer | null): Buffer[] | null {
  if (!stored || stored.length === 0 || stored.length % 32 !== 0) {
    return null;
  }
  return Array.from({ length: stored.length / 32 }, (_, i) => stored.subarray(i * 32, (i + 1) * 32));
}
