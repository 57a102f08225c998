import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '@/common/logging/json-logger';
import { chooseBackends } from '@/config/backends';
import { readDatabaseConfig } from '@/config/database.config';
import { prepareBackends, releaseEmbeddedDatabase } from '@/database/embedded/embedded-lifecycle';
import { prepareDatabase } from '@/database/prepare-database';
import { verifyExport } from '@/modules/audit/export-bundle';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { readFederationConfig } from '@/config/federation.config';
import { NodeIdentityModule } from '@/modules/federation/node-identity.module';
import { NodeIdentityService } from '@/modules/federation/node-identity.service';
import { formatFingerprint } from '@/modules/federation/fingerprint';
import { CliModule } from './cli.module';

export interface CliOutput {
  /** The command's result (the token): what a script captures. */
  out: (text: string) => void;
  /** Messages for the person at the terminal. */
  err: (text: string) => void;
}

/**
 * The backends a command needs (the embedded PostgreSQL when DATABASE_URL is unset), said in one line; a
 * malformed DATABASE_URL is named before anything starts.
 */
async function startBackends(io: CliOutput): Promise<void> {
  if (!chooseBackends().embeddedDatabase) {
    readDatabaseConfig();
  }
  io.err(await prepareBackends(io.err));
}

/** Same as dist/database/migrate.js: creates the database if missing, applies pending migrations. */
export async function migrate(io: CliOutput): Promise<void> {
  await startBackends(io);
  try {
    const applied = await prepareDatabase(readDatabaseConfig().url);
    io.out(
      JSON.stringify({ level: 'info', msg: 'migrations applied', applied, time: new Date().toISOString() }),
    );
  } finally {
    await releaseEmbeddedDatabase();
  }
}

/** Creates an operator admin and prints its token, once. Applies migrations first, as worker.ts does. */
export async function issueAdminToken(name: string, io: CliOutput): Promise<void> {
  await startBackends(io);
  const db = readDatabaseConfig();
  if (db.runMigrations) {
    const applied = await prepareDatabase(db.url);
    if (applied.length > 0) {
      io.err(`Migrations applied: ${applied.join(', ')}`);
    }
  }
  // Quiet: only errors, and on stderr, so that stdout carries nothing but the token.
  const logger = new JsonLogger('error', (line) => io.err(line));
  const app = await NestFactory.createApplicationContext(CliModule.register(), {
    logger,
    abortOnError: false,
  });
  try {
    const admin = await app.get(AuthoritiesService).createAdmin(name);
    io.err(
      `Created admin user ${admin.id} (${name}). Its token follows; it is shown this once, store it now.`,
    );
    io.out(admin.token);
  } finally {
    await app.close();
    await releaseEmbeddedDatabase();
  }
}

/**
 * Rotates the federation node's signing key to the pre-committed next one (NodeIdentityService.rotate) and
 * prints the new key-log head as JSON. Applies migrations first, as issue-admin-token does.
 */
export async function rotateFederationKey(io: CliOutput): Promise<void> {
  if (readFederationConfig().origin === null) {
    throw new Error(
      'NODE_ORIGIN is not set: this installation is not a federation node, it has no key to rotate',
    );
  }
  await startBackends(io);
  const db = readDatabaseConfig();
  if (db.runMigrations) {
    const applied = await prepareDatabase(db.url);
    if (applied.length > 0) {
      io.err(`Migrations applied: ${applied.join(', ')}`);
    }
  }
  const logger = new JsonLogger('error', (line) => io.err(line));
  const app = await NestFactory.createApplicationContext(CliModule.register([NodeIdentityModule]), {
    logger,
    abortOnError: false,
  });
  try {
    const identity = app.get(NodeIdentityService);
    const before = (await identity.identity()).state;
    const after = await identity.rotate();
    io.err(
      `Rotated the federation key of ${after.node}: key ${before.currentKey.kid} retired, ${after.currentKey.kid} ` +
        `now signs (key log seq ${after.seq}). Restart or wait: other processes of this node pick it up at their ` +
        'next signature; peers follow it through the key log. The fingerprint does not change.',
    );
    io.out(
      JSON.stringify(
        {
          node: after.node,
          keyLogSeq: after.seq,
          keyLogHead: after.head,
          previousKeyId: before.currentKey.kid,
          keyId: after.currentKey.kid,
          nextKeyDigest: after.nextKeyDigest,
          fingerprint: formatFingerprint(after.fingerprint),
        },
        null,
        2,
      ),
    );
  } finally {
    await app.close();
    await releaseEmbeddedDatabase();
  }
}

/**
 * Verifies an audit export offline (no database, no configuration): prints the result as JSON on stdout
 * and a sentence on stderr. Returns whether the export is valid.
 */
export function verifyExportFile(file: string, publicKeyFile: string | undefined, io: CliOutput): boolean {
  const text = readFileSync(file, 'utf8');
  const pinned = publicKeyFile === undefined ? undefined : readFileSync(publicKeyFile, 'utf8');
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch (err) {
    const reason = `not JSON: ${err instanceof Error ? err.message : String(err)}`;
    io.out(JSON.stringify({ valid: false, brokenAt: { reason } }, null, 2));
    io.err(`${file}: NOT VALID (${reason})`);
    return false;
  }
  const result = verifyExport(bundle, pinned);
  io.out(JSON.stringify(result, null, 2));
  if (result.valid) {
    io.err(
      `${file}: valid. ${result.events} events, ${result.checkpoints} signed checkpoints, ${result.proofs} ` +
        `inclusion proofs; signed by key ${result.keyId}` +
        (result.envelopes === undefined
          ? ''
          : `; ${result.envelopes} envelopes and ${result.receipts} receipts verified against the nodes' keys`) +
        (pinned === undefined ? " (compare it with the node's published key)." : ' (the given key).'),
    );
  } else {
    const at = result.brokenAt;
    const where = [
      at?.seq ? `event seq ${at.seq}` : null,
      at?.eventId ? `id ${at.eventId}` : null,
      at?.checkpointSeq ? `checkpoint ${at.checkpointSeq}` : null,
    ].filter(Boolean);
    io.err(
      `${file}: NOT VALID${where.length > 0 ? ` at ${where.join(', ')}` : ''}: ${at?.reason ?? 'unknown'}`,
    );
  }
  return result.valid;
}
