import type { TestApp } from './test-app';

/**
 * Runs SQL against the audit tables the way an intruder with superuser rights would: on the test's
 * superuser connection, with triggers switched off for the transaction (the append-only trigger
 * otherwise refuses any UPDATE or DELETE, even a superuser's).
 */
export async function tamper(t: TestApp, sql: string, params: unknown[] = []): Promise<void> {
  await t.db.query('BEGIN');
  try {
    await t.db.query('SET LOCAL session_replication_role = replica');
    await t.db.query(sql, params);
    await t.db.query('COMMIT');
  } catch (err) {
    await t.db.query('ROLLBACK');
    throw err;
  }
}
