/** Command-line parsing for `node dist/cli.js`, without a dependency: `<command> [--option value|--option=value]`. */

export const USAGE = `Usage: node dist/cli.js <command> [options]   (or: npm run cli -- <command> [options])

Commands:
  issue-admin-token --name "<name>"   Create an operator admin user (no authority) and print its
                                      token on stdout. The token is shown once; only its hash is kept.
  migrate                             Create the database if missing and apply pending migrations
                                      (same as node dist/database/migrate.js).
  help                                Show this help.

Environment: DATABASE_URL (required); RUN_MIGRATIONS=false skips the migrations that
issue-admin-token applies first. See .env.example.

Exit codes: 0 done, 1 failed, 2 usage error.`;

export type CliCommand = { kind: 'help' } | { kind: 'migrate' } | { kind: 'issue-admin-token'; name: string };

export type ParseResult = { ok: true; command: CliCommand } | { ok: false; error: string };

/** Longest admin name the users table takes (users.name is varchar(200)). */
export const MAX_NAME_LENGTH = 200;

const OPTIONS: Record<CliCommand['kind'], readonly string[]> = {
  help: [],
  migrate: [],
  'issue-admin-token': ['name'],
};

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
  const options = parseOptions(rest, OPTIONS[commandName]);
  if (!options.ok) {
    return options;
  }
  switch (commandName) {
    case 'help':
      return { ok: true, command: { kind: 'help' } };
    case 'migrate':
      return { ok: true, command: { kind: 'migrate' } };
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
  }
}

function isCommand(value: string): value is CliCommand['kind'] {
  return Object.hasOwn(OPTIONS, value);
}

function parseOptions(
  args: readonly string[],
  allowed: readonly string[],
): { ok: true; values: Map<string, string> } | { ok: false; error: string } {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!match) {
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
  return { ok: true, values };
}
