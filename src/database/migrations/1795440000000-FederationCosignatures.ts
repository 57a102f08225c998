import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cosigned audit checkpoints (docs/federation.md "Key rotation between peers, cosigned checkpoints"): one row
 * per (owner, cosigner, checkpoint seq), kept by both nodes: the owner the cosignatures of its checkpoints,
 * the cosigner the heads it cosigned for each peer (the base of the next consistency proof). Rows are only inserted.
 */
export class FederationCosignatures1795440000000 implements MigrationInterface {
  name = 'FederationCosignatures1795440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "federation_cosignatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_origin" character varying(300) NOT NULL, "cosigner_origin" character varying(300) NOT NULL, "checkpoint_seq" integer NOT NULL, "checkpoint_hash" character(64) NOT NULL, "log_root" character(64) NOT NULL, "checkpoint" jsonb NOT NULL, "statement" jsonb NOT NULL, "signature" text NOT NULL, "signer_kid" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_federation_cosignatures" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_federation_cosignatures" ON "federation_cosignatures" ("owner_origin", "cosigner_origin", "checkpoint_seq")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "federation_cosignatures"`);
  }
}
