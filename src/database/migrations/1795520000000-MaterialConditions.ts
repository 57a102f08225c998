import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conditions that travel with the evidence (arts 36, 40; UNTOC 18(19)): the sender's conditions on a
 * request and the documents they govern, with the receiver's acceptance; the receiver's requests for
 * consent to another use or an onward transfer, with the sender's answer; the uses and onward transfers
 * recorded under a granted consent (append-only, like the access log). The access log names the document
 * read (item_id), so that the sender can be given a use report of its material per item.
 */
export class MaterialConditions1795520000000 implements MigrationInterface {
  name = 'MaterialConditions1795520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "request_conditions" (
        "id" uuid NOT NULL,
        "request_id" uuid NOT NULL,
        "authority_id" uuid NOT NULL,
        "created_by_user_id" uuid NOT NULL,
        "type" character varying(24) NOT NULL,
        "text" character varying(5000) NOT NULL,
        "proceedings" character varying(1000),
        "retention_days" integer,
        "retention_until" date,
        "item_ids" uuid array NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "accepted_at" TIMESTAMP WITH TIME ZONE,
        "accepted_by_user_id" uuid,
        "accepted_by_authority_id" uuid,
        CONSTRAINT "pk_request_conditions" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_request_conditions_request" ON "request_conditions" ("request_id", "created_at") `,
    );
    await queryRunner.query(`
      CREATE TABLE "request_consents" (
        "id" uuid NOT NULL,
        "request_id" uuid NOT NULL,
        "kind" character varying(24) NOT NULL,
        "recipient" character varying(300) NOT NULL,
        "purpose" character varying(5000) NOT NULL,
        "item_ids" uuid array NOT NULL,
        "sender_authority_id" uuid NOT NULL,
        "requested_by_authority_id" uuid NOT NULL,
        "requested_by_user_id" uuid NOT NULL,
        "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" character varying(16) NOT NULL,
        "answered_by_user_id" uuid,
        "answered_at" TIMESTAMP WITH TIME ZONE,
        "written_ref" character varying(300),
        "answer_reasons" character varying(5000),
        CONSTRAINT "pk_request_consents" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_request_consents_request" ON "request_consents" ("request_id", "requested_at") `,
    );
    await queryRunner.query(`
      CREATE TABLE "material_uses" (
        "id" uuid NOT NULL,
        "request_id" uuid NOT NULL,
        "consent_id" uuid NOT NULL,
        "kind" character varying(24) NOT NULL,
        "recipient" character varying(300) NOT NULL,
        "item_ids" uuid array NOT NULL,
        "authority_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_material_uses" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_material_uses_request" ON "material_uses" ("request_id", "recorded_at") `,
    );
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "material_uses" FROM coop_app`);
    await queryRunner.query(`ALTER TABLE "audit_access_log" ADD "item_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_access_log" DROP COLUMN "item_id"`);
    await queryRunner.query(`DROP TABLE "material_uses"`);
    await queryRunner.query(`DROP TABLE "request_consents"`);
    await queryRunner.query(`DROP TABLE "request_conditions"`);
  }
}
