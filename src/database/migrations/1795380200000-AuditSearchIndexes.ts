import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit search reads newest first with a keyset cursor on (occurred_at, id): one index on that pair, and
 * one per selective filter (action, resulting status, acting user) followed by the same pair.
 */
export class AuditSearchIndexes1795380200000 implements MigrationInterface {
  name = 'AuditSearchIndexes1795380200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_occurred_at"`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_time_id" ON "audit_events" ("occurred_at", "id")`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_action_time" ON "audit_events" ("action", "occurred_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_status_time" ON "audit_events" ("to_status", "occurred_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_actor_time" ON "audit_events" ("actor_user_id", "occurred_at", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_actor_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_status_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_action_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_time_id"`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_occurred_at" ON "audit_events" ("occurred_at")`);
  }
}
