import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each token was last used, so that the operator can tell a dormant token from a live one before
 * revoking it (the console's users screen). Written when a token is resolved from the database, so it is
 * exact to within the principal cache's TTL (AUTH_CACHE_TTL_MS).
 */
export class ApiTokenLastUsed1795470000000 implements MigrationInterface {
  name = 'ApiTokenLastUsed1795470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_tokens" ADD "last_used_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP COLUMN "last_used_at"`);
  }
}
