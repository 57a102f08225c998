import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quarantine of a request across nodes (docs/federation.md "Consistency"): a divergence of the two nodes'
 * histories that gap filling cannot explain, recorded once per request with both hashes and the envelope
 * that showed it; while it is here, users' actions and the peer's events on the request are refused.
 */
export class FederationQuarantine1795420600000 implements MigrationInterface {
  name = 'FederationQuarantine1795420600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "federation_quarantine" ("request_id" uuid NOT NULL, "peer_origin" character varying(300) NOT NULL, "seq" integer NOT NULL, "our_hash" character varying(128), "their_hash" character varying(128), "envelope_row_id" uuid, "envelope" jsonb, "source" character varying(8) NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_federation_quarantine" PRIMARY KEY ("request_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "federation_quarantine"`);
  }
}
