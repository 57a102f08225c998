import { Injectable } from '@nestjs/common';
import { AuditSigner } from './audit-signer';
import { AuditRepository } from './audit.repository';
import { CheckpointRepository } from './checkpoint.repository';
import { CheckpointService, toSignedCheckpoint } from './checkpoint.service';
import type { AuditEvent } from './entities/audit-event.entity';
import { assembleExport, type ExportBundle, type ExportInput } from './export-bundle';

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
   * proof of every event in a signed checkpoint (one is taken first if the newest events have none).
   */
  async exportRequest(request: ExportInput['request'], side: ExportInput['side']): Promise<ExportBundle> {
    const events = await this.events.listForRequest(request.id);
    if (events.length > 0) {
      await this.checkpointing.ensureCovered(events[events.length - 1].id);
    }
    return assembleExport({
      request: {
        id: request.id,
        reference: request.reference,
        channel: request.channel,
        status: request.status,
        version: request.version,
      },
      side,
      events,
      trees: await this.treesFor(events),
      publicKey: this.signer.publicKey,
      sign: (text) => this.signer.sign(text),
      exportedAt: new Date(),
    });
  }

  /** The checkpoints the events are in, each with every event hash under it, read from the log. */
  private async treesFor(events: AuditEvent[]): Promise<ExportInput['trees']> {
    if (events.length === 0) {
      return [];
    }
    const trees: ExportInput['trees'] = [];
    for (const { checkpoint, previous } of await this.checkpoints.containing(events.map((e) => e.id))) {
      trees.push({
        checkpoint: toSignedCheckpoint(checkpoint),
        leaves: await this.checkpoints.leavesOf(checkpoint, previous),
      });
    }
    return trees;
  }
}
