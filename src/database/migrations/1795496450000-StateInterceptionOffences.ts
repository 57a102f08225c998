import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A State's declaration of the offences (UNCC articles 7-21) for which its law allows the interception of
 * content data (art. 46): the real-time collection channel refuses an interception request whose offences
 * are not among them. Null (every existing row): none declared, interception is not available.
 */
export class StateInterceptionOffences1795496450000 implements MigrationInterface {
  name = 'StateInterceptionOffences1795496450000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "state_settings" ADD "interception_offences" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "state_settings" DROP COLUMN "interception_offences"`);
  }
}
