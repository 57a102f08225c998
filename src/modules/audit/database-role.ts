import type { DataSourceOptions } from 'typeorm';

/**
 * The database role the application works as (created by the AuditAppendOnly migration): full DML on the
 * case tables, but only INSERT and SELECT on the audit tables. Migrations run as the DATABASE_URL user
 * (the schema owner); every connection of the app's pool switches to this role at connect time
 * (`-c role=...` in the startup packet, the same as SET ROLE), so UPDATE or DELETE on the audit log fails
 * with "permission denied" before the append-only trigger is even reached.
 */
export const APP_DB_ROLE = 'coop_app';

export function asAppRole(options: DataSourceOptions): DataSourceOptions {
  if (options.type !== 'postgres') {
    throw new Error(`asAppRole expects postgres options, got ${options.type}`);
  }
  const extra = (options.extra ?? {}) as { options?: string };
  return {
    ...options,
    // Extensions are the owner's business (the migration runner installs them).
    installExtensions: false,
    extra: { ...extra, options: [extra.options, `-c role=${APP_DB_ROLE}`].filter(Boolean).join(' ') },
  };
}
