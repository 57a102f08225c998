import { MAX_NAME_LENGTH, parseArgs } from './args';

describe('CLI argument parsing', () => {
  it('reads issue-admin-token --name with a separate value or with =', () => {
    expect(parseArgs(['issue-admin-token', '--name', 'Ops desk'])).toEqual({
      ok: true,
      command: { kind: 'issue-admin-token', name: 'Ops desk' },
    });
    expect(parseArgs(['issue-admin-token', '--name=Ops desk'])).toEqual({
      ok: true,
      command: { kind: 'issue-admin-token', name: 'Ops desk' },
    });
  });

  it('reads migrate, rotate-federation-key and help', () => {
    expect(parseArgs(['migrate'])).toEqual({ ok: true, command: { kind: 'migrate' } });
    expect(parseArgs(['rotate-federation-key'])).toEqual({
      ok: true,
      command: { kind: 'rotate-federation-key' },
    });
    expect(parseArgs(['help'])).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseArgs(['--help'])).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseArgs(['issue-admin-token', '-h'])).toEqual({ ok: true, command: { kind: 'help' } });
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['frobnicate']],
    ['a missing --name', ['issue-admin-token']],
    ['--name without a value', ['issue-admin-token', '--name']],
    ['a blank name', ['issue-admin-token', '--name', '   ']],
    ['an empty --name=', ['issue-admin-token', '--name=']],
    ['--name twice', ['issue-admin-token', '--name', 'a', '--name', 'b']],
    ['an unknown option', ['issue-admin-token', '--name', 'a', '--role', 'x']],
    ['a stray argument', ['issue-admin-token', 'stray']],
    ['a name too long for users.name', ['issue-admin-token', '--name', 'x'.repeat(MAX_NAME_LENGTH + 1)]],
    ['an option migrate does not take', ['migrate', '--force']],
    ['an option rotate-federation-key does not take', ['rotate-federation-key', '--force']],
    ['an argument to rotate-federation-key', ['rotate-federation-key', 'key.pem']],
    ['verify-export without a file', ['verify-export']],
    ['verify-export with two files', ['verify-export', 'a.json', 'b.json']],
    ['verify-export with an empty --public-key=', ['verify-export', 'a.json', '--public-key=']],
    ['verify-export with --public-key but no file', ['verify-export', '--public-key', 'k.pem']],
    ['an option verify-export does not take', ['verify-export', 'a.json', '--name', 'x']],
    ['a file argument to a command that takes none', ['migrate', 'a.json']],
  ])('refuses %s as a usage error', (_label: string, argv: string[]) => {
    expect(parseArgs(argv).ok).toBe(false);
  });

  it('should read verify-export with its file and an optional --public-key, in any order', () => {
    expect(parseArgs(['verify-export', 'export.json'])).toEqual({
      ok: true,
      command: { kind: 'verify-export', file: 'export.json' },
    });
    const withKey = { ok: true, command: { kind: 'verify-export', file: 'e.json', publicKey: 'node.pem' } };
    expect(parseArgs(['verify-export', 'e.json', '--public-key', 'node.pem'])).toEqual(withKey);
    expect(parseArgs(['verify-export', '--public-key=node.pem', 'e.json'])).toEqual(withKey);
  });
});
