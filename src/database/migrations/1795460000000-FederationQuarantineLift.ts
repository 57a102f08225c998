import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A quarantine can be lifted by an admin once the operators have compared the two histories (who, when and
 * why are kept); the row stays, and a request may be quarantined again later: one open quarantine per
 * request instead of one row.
 */
export class FederationQuarantineLift1795460000000 implements MigrationInterface {
  name = 'FederationQuarantineLift1795460000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "federation_quarantine" DROP CONSTRAINT "PK_federation_quarantine"`);
    await queryRunner.query(
      `ALTER TABLE "federation_quarantine" ADD "id" bigint GENERATED ALWAYS AS IDENTITY, ADD "lifted_at" TIMESTAMP WITH TIME ZONE, ADD "lifted_by" uuid, ADD "lift_reason" text`,
    );
    await queryRunner.query(
      `ALTER TABLE "federation_quarantine" ADD CONSTRAINT "PK_federation_quarantine" PRIMARY KEY ("id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_federation_quarantine_open" ON "federation_quarantine" ("request_id") WHERE "lifted_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "federation_quarantine" WHERE "lifted_at" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "uq_federation_quarantine_open"`);
    await queryRunner.query(`ALTER TABLE "federation_quarantine" DROP CONSTRAINT "PK_federation_quarantine"`);
    await queryRunner.query(
      `ALTER TABLE "federation_quarantine" DROP COLUMN "lift_reason", DROP COLUMN "lifted_by", DROP COLUMN "lifted_at", DROP COLUMN "id"`,
    );
    await queryRunner.query(
      `ALTER TABLE "federation_quarantine" ADD CONSTRAINT "PK_federation_quarantine" PRIMARY KEY ("request_id")`,
    );
  }
}
