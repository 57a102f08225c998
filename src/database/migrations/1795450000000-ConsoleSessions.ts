import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console sessions (docs/console.md "Sessions"): one row per sign-in. The browser holds an opaque random id
 * in the coop_session cookie; the row keeps only its SHA-256 (`session_hash`) and the hash of the access
 * token it was opened with (`token_hash`, the same hash as api_tokens.token_hash, so that a revoked token or
 * a disabled user ends its sessions too), never a token. A session ends on sign-out (`ended_at`), after
 * CONSOLE_SESSION_IDLE_MIN without a request (`last_seen_at`), or at `expires_at` (the absolute maximum).
 */
export class ConsoleSessions1795450000000 implements MigrationInterface {
  name = 'ConsoleSessions1795450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "console_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_hash" character(64) NOT NULL, "token_hash" character(64) NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_console_sessions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_console_sessions_hash" ON "console_sessions" ("session_hash")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_console_sessions_expires" ON "console_sessions" ("expires_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "console_sessions"`);
  }
}
