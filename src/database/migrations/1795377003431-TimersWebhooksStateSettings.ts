import type { MigrationInterface, QueryRunner } from 'typeorm';

/** State settings (legal periods per State), webhooks, and outbox rows that carry timers and links. */
export class TimersWebhooksStateSettings1795377003431 implements MigrationInterface {
  name = 'TimersWebhooksStateSettings1795377003431';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "state_settings" ("country" character(3) NOT NULL, "preservation_days" double precision, "provisional_arrest_days" double precision, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_286858f229434d64132eed3fb00" PRIMARY KEY ("country"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "authority_id" uuid NOT NULL, "request_id" uuid NOT NULL, "event_id" bigint NOT NULL, "body" jsonb NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL, "attempt_log" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_deliveries_subscription" ON "webhook_deliveries"  ("subscription_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "authority_id" uuid NOT NULL, "url" character varying(2000) NOT NULL, "description" character varying(300), "secret" character varying(100) NOT NULL, "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_webhook_subscriptions_authority" ON "webhook_subscriptions"  ("authority_id") `,
    );
    // Existing rows were all a request's own work (deliveries, postponement ends).
    await queryRunner.query(`ALTER TABLE "outbox" ADD "source_request_id" uuid`);
    await queryRunner.query(`UPDATE "outbox" SET "source_request_id" = "request_id"`);
    await queryRunner.query(`ALTER TABLE "outbox" ALTER COLUMN "source_request_id" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "outbox" ADD "kind" character varying(16) NOT NULL DEFAULT 'transition'`,
    );
    await queryRunner.query(`UPDATE "outbox" SET "kind" = 'timer' WHERE "job_name" = 'PostponementEnd'`);
    await queryRunner.query(`ALTER TABLE "outbox" ALTER COLUMN "kind" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD "label" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD "basis" text`);
    await queryRunner.query(
      `CREATE INDEX "ix_requests_follows_up" ON "cooperation_requests"  ("follows_up_request_id") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_outbox_request" ON "outbox"  ("request_id", "run_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_request"`);
    await queryRunner.query(`DROP INDEX "public"."ix_requests_follows_up"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "basis"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "label"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "kind"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "source_request_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_subscriptions_authority"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_subscription"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "state_settings"`);
  }
}
