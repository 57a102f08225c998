import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cross-node delivery (docs/federation.md "Envelopes and receipts"):
 * - federation_envelopes: every envelope sent (`out`) or received (`in`), verbatim with its digest; unique on
 *   (direction, peer, envelope id) so that the inbox stores an envelope once (a duplicate answers the
 *   original receipt, the same id with another digest is a conflict).
 * - federation_receipts: the receipts about each envelope (DELIVERY, PROCESSED, REJECTED, TIMEOUT), signed
 *   by their issuer (signer kid and detached JWS), as received or issued.
 */
export class FederationEnvelopes1795410000000 implements MigrationInterface {
  name = 'FederationEnvelopes1795410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "federation_envelopes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "direction" character varying(3) NOT NULL, "peer_origin" character varying(300) NOT NULL, "envelope_id" uuid NOT NULL, "request_id" uuid NOT NULL, "type" character varying(80) NOT NULL, "stream_seq" integer NOT NULL, "digest" character(43) NOT NULL, "envelope" jsonb NOT NULL, "status" character varying(16) NOT NULL, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_federation_envelopes" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_federation_envelopes_peer_id" ON "federation_envelopes" ("direction", "peer_origin", "envelope_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_federation_envelopes_request" ON "federation_envelopes" ("request_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "federation_receipts" ("id" BIGSERIAL NOT NULL, "envelope_row_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "result" character varying(32) NOT NULL, "code" character varying(32), "reason" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "signer_kid" character varying(64), "signature" text, "receipt" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_federation_receipts" PRIMARY KEY ("id"), CONSTRAINT "FK_federation_receipts_envelope" FOREIGN KEY ("envelope_row_id") REFERENCES "federation_envelopes"("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_federation_receipts_envelope" ON "federation_receipts" ("envelope_row_id", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "federation_receipts"`);
    await queryRunner.query(`DROP TABLE "federation_envelopes"`);
  }
}
