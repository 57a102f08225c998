import 'reflect-metadata';
import { runCli } from './cli/run';
import { loadEnvFile } from './config/load-env-file';

/**
 * Operator CLI: `node dist/cli.js help`. The commands live in src/cli/. Its output is for a person at a
 * terminal (and the result on stdout for a script); a failure is one line on stderr, exit 1.
 */
const oneLine = (text: string): string =>
  text.replace(/:?\s*\n\s*/g, (m) => (m.startsWith(':') ? ': ' : '; '));

const io = {
  out: (text: string) => process.stdout.write(text + '\n'),
  // "<command> failed: <why>": one line even when why is a list (an invalid configuration names each variable).
  err: (text: string) => process.stderr.write((/^[\w-]+ failed: /.test(text) ? oneLine(text) : text) + '\n'),
};

function fail(err: unknown): never {
  process.stderr.write(`CLI failed: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
  process.exit(1);
}

try {
  // Before any command reads DATABASE_URL for the migrations it applies first.
  loadEnvFile();
} catch (err) {
  fail(err);
}

runCli(process.argv.slice(2), io).then((code) => process.exit(code), fail);
