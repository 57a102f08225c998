import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log becomes append-only at the database level:
 * - a trigger refuses UPDATE, DELETE and TRUNCATE on audit_events, whoever asks (only a superuser who
 *   turns triggers off, e.g. SET session_replication_role = replica, gets past it);
 * - the role the application works as, coop_app (see src/modules/audit/database-role.ts), may read and
 *   write every table but only INSERT and SELECT the audit log. Migrations keep running as the schema
 *   owner (the DATABASE_URL user), which is made a member of coop_app so that it may SET ROLE to it.
 * Roles belong to the whole Postgres cluster: coop_app is created once and shared by every database of
 * the cluster that runs this migration; privileges are per database.
 */
export class AuditAppendOnly1795380000000 implements MigrationInterface {
  name = 'AuditAppendOnly1795380000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Several databases may migrate at once (tests): a concurrent CREATE ROLE loses on the unique index.
    await queryRunner.query(`
      DO $$
      BEGIN
        CREATE ROLE coop_app NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END $$`);
    await queryRunner.query(`
      DO $$
      BEGIN
        IF NOT pg_has_role(current_user, 'coop_app', 'MEMBER') THEN
          EXECUTE format('GRANT coop_app TO %I', current_user);
        END IF;
      END $$`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO coop_app`);
    await queryRunner.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO coop_app`,
    );
    await queryRunner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO coop_app`);
    // Tables that later migrations create (as the same owner) get the same grants.
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO coop_app`,
    );
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO coop_app`,
    );
    // The application never migrates.
    await queryRunner.query(`REVOKE ALL ON TABLE "migrations" FROM coop_app`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "audit_events" FROM coop_app`);
    await queryRunner.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'AUD01',
                HINT = 'Audit records are never changed or removed; append a new record instead.';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events"
         FOR EACH ROW EXECUTE FUNCTION audit_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events"
         FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_no_truncate ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER audit_events_append_only ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_append_only()`);
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT, UPDATE ON SEQUENCES FROM coop_app`,
    );
    await queryRunner.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM coop_app`,
    );
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM coop_app`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM coop_app`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM coop_app`);
    // Other databases of the cluster may still grant the role privileges: then it stays.
    await queryRunner.query(`
      DO $$
      BEGIN
        DROP ROLE coop_app;
      EXCEPTION WHEN dependent_objects_still_exist THEN
        RAISE NOTICE 'role coop_app kept: other databases still use it';
      END $$`);
  }
}
