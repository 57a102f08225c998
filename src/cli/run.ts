import { USAGE, parseArgs } from './args';
import { type CliOutput, issueAdminToken, migrate, rotateFederationKey, verifyExportFile } from './commands';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const stdio: CliOutput = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
};

/** Runs one CLI command and returns the process exit code. */
export async function runCli(argv: readonly string[], io: CliOutput = stdio): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(`${parsed.error}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { command } = parsed;
  try {
    switch (command.kind) {
      case 'help':
        io.out(USAGE);
        break;
      case 'migrate':
        await migrate(io);
        break;
      case 'issue-admin-token':
        await issueAdminToken(command.name, io);
        break;
      case 'rotate-federation-key':
        await rotateFederationKey(io);
        break;
      case 'verify-export':
        return verifyExportFile(command.file, command.publicKey, io) ? EXIT_OK : EXIT_FAILURE;
    }
    return EXIT_OK;
  } catch (err: unknown) {
    io.err(`${command.kind} failed: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT_FAILURE;
  }
}
