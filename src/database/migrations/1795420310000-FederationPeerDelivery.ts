import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery state per peer (docs/federation.md "Delivery: retries, circuit breaker, TIMEOUT, alerts,
 * heartbeats"), next to the health columns federation_peers already has (failures, last success and failure,
 * breaker state): why the last attempt failed, until when the breaker stays open, the half-open probe's
 * claim, and the heartbeats sent to and received from the peer (the last one received as it came); an index
 * of the envelopes still owed to each peer (queue depth, resend, the TIMEOUT sweep).
 */
export class FederationPeerDelivery1795420310000 implements MigrationInterface {
  name = 'FederationPeerDelivery1795420310000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "federation_peers" ADD "last_failure_reason" text, ADD "breaker_open_until" TIMESTAMP WITH TIME ZONE, ADD "breaker_probe_until" TIMESTAMP WITH TIME ZONE, ADD "heartbeat_sent_at" TIMESTAMP WITH TIME ZONE, ADD "heartbeat_received_at" TIMESTAMP WITH TIME ZONE, ADD "last_heartbeat" jsonb`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_federation_envelopes_pending" ON "federation_envelopes" ("peer_origin", "created_at") WHERE direction = 'out' AND status = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_federation_envelopes_pending"`);
    await queryRunner.query(
      `ALTER TABLE "federation_peers" DROP COLUMN "last_heartbeat", DROP COLUMN "heartbeat_received_at", DROP COLUMN "heartbeat_sent_at", DROP COLUMN "breaker_probe_until", DROP COLUMN "breaker_open_until", DROP COLUMN "last_failure_reason"`,
    );
  }
}
