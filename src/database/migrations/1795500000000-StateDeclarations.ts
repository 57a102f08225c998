import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register of each State's declarations under the Convention (issue 15): every version of the record,
 * who wrote it and when, hash-chained per State and append-only (its own audit trail, as the peers' events).
 * state_settings stays the current periods the clocks read, written in the same transaction as a version.
 * Attachments get the language a document is written in and, for a translation, who certified it.
 */
export class StateDeclarations1795500000000 implements MigrationInterface {
  name = 'StateDeclarations1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "state_declaration_versions" ("id" BIGSERIAL NOT NULL, "country" character(3) NOT NULL, "version" integer NOT NULL, "record" jsonb NOT NULL, "source" character varying(16) NOT NULL, "note" character varying(1000), "written_by_user_id" uuid NOT NULL, "written_by_name" character varying(200) NOT NULL, "written_at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" character(64), "hash" character(64) NOT NULL, CONSTRAINT "PK_state_declaration_versions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_state_declaration_versions" ON "state_declaration_versions" ("country", "version") `,
    );
    const table = 'state_declaration_versions';
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "${table}" FROM coop_app`);
    await queryRunner.query(
      `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
         FOR EACH ROW EXECUTE FUNCTION audit_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
         FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`,
    );
    await queryRunner.query(`ALTER TABLE "attachments" ADD "language" character varying(2)`);
    await queryRunner.query(`ALTER TABLE "attachments" ADD "certified_by" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "attachments" ADD "certified_at" date`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "certified_at"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "certified_by"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "language"`);
    const table = 'state_declaration_versions';
    await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
    await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    await queryRunner.query(`DROP INDEX "public"."uq_state_declaration_versions"`);
    await queryRunner.query(`DROP TABLE "state_declaration_versions"`);
  }
}
