import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit log and the log of who read which request. Both are append-only like
 * audit_events: the same trigger, and the application role may only INSERT and SELECT them.
 */
export class AuditCheckpointsAccessLog1795380100000 implements MigrationInterface {
  name = 'AuditCheckpointsAccessLog1795380100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_checkpoints" ("seq" integer NOT NULL, "first_event_id" bigint NOT NULL, "last_event_id" bigint NOT NULL, "tree_size" integer NOT NULL, "root_hash" character(64) NOT NULL, "prev_hash" character(64), "hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" character(64) NOT NULL, "signature" character varying(128) NOT NULL, CONSTRAINT "PK_00d27c519361818fba5bb6602de" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_checkpoints_last_event" ON "audit_checkpoints" ("last_event_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_access_log" ("id" BIGSERIAL NOT NULL, "request_id" uuid NOT NULL, "user_id" uuid NOT NULL, "authority_id" uuid NOT NULL, "view" character varying(16) NOT NULL, "accessed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "http_request_id" character varying(64), CONSTRAINT "PK_a6cbc4043b0ccbc173b8855e315" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_access_log_request_time" ON "audit_access_log" ("request_id", "accessed_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_access_log_authority_time" ON "audit_access_log" ("authority_id", "accessed_at", "id")`,
    );
    for (const table of ['audit_checkpoints', 'audit_access_log']) {
      await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "${table}" FROM coop_app`);
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}"
           FOR EACH ROW EXECUTE FUNCTION audit_append_only()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_access_log_authority_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_access_log_request_time"`);
    // The triggers go with their tables.
    await queryRunner.query(`DROP TABLE "audit_access_log"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_checkpoints_last_event"`);
    await queryRunner.query(`DROP TABLE "audit_checkpoints"`);
  }
}
