import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '@/common/logging/json-logger';
import { readDatabaseConfig } from '@/config/database.config';
import { ensureDatabase } from '@/database/ensure-database';
import { runMigrations } from '@/database/run-migrations';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { CliModule } from './cli.module';

export interface CliOutput {
  /** The command's result (the token): what a script captures. */
  out: (text: string) => void;
  /** Messages for the person at the terminal. */
  err: (text: string) => void;
}

/** Same as dist/database/migrate.js: creates the database if missing, applies pending migrations. */
export async function migrate(io: CliOutput): Promise<void> {
  const { url } = readDatabaseConfig();
  await ensureDatabase(url);
  const applied = await runMigrations(url);
  io.out(
    JSON.stringify({ level: 'info', msg: 'migrations applied', applied, time: new Date().toISOString() }),
  );
}

/** Creates an operator admin and prints its token, once. Applies migrations first, as worker.ts does. */
export async function issueAdminToken(name: string, io: CliOutput): Promise<void> {
  const db = readDatabaseConfig();
  if (db.runMigrations) {
    await ensureDatabase(db.url);
    const applied = await runMigrations(db.url);
    if (applied.length > 0) {
      io.err(`Migrations applied: ${applied.join(', ')}`);
    }
  }
  // Quiet: only errors, and on stderr, so that stdout carries nothing but the token.
  const logger = new JsonLogger('error', (line) => io.err(line));
  const app = await NestFactory.createApplicationContext(CliModule, { logger, abortOnError: false });
  try {
    const admin = await app.get(AuthoritiesService).createAdmin(name);
    io.err(
      `Created admin user ${admin.id} (${name}). Its token follows; it is shown this once, store it now.`,
    );
    io.out(admin.token);
  } finally {
    await app.close();
  }
}
