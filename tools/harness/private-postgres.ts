import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run } from './processes';

/**
 * A PostgreSQL server of our own (initdb + pg_ctl into a temporary directory, on a free port), so that a
 * chaos run may crash and restart it without touching the machine's cluster. Run as the `postgres` user
 * when we are root (initdb refuses root). fsync is off: the faults are process crashes, not power cuts,
 * and the operating system keeps what a crashed server wrote.
 */
export class PrivatePostgres {
  port = 0;
  private dir = '';
  private readonly bin: string;
  private readonly user: string | undefined;

  constructor() {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root)
      ? readdirSync(root)
          .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
          .sort((a, b) => Number(b) - Number(a))
      : [];
    if (versions.length === 0) {
      throw new Error('no PostgreSQL binaries under /usr/lib/postgresql/*/bin');
    }
    this.bin = join(root, versions[0], 'bin');
    this.user = process.getuid?.() === 0 ? 'postgres' : undefined;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get logFile(): string {
    return join(this.dir, 'postgres.log');
  }

  async start(): Promise<this> {
    this.port = await freePort();
    this.dir = mkdtempSync(join(tmpdir(), 'chaos-pg-'));
    if (this.user) {
      const uid = Number(run('id', ['-u', this.user]).trim());
      const gid = Number(run('id', ['-g', this.user]).trim());
      chownSync(this.dir, uid, gid);
    }
    this.pg('initdb', ['-D', this.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    this.startServer();
    return this;
  }

  /** Stops the server (`immediate` is a crash: no checkpoint, recovery at the next start) and starts it. */
  restart(mode: 'fast' | 'immediate', downMs = 0): Promise<void> {
    this.pg('pg_ctl', ['-D', this.data, '-m', mode, '-w', 'stop']);
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        try {
          this.startServer();
          resolve();
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }, downMs),
    );
  }

  stop(): void {
    if (!this.dir) {
      return;
    }
    try {
      this.pg('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
    this.dir = '';
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  private startServer(): void {
    const options = [
      `-p ${this.port}`,
      "-c listen_addresses='127.0.0.1'",
      `-c unix_socket_directories='${this.dir}'`,
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    this.pg('pg_ctl', ['-D', this.data, '-l', this.logFile, '-o', options, '-w', '-t', '60', 'start']);
  }

  private pg(tool: string, args: string[]): string {
    return run(join(this.bin, tool), args, { user: this.user });
  }
}
