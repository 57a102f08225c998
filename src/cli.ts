import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { runCli } from './cli/run';

// Like ConfigModule (envFilePath '.env'): values from ./.env, never overriding the real environment.
// Loaded here, before any command reads DATABASE_URL for the migrations it applies first.
if (existsSync('.env')) {
  process.loadEnvFile('.env');
}

/** Operator CLI: `node dist/cli.js help`. The commands live in src/cli/. */
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`CLI failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
