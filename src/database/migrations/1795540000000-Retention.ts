import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention and deletion of received material (issue 15 part 4): a document's review decision (keep until
 * a date, or delete) and its deletion (content removed, who, when, why, the deletion certificate). The
 * content becomes nullable: a deleted document keeps its metadata and SHA-256, not its bytes.
 */
export class Retention1795540000000 implements MigrationInterface {
  name = 'Retention1795540000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attachments" ALTER COLUMN "content" DROP NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE "attachments"
        ADD "review_decision" character varying(8),
        ADD "reviewed_at" TIMESTAMP WITH TIME ZONE,
        ADD "reviewed_by_user_id" uuid,
        ADD "keep_until" date,
        ADD "deleted_at" TIMESTAMP WITH TIME ZONE,
        ADD "deleted_by_user_id" uuid,
        ADD "deletion_reason" character varying(2000),
        ADD "deletion_certificate" jsonb
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "attachments"
        DROP COLUMN "deletion_certificate",
        DROP COLUMN "deletion_reason",
        DROP COLUMN "deleted_by_user_id",
        DROP COLUMN "deleted_at",
        DROP COLUMN "keep_until",
        DROP COLUMN "reviewed_by_user_id",
        DROP COLUMN "reviewed_at",
        DROP COLUMN "review_decision"
    `);
    await queryRunner.query(`UPDATE "attachments" SET "content" = ''::bytea WHERE "content" IS NULL`);
    await queryRunner.query(`ALTER TABLE "attachments" ALTER COLUMN "content" SET NOT NULL`);
  }
}
