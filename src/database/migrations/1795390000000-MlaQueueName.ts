import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The MLA channel has one name everywhere: its queue `evidence-sharing` becomes `mla`. Undone rows move to
 * the new queue, where the sweep re-offers them (same deterministic job ids); jobs left in Redis under the
 * old queue have no worker and change nothing. Done rows are renamed too, so that history reads one name.
 */
export class MlaQueueName1795390000000 implements MigrationInterface {
  name = 'MlaQueueName1795390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "outbox" SET "queue" = 'mla' WHERE "queue" = 'evidence-sharing'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "outbox" SET "queue" = 'evidence-sharing' WHERE "queue" = 'mla'`);
  }
}
