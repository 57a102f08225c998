import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Directory, identities, requests, the hash-chained audit log and the outbox. */

export class InitialSchema1795375335775 implements MigrationInterface {
  name = 'InitialSchema1795375335775';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_bbd687a104e1921e6702c6e3aad" UNIQUE ("token_hash"), CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b74883f5884a42fd8496d389b2" ON "api_tokens"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "authorities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "name" character varying(300) NOT NULL, "country" character(3) NOT NULL, "kind" character varying(20) NOT NULL, "languages" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e8a96dffe7b1ab4e69862ccfc2a" UNIQUE ("code"), CONSTRAINT "PK_10bd95b9548629cdf02016dab65" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "authority_id" uuid, "name" character varying(200) NOT NULL, "roles" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_45da59cb386f4cbc4aa8c1806f" ON "users"  ("authority_id") `);
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "request_id" uuid NOT NULL, "seq" integer NOT NULL, "action" character varying(64) NOT NULL, "from_status" character varying(64), "to_status" character varying(64) NOT NULL, "actor_type" character varying(10) NOT NULL, "actor_user_id" uuid, "actor_authority_id" uuid, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" character(64), "hash" character(64) NOT NULL, CONSTRAINT "uq_audit_events_request_seq" UNIQUE ("request_id", "seq"), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_events_occurred_at" ON "audit_events"  ("occurred_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_authority_time" ON "audit_events"  ("actor_authority_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "cooperation_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" character varying(32) NOT NULL, "channel" character varying(32) NOT NULL, "status" character varying(64) NOT NULL, "version" integer NOT NULL, "requesting_authority_id" uuid NOT NULL, "requested_authority_id" uuid NOT NULL, "created_by_user_id" uuid NOT NULL, "urgency" character varying(16) NOT NULL, "language" character varying(2), "subject" text, "proceeding_type" character varying(32), "offences" jsonb NOT NULL, "facts_summary" text, "assistance_sought" text, "purpose" text, "persons_concerned" jsonb NOT NULL, "confidential" boolean NOT NULL, "suggested_deadline" TIMESTAMP WITH TIME ZONE, "deadline_reason" text, "follows_up_request_id" uuid, "details" jsonb NOT NULL, "case_data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_610961d13841ad858186076c323" UNIQUE ("reference"), CONSTRAINT "PK_318408f8a570bfdffcb1f918e4d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_requests_incoming" ON "cooperation_requests"  ("requested_authority_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_requests_outgoing" ON "cooperation_requests"  ("requesting_authority_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reference_counters" ("country" character(3) NOT NULL, "year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_26edb82b7b41e0575070797a785" PRIMARY KEY ("country", "year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "request_id" uuid NOT NULL, "queue" character varying(64) NOT NULL, "job_name" character varying(64) NOT NULL, "job_id" character varying(200) NOT NULL, "transition_seq" integer NOT NULL, "payload" jsonb NOT NULL, "priority" integer NOT NULL, "run_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "enqueued_at" TIMESTAMP WITH TIME ZONE, "processed_at" TIMESTAMP WITH TIME ZONE, "outcome" character varying(16), "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "UQ_fca572df71a1e08db50f81f7617" UNIQUE ("job_id"), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_pending" ON "outbox"  ("run_at") WHERE processed_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_pending"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP TABLE "reference_counters"`);
    await queryRunner.query(`DROP INDEX "public"."ix_requests_outgoing"`);
    await queryRunner.query(`DROP INDEX "public"."ix_requests_incoming"`);
    await queryRunner.query(`DROP TABLE "cooperation_requests"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_authority_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_occurred_at"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_45da59cb386f4cbc4aa8c1806f"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "authorities"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b74883f5884a42fd8496d389b2"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
  }
}
