import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AllConfig } from '@/config/all-config.type';
import { AuditSigner } from './audit-signer';
import { AuditRepository } from './audit.repository';
import { buildCheckpoint, type SignedCheckpoint } from './checkpoint-statement';
import { CheckpointRepository } from './checkpoint.repository';
import type { AuditCheckpoint } from './entities/audit-checkpoint.entity';

/**
 * Most events under one checkpoint: keeps a checkpoint's tree (and an export's proof computation) small;
 * a larger backlog gets several checkpoints in a row.
 */
export const MAX_CHECKPOINT_EVENTS = 16_384;

/** Signed checkpoints: on demand, and every AUDIT_CHECKPOINT_INTERVAL_MS in every process that runs. */
@Injectable()
export class CheckpointService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private timer?: NodeJS.Timeout;
  private inFlight: Promise<unknown> | null = null;

  constructor(
    private readonly repository: CheckpointRepository,
    private readonly events: AuditRepository,
    private readonly signer: AuditSigner,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.get('audit', { infer: true }).checkpointIntervalMs;
    if (every > 0) {
      this.timer = setInterval(() => this.tick(), every);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }

  /**
   * Takes checkpoints over every committed event that no checkpoint covers yet, and returns them (empty
   * when nothing is new). Safe to call from several processes at once: they take turns on a lock.
   */
  async checkpointNow(): Promise<AuditCheckpoint[]> {
    const upToId = await this.events.committedHighWater();
    const created: AuditCheckpoint[] = [];
    if (upToId === null) {
      return created;
    }
    for (;;) {
      const next = await this.repository.append(upToId, MAX_CHECKPOINT_EVENTS, (prev, leaves) =>
        this.build(prev, leaves),
      );
      if (!next) {
        return created;
      }
      created.push(next);
    }
  }

  latest(): Promise<AuditCheckpoint | null> {
    return this.repository.latest();
  }

  /** Every checkpoint's seq and hash, oldest first. */
  hashes(): Promise<{ seq: number; hash: string }[]> {
    return this.repository.hashes();
  }

  page(beforeSeq: number | undefined, limit: number): Promise<AuditCheckpoint[]> {
    return this.repository.page(beforeSeq, limit);
  }

  private build(prev: AuditCheckpoint | null, leaves: { id: string; hash: string }[]): AuditCheckpoint {
    const signer = { keyId: this.signer.publicKey.keyId, sign: (text: string) => this.signer.sign(text) };
    const built = buildCheckpoint(prev && toSignedCheckpoint(prev), leaves, signer, new Date());
    return {
      ...built.checkpoint,
      createdAt: new Date(built.checkpoint.createdAt),
      chunkRoots: Buffer.concat(built.chunkRoots),
    };
  }

  private tick(): void {
    if (this.inFlight) {
      return;
    }
    this.inFlight = this.checkpointNow()
      .then((created) => {
        if (created.length > 0) {
          const last = created[created.length - 1];
          this.logger.log({ msg: 'audit checkpoint', seq: last.seq, lastEventId: last.lastEventId });
        }
      })
      .catch((err: unknown) => {
        this.logger.warn(
          `Periodic audit checkpoint failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      })
      .finally(() => {
        this.inFlight = null;
      });
  }
}

/** A stored checkpoint in the form its signature covers (ids and times as strings). */
export function toSignedCheckpoint(c: AuditCheckpoint): SignedCheckpoint {
  return {
    seq: c.seq,
    firstEventId: c.firstEventId,
    lastEventId: c.lastEventId,
    treeSize: c.treeSize,
    rootHash: c.rootHash,
    prevHash: c.prevHash,
    createdAt: c.createdAt.toISOString(),
    keyId: c.keyId,
    hash: c.hash,
    signature: c.signature,
  };
}
