import { createServer } from 'node:net';
import {
  type Backend,
  BackendsUnreachableError,
  backendsToWaitFor,
  isPermanentPostgresError,
  isPermanentRedisError,
  probePostgres,
  probeRedis,
  waitForBackends,
} from './wait-for-backends';

const refused = (port: number): Error =>
  Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), {
    code: 'ECONNREFUSED',
    syscall: 'connect',
  });

/** A backend whose probe fails with the given errors in turn, then answers (undefined: answers). */
function scripted(
  variable: Backend['variable'],
  url: string,
  outcomes: (Error | undefined)[],
): Backend & { probes: number } {
  const backend = {
    variable,
    url,
    probes: 0,
    probe: () => {
      const outcome = outcomes[Math.min(backend.probes++, outcomes.length - 1)];
      return outcome ? Promise.reject(outcome) : Promise.resolve();
    },
    isPermanent: (err: unknown) => /password/.test(String(err)),
  };
  return backend;
}

function recorder(): {
  lines: { level: string; entry: Record<string, unknown> }[];
  log: { warn: (e: Record<string, unknown>) => void; info: (e: Record<string, unknown>) => void };
} {
  const lines: { level: string; entry: Record<string, unknown> }[] = [];
  return {
    lines,
    log: {
      warn: (entry) => lines.push({ level: 'warn', entry }),
      info: (entry) => lines.push({ level: 'info', entry }),
    },
  };
}

describe('waitForBackends', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should say once what it waits for, not at every retry, and when it answers', async () => {
    const redis = scripted('REDIS_URL', 'redis://:pw@127.0.0.1:6399', [
      ...Array(8).fill(refused(6399)),
      undefined,
    ]);
    const { lines, log } = recorder();
    const done = waitForBackends([redis], { waitMs: 30000, log });
    await jest.advanceTimersByTimeAsync(30000);
    await expect(done).resolves.toBeUndefined();
    expect(redis.probes).toBe(9);
    expect(lines).toEqual([
      {
        level: 'warn',
        entry: {
          msg: 'waiting for REDIS_URL redis://:***@127.0.0.1:6399: connect ECONNREFUSED 127.0.0.1:6399',
          variable: 'REDIS_URL',
          address: 'redis://:***@127.0.0.1:6399',
          error: 'connect ECONNREFUSED 127.0.0.1:6399',
          waitS: 30,
        },
      },
      {
        level: 'info',
        entry: {
          msg: 'REDIS_URL redis://:***@127.0.0.1:6399 answers',
          variable: 'REDIS_URL',
          address: 'redis://:***@127.0.0.1:6399',
        },
      },
    ]);
  });

  it('should say it again when the reason changes', async () => {
    const starting = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    const db = scripted('DATABASE_URL', 'postgres://u@db:5432/x', [
      refused(5432),
      refused(5432),
      starting,
      undefined,
    ]);
    const { lines, log } = recorder();
    const done = waitForBackends([db], { waitMs: 30000, log });
    await jest.advanceTimersByTimeAsync(30000);
    await done;
    expect(lines.map((l) => l.entry.error ?? l.entry.msg)).toEqual([
      'connect ECONNREFUSED 127.0.0.1:5432',
      'the database system is starting up',
      'DATABASE_URL postgres://u@db:5432/x answers',
    ]);
  });

  it('should say nothing when every backend answers at once', async () => {
    const { lines, log } = recorder();
    await waitForBackends([scripted('DATABASE_URL', 'postgres://u@db/x', [undefined])], {
      waitMs: 30000,
      log,
    });
    expect(lines).toEqual([]);
  });

  it('should give up after the wait, one problem per backend down, naming variable, address and STARTUP_WAIT_S', async () => {
    const db = scripted('DATABASE_URL', 'postgres://app:s3cret@127.0.0.1:5999/db', [refused(5999)]);
    const redis = scripted('REDIS_URL', 'redis://127.0.0.1:6399', [refused(6399)]);
    const up = scripted('REDIS_URL', 'redis://127.0.0.1:6379', [undefined]);
    const { lines, log } = recorder();
    const done = waitForBackends([db, redis, up], { waitMs: 3000, log }).catch((err: unknown) => err);
    await jest.advanceTimersByTimeAsync(3000);
    const err = (await done) as BackendsUnreachableError;
    expect(err).toBeInstanceOf(BackendsUnreachableError);
    expect(err.problems.map((p) => p.message)).toEqual([
      'DATABASE_URL postgres://app:***@127.0.0.1:5999/db: connect ECONNREFUSED 127.0.0.1:5999 (no answer within STARTUP_WAIT_S=3 s)',
      'REDIS_URL redis://127.0.0.1:6399: connect ECONNREFUSED 127.0.0.1:6399 (no answer within STARTUP_WAIT_S=3 s)',
    ]);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
    // Backoff: 250, 500, 1000, 1000 (what is left), then the last attempt at 3 s.
    expect(db.probes).toBe(5);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('should not wait at all with STARTUP_WAIT_S=0', async () => {
    const db = scripted('DATABASE_URL', 'postgres://u@127.0.0.1:5999/db', [refused(5999)]);
    const { lines, log } = recorder();
    const err = (await waitForBackends([db], { waitMs: 0, log }).catch(
      (e: unknown) => e,
    )) as BackendsUnreachableError;
    expect(err.problems[0].message).toBe(
      'DATABASE_URL postgres://u@127.0.0.1:5999/db: connect ECONNREFUSED 127.0.0.1:5999 (STARTUP_WAIT_S=0: no wait)',
    );
    expect(db.probes).toBe(1);
    expect(lines).toEqual([]);
  });

  it('should not wait for what waiting cannot cure, nor for the others then', async () => {
    const denied = Object.assign(new Error('password authentication failed for user "app"'), {
      code: '28P01',
    });
    const db = scripted('DATABASE_URL', 'postgres://app:pw@db/x', [denied]);
    const redis = scripted('REDIS_URL', 'redis://127.0.0.1:6399', [refused(6399)]);
    const { log } = recorder();
    const done = waitForBackends([db, redis], { waitMs: 30000, log }).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(10);
    const err = (await done) as BackendsUnreachableError;
    expect(err.problems.map((p) => [p.message, p.permanent])).toEqual([
      ['DATABASE_URL postgres://app:***@db/x: password authentication failed for user "app"', true],
    ]);
  });

  it('should stop waiting at once when the stop signal is aborted', async () => {
    const stop = new AbortController();
    const redis = scripted('REDIS_URL', 'redis://127.0.0.1:6399', [refused(6399)]);
    const { log } = recorder();
    const done = waitForBackends([redis], { waitMs: 30000, log, signal: stop.signal }).catch(
      (e: unknown) => e,
    );
    await jest.advanceTimersByTimeAsync(1000);
    const reason = new Error('stopped by SIGTERM during start-up');
    stop.abort(reason);
    await jest.advanceTimersByTimeAsync(0);
    expect(await done).toBe(reason);
  });
});

describe('backendsToWaitFor', () => {
  it('should wait for DATABASE_URL unless it is the embedded server, and for REDIS_URL when set', () => {
    const env = { DATABASE_URL: 'postgres://u@db/x', REDIS_URL: 'redis://r:6379' };
    expect(backendsToWaitFor(env, { embeddedDatabase: false }).map((b) => b.variable)).toEqual([
      'DATABASE_URL',
      'REDIS_URL',
    ]);
    expect(backendsToWaitFor(env, { embeddedDatabase: true }).map((b) => b.variable)).toEqual(['REDIS_URL']);
    expect(
      backendsToWaitFor({ DATABASE_URL: 'postgres://u@db/x', REDIS_URL: ' ' }, { embeddedDatabase: false }),
    ).toHaveLength(1);
  });

  it('should tell what waiting cannot cure', () => {
    expect(isPermanentPostgresError({ code: '28P01' })).toBe(true);
    expect(isPermanentPostgresError({ code: '28000' })).toBe(true);
    expect(isPermanentPostgresError({ code: '57P03' })).toBe(false);
    expect(isPermanentPostgresError(refused(5432))).toBe(false);
    expect(
      isPermanentRedisError(new Error('WRONGPASS invalid username-password pair or user is disabled.')),
    ).toBe(true);
    expect(isPermanentRedisError(new Error('NOAUTH Authentication required.'))).toBe(true);
    expect(isPermanentRedisError(refused(6379))).toBe(false);
  });
});

describe('probes against a port nothing listens on', () => {
  let port: number;
  beforeAll(async () => {
    port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
  });

  it('should reject with the connection error itself (PostgreSQL)', async () => {
    await expect(probePostgres(`postgres://u@127.0.0.1:${port}/db`, 1000)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
      message: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });

  it('should reject with the connection error itself, not "Connection is closed." (Redis)', async () => {
    await expect(probeRedis(`redis://127.0.0.1:${port}`, 1000)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
      message: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });
});
