import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Federation foundation (docs/federation.md): this node's key log, its peers and their audit trail, and
 * remote authorities in the directory.
 * - federation_key_log: the hash-chained key events (inception, rotation, revocation), append-only like the
 *   audit log (trigger, and no UPDATE/DELETE/TRUNCATE for the application role).
 * - federation_peers: other nodes, PENDING_CONFIRMATION until a second admin confirms the fingerprint, then
 *   PINNED (or SUSPENDED); delivery-health columns for the cross-node delivery to fill.
 * - federation_peer_events: who changed which peer how, hash-chained per peer, append-only.
 * - authorities.node_origin (null: hosted here) and authorities.active (listed in the directory); an
 *   authority code is unique per node instead of across the table.
 */
export class Federation1795400000000 implements MigrationInterface {
  name = 'Federation1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "federation_peers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "origin" character varying(300) NOT NULL, "country" character(3) NOT NULL, "status" character varying(24) NOT NULL, "fingerprint" character(64) NOT NULL, "key_state" jsonb NOT NULL, "pinned_head" jsonb, "document" jsonb NOT NULL, "authorities" jsonb NOT NULL, "added_by_user_id" uuid NOT NULL, "added_by_name" character varying(200) NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL, "confirmed_by_user_id" uuid, "confirmed_by_name" character varying(200), "confirmed_at" TIMESTAMP WITH TIME ZONE, "suspended_by_user_id" uuid, "suspended_by_name" character varying(200), "suspended_at" TIMESTAMP WITH TIME ZONE, "queue_depth" integer NOT NULL DEFAULT '0', "last_success_at" TIMESTAMP WITH TIME ZONE, "last_failure_at" TIMESTAMP WITH TIME ZONE, "failures" integer NOT NULL DEFAULT '0', "breaker_state" character varying(16) NOT NULL DEFAULT 'closed', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_63fa738d58f295316bd74258855" UNIQUE ("origin"), CONSTRAINT "PK_887617fb2f13c43cca7ca372f12" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "federation_key_log" ("seq" integer NOT NULL, "digest" character(43) NOT NULL, "type" character varying(16) NOT NULL, "event" jsonb NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_423e3667618b55eb0b4a323d0f8" UNIQUE ("digest"), CONSTRAINT "PK_d21f7364d00064427a3f1af08eb" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "federation_peer_events" ("id" BIGSERIAL NOT NULL, "peer_id" uuid NOT NULL, "seq" integer NOT NULL, "action" character varying(16) NOT NULL, "from_status" character varying(24), "to_status" character varying(24) NOT NULL, "actor_user_id" uuid NOT NULL, "actor_name" character varying(200) NOT NULL, "details" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" character(64), "hash" character(64) NOT NULL, CONSTRAINT "PK_70f138bfd8a4263546a04a16e83" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_federation_peer_events_seq" ON "federation_peer_events" ("peer_id", "seq") `,
    );
    await queryRunner.query(`ALTER TABLE "authorities" ADD "node_origin" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "authorities" ADD "active" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "authorities" DROP CONSTRAINT "UQ_e8a96dffe7b1ab4e69862ccfc2a"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_authorities_remote_code" ON "authorities" ("node_origin", "code") WHERE "node_origin" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_authorities_local_code" ON "authorities" ("code") WHERE "node_origin" IS NULL`,
    );
    // Append-only, as the audit log (audit_append_only() comes from the AuditAppendOnly migration).
    for (const table of ['federation_key_log', 'federation_peer_events']) {
      await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "${table}" FROM coop_app`);
      await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
           FOR EACH ROW EXECUTE FUNCTION audit_append_only()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['federation_peer_events', 'federation_key_log']) {
      await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    }
    await queryRunner.query(`DROP INDEX "public"."uq_authorities_local_code"`);
    await queryRunner.query(`DROP INDEX "public"."uq_authorities_remote_code"`);
    // Fails if two nodes' authorities share a code: unpin one of them first.
    await queryRunner.query(
      `ALTER TABLE "authorities" ADD CONSTRAINT "UQ_e8a96dffe7b1ab4e69862ccfc2a" UNIQUE ("code")`,
    );
    await queryRunner.query(`ALTER TABLE "authorities" DROP COLUMN "active"`);
    await queryRunner.query(`ALTER TABLE "authorities" DROP COLUMN "node_origin"`);
    await queryRunner.query(`DROP INDEX "public"."uq_federation_peer_events_seq"`);
    await queryRunner.query(`DROP TABLE "federation_peer_events"`);
    await queryRunner.query(`DROP TABLE "federation_key_log"`);
    await queryRunner.query(`DROP TABLE "federation_peers"`);
  }
}
