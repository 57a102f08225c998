import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four eyes (issue 15 part 2): each State's policy of the actions that need a second person, and the
 * actions prepared by one user for another of the same authority to confirm.
 */
export class FourEyes1795510000000 implements MigrationInterface {
  name = 'FourEyes1795510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "four_eyes_policies" ("country" character(3) NOT NULL, "rules" jsonb NOT NULL, ` +
        `"updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_by_user_id" uuid, ` +
        `CONSTRAINT "PK_four_eyes_policies" PRIMARY KEY ("country"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "action_preparations" ("id" uuid NOT NULL, "request_id" uuid NOT NULL, ` +
        `"authority_id" uuid NOT NULL, "action" character varying(64) NOT NULL, "payload" jsonb NOT NULL, ` +
        `"confirmer_role" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, ` +
        `"prepared_by_user_id" uuid NOT NULL, "prepared_at" TIMESTAMP WITH TIME ZONE NOT NULL, ` +
        `"closed_by_user_id" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, ` +
        `CONSTRAINT "PK_action_preparations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_action_preparations_authority_status" ON "action_preparations" ` +
        `("authority_id", "status", "prepared_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_action_preparations_request" ON "action_preparations" ("request_id", "prepared_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_action_preparations_request"`);
    await queryRunner.query(`DROP INDEX "ix_action_preparations_authority_status"`);
    await queryRunner.query(`DROP TABLE "action_preparations"`);
    await queryRunner.query(`DROP TABLE "four_eyes_policies"`);
  }
}
