import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** One cosignature of a checkpoint-log head: by `cosignerOrigin`, of a checkpoint of `ownerOrigin`. */
export interface CosignatureRow {
  ownerOrigin: string;
  cosignerOrigin: string;
  checkpointSeq: number;
  checkpointHash: string;
  /** Hex root of the owner's checkpoint log at size checkpointSeq. */
  logRoot: string;
  checkpoint: Record<string, unknown>;
  statement: Record<string, unknown>;
  signature: string;
  signerKid: string;
  createdAt?: Date;
}

function toRow(r: Record<string, unknown>): CosignatureRow {
  return {
    ownerOrigin: r.owner_origin as string,
    cosignerOrigin: r.cosigner_origin as string,
    checkpointSeq: Number(r.checkpoint_seq),
    checkpointHash: r.checkpoint_hash as string,
    logRoot: r.log_root as string,
    checkpoint: r.checkpoint as Record<string, unknown>,
    statement: r.statement as Record<string, unknown>,
    signature: r.signature as string,
    signerKid: r.signer_kid as string,
    createdAt: new Date(r.created_at as string),
  };
}

/** federation_cosignatures (plain SQL: rows are only inserted). */
@Injectable()
export class CosignaturesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the row; false when one exists for the same owner, cosigner and seq. */
  async insert(c: CosignatureRow): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO federation_cosignatures (owner_origin, cosigner_origin, checkpoint_seq, checkpoint_hash,
         log_root, checkpoint, statement, signature, signer_kid)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (owner_origin, cosigner_origin, checkpoint_seq) DO NOTHING RETURNING id`,
      [
        c.ownerOrigin,
        c.cosignerOrigin,
        c.checkpointSeq,
        c.checkpointHash,
        c.logRoot,
        c.checkpoint,
        c.statement,
        c.signature,
        c.signerKid,
      ],
    );
    return rows.length > 0;
  }

  /** The latest head `cosigner` cosigned for `owner`, or the one of size `seq`. */
  async find(owner: string, cosigner: string, seq?: number): Promise<CosignatureRow | null> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM federation_cosignatures WHERE owner_origin = $1 AND cosigner_origin = $2
         AND ($3::int IS NULL OR checkpoint_seq = $3) ORDER BY checkpoint_seq DESC LIMIT 1`,
      [owner, cosigner, seq ?? null],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Every cosignature of `owner`'s checkpoint `seq`. */
  async ofCheckpoint(owner: string, seq: number): Promise<CosignatureRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM federation_cosignatures WHERE owner_origin = $1 AND checkpoint_seq = $2
        ORDER BY cosigner_origin`,
      [owner, seq],
    );
    return rows.map(toRow);
  }

  /** Newest first: the cosignatures this node holds, its own checkpoints' and the ones it gave. */
  async list(limit: number): Promise<CosignatureRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      'SELECT * FROM federation_cosignatures ORDER BY created_at DESC, checkpoint_seq DESC LIMIT $1',
      [limit],
    );
    return rows.map(toRow);
  }
}
