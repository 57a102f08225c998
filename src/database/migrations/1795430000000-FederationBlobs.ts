import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents pulled from a peer by digest (docs/federation.md "Documents by digest, and the proof in the
 * export"): federation_blob_parts holds the parts of a document being pulled, committed part by part, so that
 * a cut transfer resumes (HTTP Range) where it stopped; once the whole document is there and its SHA-256 and
 * size check, it becomes an attachment and its parts are deleted. Plain SQL, no entity: nothing but the
 * federation module reads it.
 */
export class FederationBlobs1795430000000 implements MigrationInterface {
  name = 'FederationBlobs1795430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "federation_blob_parts" ("sha256" character(64) NOT NULL, "offset" bigint NOT NULL, "data" bytea NOT NULL, "peer_origin" character varying(300) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_federation_blob_parts" PRIMARY KEY ("sha256", "offset"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "federation_blob_parts"`);
  }
}
