import 'reflect-metadata';
import { runCli } from './cli/run';
import { loadEnvFile } from './config/load-env-file';

// Before any command reads DATABASE_URL for the migrations it applies first.
loadEnvFile();

/** Operator CLI: `node dist/cli.js help`. The commands live in src/cli/. */
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`CLI failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
