import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Documents of requests (warrants, judgments, translations, evidence) with their SHA-256. */
export class Attachments1795380300000 implements MigrationInterface {
  name = 'Attachments1795380300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "authority_id" uuid NOT NULL, "uploaded_by_user_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "filename" character varying(255) NOT NULL, "media_type" character varying(255) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "description" character varying(1000), "content" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_attachments_request" ON "attachments"  ("request_id", "created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_attachments_request"`);
    await queryRunner.query(`DROP TABLE "attachments"`);
  }
}
