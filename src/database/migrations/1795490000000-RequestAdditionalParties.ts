import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests with more than two parties (joint investigation teams, art. 48): the further requested-side
 * authorities, beyond requested_authority_id. Every existing request is a two-party one (an empty list).
 * GIN with jsonb_path_ops so that a party's inbox, search and statistics find them by containment.
 */
export class RequestAdditionalParties1795490000000 implements MigrationInterface {
  name = 'RequestAdditionalParties1795490000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "cooperation_requests" ADD "additional_party_ids" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_requests_additional_parties" ON "cooperation_requests"
         USING gin ("additional_party_ids" jsonb_path_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_requests_additional_parties"`);
    await queryRunner.query(`ALTER TABLE "cooperation_requests" DROP COLUMN "additional_party_ids"`);
  }
}
