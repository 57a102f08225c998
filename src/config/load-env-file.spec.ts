import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFileSecrets } from './load-env-file';

describe('loadFileSecrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should read DATABASE_URL, REDIS_URL and ADMIN_TOKEN from their _FILE, cutting one trailing newline', () => {
    writeFileSync(join(dir, 'db'), 'postgres://app:s3cret@db:5432/coop\n');
    writeFileSync(join(dir, 'redis'), 'redis://cache:6379');
    writeFileSync(join(dir, 'admin'), 'a-long-admin-token-value\n');
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL_FILE: join(dir, 'db'),
      REDIS_URL_FILE: join(dir, 'redis'),
      ADMIN_TOKEN_FILE: join(dir, 'admin'),
    };
    loadFileSecrets(env);
    expect(env).toMatchObject({
      DATABASE_URL: 'postgres://app:s3cret@db:5432/coop',
      REDIS_URL: 'redis://cache:6379',
      ADMIN_TOKEN: 'a-long-admin-token-value',
    });
  });

  it('should refuse a variable given both ways, and an unreadable file, naming each', () => {
    const env: NodeJS.ProcessEnv = {
      ADMIN_TOKEN: 'x'.repeat(20),
      ADMIN_TOKEN_FILE: join(dir, 'admin'),
      DATABASE_URL_FILE: join(dir, 'missing'),
    };
    expect(() => loadFileSecrets(env)).toThrow(
      /DATABASE_URL_FILE: cannot read .*missing \(ENOENT\)\n {2}ADMIN_TOKEN_FILE: set together with ADMIN_TOKEN/,
    );
  });

  it('should put DATABASE_PASSWORD_FILE into DATABASE_URL, escaped, and refuse a URL that has a password', () => {
    writeFileSync(join(dir, 'pw'), 'p@ss/w:rd\n');
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: 'postgres://cooperation@postgres:5432/cooperation',
      DATABASE_PASSWORD_FILE: join(dir, 'pw'),
    };
    loadFileSecrets(env);
    expect(env.DATABASE_URL).toBe('postgres://cooperation:p%40ss%2Fw%3Ard@postgres:5432/cooperation');
    expect(decodeURIComponent(new URL(env.DATABASE_URL ?? '').password)).toBe('p@ss/w:rd');
    expect(() =>
      loadFileSecrets({ DATABASE_URL: 'postgres://u:x@h/d', DATABASE_PASSWORD_FILE: join(dir, 'pw') }),
    ).toThrow(/DATABASE_PASSWORD_FILE: DATABASE_URL already holds a password/);
  });

  it('should leave the environment as it is when no _FILE is set', () => {
    const env: NodeJS.ProcessEnv = { DATABASE_URL: 'postgres://u@h/d' };
    loadFileSecrets(env);
    expect(env).toEqual({ DATABASE_URL: 'postgres://u@h/d' });
  });
});
