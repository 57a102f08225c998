import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Checkpoints keep the roots of their 256-leaf chunks, so that an export's proofs need one chunk each. */
export class AuditCheckpointChunkRoots1795380400000 implements MigrationInterface {
  name = 'AuditCheckpointChunkRoots1795380400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_checkpoints" ADD "chunk_roots" bytea`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_checkpoints" DROP COLUMN "chunk_roots"`);
  }
}
