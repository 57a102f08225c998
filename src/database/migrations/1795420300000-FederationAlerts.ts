import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Federation alerts (docs/federation.md "Delivery: retries, circuit breaker, TIMEOUT, alerts, heartbeats"):
 * what an admin must look at because delivery could not fix it by itself; resolved by an admin, never
 * deleted.
 */
export class FederationAlerts1795420300000 implements MigrationInterface {
  name = 'FederationAlerts1795420300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "federation_alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(40) NOT NULL, "peer_origin" character varying(300), "request_id" uuid, "envelope_row_id" uuid, "message" text NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" uuid, CONSTRAINT "PK_federation_alerts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_federation_alerts_open" ON "federation_alerts" ("raised_at") WHERE resolved_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "federation_alerts"`);
  }
}
