/**
 * Command-line parsing for `node dist/cli.js`, without a dependency:
 * `<command> [argument] [--option value|--option=value]`.
 */

export const USAGE = `Usage: node dist/cli.js <command> [options]   (or: npm run cli -- <command> [options])

Commands:
  issue-admin-token --name "<name>"   Create an operator admin user (no authority) and print its
                                      token on stdout. The token is shown once; only its hash is kept.
  migrate                             Create the database if missing and apply pending migrations
                                      (same as node dist/database/migrate.js).
  verify-export <file> [--public-key <pem file>]
                                      Verify an audit export (GET /v1/audit/export) offline, with no
                                      database: the export's signature, its checkpoints' signatures,
                                      every event's hash and chain link, and each event's inclusion
                                      proof under a signed checkpoint root. With --public-key, the
                                      export must be signed by that key (the node's published key);
                                      without it, compare the printed keyId with the published one.
                                      Prints the result as JSON; exit 0 valid, 1 not valid.
  rotate-federation-key               Rotate this federation node's signing key (NODE_ORIGIN set):
                                      the pre-committed next key (FEDERATION_NEXT_KEY_PATH) becomes
                                      the current one (FEDERATION_KEY_PATH), a new next key is
                                      generated and committed to, and the rotation is appended to
                                      the key log, signed by the old and the new key. Prints the new
                                      key-log head as JSON. Peers follow it through the key log.
  help                                Show this help.

Environment: DATABASE_URL (required except for verify-export); RUN_MIGRATIONS=false skips the
migrations that issue-admin-token and rotate-federation-key apply first; rotate-federation-key reads
NODE_ORIGIN, NODE_COUNTRY, FEDERATION_KEY_PATH and FEDERATION_NEXT_KEY_PATH. See .env.example.

Exit codes: 0 done (or valid), 1 failed (or not valid), 2 usage error.`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'migrate' }
  | { kind: 'issue-admin-token'; name: string }
  | { kind: 'rotate-federation-key' }
  | { kind: 'verify-export'; file: string; publicKey?: string };

export type ParseResult = { ok: true; command: CliCommand } | { ok: false; error: string };

/** Longest admin name the users table takes (users.name is varchar(200)). */
export const MAX_NAME_LENGTH = 200;

const OPTIONS: Record<CliCommand['kind'], readonly string[]> = {
  help: [],
  migrate: [],
  'issue-admin-token': ['name'],
  'verify-export': ['public-key'],
  'rotate-federation-key': [],
};

/** Commands that take one positional argument (a file). */
const TAKES_ARGUMENT: ReadonlySet<CliCommand['kind']> = new Set(['verify-export']);

export function parseArgs(argv: readonly string[]): ParseResult {
  const [commandName, ...rest] = argv;
  if (commandName === undefined) {
    return { ok: false, error: 'No command given.' };
  }
  if (['help', '--help', '-h'].includes(commandName) || rest.includes('--help') || rest.includes('-h')) {
    return { ok: true, command: { kind: 'help' } };
  }
  if (!isCommand(commandName)) {
    return { ok: false, error: `Unknown command: ${commandName}` };
  }
  const options = parseOptions(rest, OPTIONS[commandName], TAKES_ARGUMENT.has(commandName));
  if (!options.ok) {
    return options;
  }
  switch (commandName) {
    case 'help':
      return { ok: true, command: { kind: 'help' } };
    case 'migrate':
      return { ok: true, command: { kind: 'migrate' } };
    case 'rotate-federation-key':
      return { ok: true, command: { kind: 'rotate-federation-key' } };
    case 'issue-admin-token': {
      const name = options.values.get('name')?.trim();
      if (!name) {
        return { ok: false, error: 'issue-admin-token needs --name "<name>" (not empty).' };
      }
      if (name.length > MAX_NAME_LENGTH) {
        return { ok: false, error: `--name is longer than ${MAX_NAME_LENGTH} characters.` };
      }
      return { ok: true, command: { kind: 'issue-admin-token', name } };
    }
    case 'verify-export': {
      const file = options.argument;
      if (!file) {
        return { ok: false, error: 'verify-export needs the export file: verify-export <file>.' };
      }
      const publicKey = options.values.get('public-key');
      if (publicKey === '') {
        return { ok: false, error: '--public-key needs a file.' };
      }
      return { ok: true, command: { kind: 'verify-export', file, ...(publicKey ? { publicKey } : {}) } };
    }
  }
}

function isCommand(value: string): value is CliCommand['kind'] {
  return Object.hasOwn(OPTIONS, value);
}

function parseOptions(
  args: readonly string[],
  allowed: readonly string[],
  takesArgument = false,
): { ok: true; values: Map<string, string>; argument?: string } | { ok: false; error: string } {
  const values = new Map<string, string>();
  let argument: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      if (takesArgument && argument === undefined && !arg.startsWith('-') && arg !== '') {
        argument = arg;
        continue;
      }
      return { ok: false, error: `Unexpected argument: ${arg}` };
    }
    const key = match[1];
    if (!allowed.includes(key)) {
      return { ok: false, error: `Unknown option: --${key}` };
    }
    if (values.has(key)) {
      return { ok: false, error: `Option given twice: --${key}` };
    }
    let value = match[2];
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) {
        return { ok: false, error: `Option --${key} needs a value.` };
      }
      value = next;
      i++;
    }
    values.set(key, value);
  }
  return { ok: true, values, argument };
}
