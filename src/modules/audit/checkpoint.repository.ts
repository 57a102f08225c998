import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, LessThan } from 'typeorm';
import { AuditRepository, CHECKPOINT_LOCK } from './audit.repository';
import { AuditCheckpoint } from './entities/audit-checkpoint.entity';
import { CHUNK_SIZE } from './merkle';

export type CheckpointBuilder = (
  prev: AuditCheckpoint | null,
  leaves: { id: string; hash: string }[],
) => AuditCheckpoint;

@Injectable()
export class CheckpointRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: AuditRepository,
  ) {}

  /**
   * Appends the next checkpoint over up to `maxLeaves` events after the latest checkpoint and at or below
   * `upToId`, in one transaction holding the checkpoint lock (processes take turns). Returns null when
   * there is nothing new.
   */
  append(upToId: string, maxLeaves: number, build: CheckpointBuilder): Promise<AuditCheckpoint | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK]);
      const repo = manager.getRepository(AuditCheckpoint);
      const [prev] = await repo.find({ order: { seq: 'DESC' }, take: 1 });
      const leaves = await this.events.hashesBetween(manager, prev?.lastEventId ?? '0', upToId, maxLeaves);
      if (leaves.length === 0) {
        return null;
      }
      return repo.save(repo.create(build(prev ?? null, leaves)));
    });
  }

  async latest(): Promise<AuditCheckpoint | null> {
    const [last] = await this.dataSource
      .getRepository(AuditCheckpoint)
      .find({ order: { seq: 'DESC' }, take: 1 });
    return last ?? null;
  }

  /** Newest first, before `beforeSeq` when given. */
  page(beforeSeq: number | undefined, limit: number): Promise<AuditCheckpoint[]> {
    return this.dataSource.getRepository(AuditCheckpoint).find({
      where: beforeSeq === undefined ? {} : { seq: LessThan(beforeSeq) },
      order: { seq: 'DESC' },
      take: limit,
    });
  }

  /** Every checkpoint's seq and hash, oldest first: the leaves of the checkpoint log cosigned by peers. */
  async hashes(): Promise<{ seq: number; hash: string }[]> {
    const rows: { seq: number; hash: string }[] = await this.dataSource.query(
      'SELECT seq, hash FROM audit_checkpoints ORDER BY seq',
    );
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
  }

  all(manager: EntityManager = this.dataSource.manager): Promise<AuditCheckpoint[]> {
    return manager.getRepository(AuditCheckpoint).find({ order: { seq: 'ASC' } });
  }

  /**
   * The checkpoints holding these events (for each event, the first checkpoint whose range reaches it),
   * oldest first, each with the checkpoint before it (whose lastEventId starts its range).
   */
  async containing(
    eventIds: string[],
  ): Promise<{ checkpoint: AuditCheckpoint; previous: AuditCheckpoint | null }[]> {
    const repo = this.dataSource.getRepository(AuditCheckpoint);
    const rows: { seq: number }[] = await this.dataSource.query(
      `SELECT DISTINCT c.seq
         FROM unnest($1::bigint[]) AS x(id)
         JOIN LATERAL (
           SELECT seq FROM audit_checkpoints WHERE last_event_id >= x.id ORDER BY last_event_id LIMIT 1
         ) AS c ON true`,
      [eventIds],
    );
    const seqs = rows.map((r) => r.seq);
    const found = await repo.find({ where: { seq: In([...seqs, ...seqs.map((s) => s - 1)]) } });
    const bySeq = new Map(found.map((c) => [c.seq, c]));
    return seqs
      .sort((a, b) => a - b)
      .flatMap((seq) => {
        const checkpoint = bySeq.get(seq);
        return checkpoint ? [{ checkpoint, previous: bySeq.get(seq - 1) ?? null }] : [];
      });
  }

  /** The event hashes under a checkpoint (after the previous one's last event), in id order. */
  leavesOf(
    checkpoint: AuditCheckpoint,
    previous: AuditCheckpoint | null,
  ): Promise<{ id: string; hash: string }[]> {
    return this.events.hashesBetween(null, previous?.lastEventId ?? '0', checkpoint.lastEventId);
  }

  /** Where an event stands among the leaves of its checkpoint (0-based), and its chunk's leaves. */
  async chunkOf(
    checkpoint: AuditCheckpoint,
    previous: AuditCheckpoint | null,
    eventId: string,
  ): Promise<{ index: number; leaves: { id: string; hash: string }[] }> {
    const after = previous?.lastEventId ?? '0';
    const [{ index }]: { index: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS index FROM audit_events WHERE id > $1 AND id < $2',
      [after, eventId],
    );
    const leaves: { id: string; hash: string }[] = await this.dataSource.query(
      'SELECT id, hash FROM audit_events WHERE id > $1 AND id <= $2 ORDER BY id OFFSET $3 LIMIT $4',
      [after, checkpoint.lastEventId, index - (index % CHUNK_SIZE), CHUNK_SIZE],
    );
    return { index, leaves };
  }
}
