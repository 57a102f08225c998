import { appConfig } from './app.config';
import { checkEnvironment } from './check-environment';
import { databaseConfig, readDatabaseConfig } from './database.config';
import { queueConfig } from './queue.config';
import { redisOptionsFromUrl } from './redis-connection';
import { redisConfig } from './redis.config';
import { validateConfig } from './validate-config';
import { IsDefined, IsInt } from 'class-validator';

const ORIGINAL_ENV = process.env;

/** Runs `read` with exactly `env` as the process environment. */
function withEnv<T>(env: Record<string, string>, read: () => T): T {
  process.env = { ...env };
  try {
    return read();
  } finally {
    process.env = ORIGINAL_ENV;
  }
}

function errorOf(read: () => unknown): Error {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error('the configuration was accepted');
}

const DB = 'postgres://coop@127.0.0.1:5432/coop_test';

describe('configuration', () => {
  afterEach(() => {
    process.env = ORIGINAL_ENV;
  });

  describe('database', () => {
    it('should refuse to start without DATABASE_URL, naming it', () => {
      const err = errorOf(() => withEnv({}, () => databaseConfig()));
      expect(err.message).toContain('DATABASE_URL');
      expect(err.message).toContain('DATABASE_URL is required');
    });

    it('should treat an empty DATABASE_URL as missing, naming it', () => {
      const err = errorOf(() => readDatabaseConfig({ DATABASE_URL: '' }));
      expect(err.message).toContain('DATABASE_URL: DATABASE_URL is required');
    });

    it.each([
      {
        url: 'mysql://u@h/db',
        why: /DATABASE_URL: DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/ \(found mysql:\/\/\)/,
      },
      { url: 'postgres://host-without-db', why: /DATABASE_URL: DATABASE_URL names no database/ },
      { url: 'postgres://h:5432/', why: /DATABASE_URL: DATABASE_URL names no database/ },
      { url: 'localhost:5432/db', why: /DATABASE_URL: DATABASE_URL must start with postgres:\/\// },
      {
        url: 'postgres://u@127.0.0.1:99999/db',
        why: /DATABASE_URL: DATABASE_URL has the port 99999, above 65535/,
      },
      {
        url: 'postgres://u@127.0.0.1:5x32/db',
        why: /DATABASE_URL: DATABASE_URL has a port that is not a number: "5x32"/,
      },
      { url: 'not a url', why: /DATABASE_URL: DATABASE_URL is not a URL/ },
      { url: 'postgres://u@127.0.0.1:0/db', why: /DATABASE_URL: DATABASE_URL has the port 0/ },
    ])('should refuse DATABASE_URL=$url, naming it and what is wrong', ({ url, why }) => {
      const err = errorOf(() => readDatabaseConfig({ DATABASE_URL: url }));
      expect(err.message).toMatch(why);
    });

    it.each([DB, 'postgresql://u:p@db.internal/coop'])(
      'should accept DATABASE_URL=%p with defaults',
      (url) => {
        expect(readDatabaseConfig({ DATABASE_URL: url })).toEqual({ url, poolSize: 10, runMigrations: true });
      },
    );

    it('should read the pool size and RUN_MIGRATIONS=false', () => {
      expect(
        readDatabaseConfig({ DATABASE_URL: DB, DATABASE_POOL_SIZE: '25', RUN_MIGRATIONS: 'false' }),
      ).toEqual({
        url: DB,
        poolSize: 25,
        runMigrations: false,
      });
    });

    it.each(['0', '201', 'ten', '2.5'])('should refuse DATABASE_POOL_SIZE=%p, naming it', (size) => {
      const err = errorOf(() => readDatabaseConfig({ DATABASE_URL: DB, DATABASE_POOL_SIZE: size }));
      expect(err.message).toContain('DATABASE_POOL_SIZE');
    });

    it('should read process.env through the registered factory', () => {
      expect(withEnv({ DATABASE_URL: DB }, () => databaseConfig()).url).toBe(DB);
    });
  });

  describe('redis', () => {
    it('should leave REDIS_URL unset (queues then run on PostgreSQL)', () => {
      expect(withEnv({}, () => redisConfig())).toEqual({ url: undefined });
      expect(withEnv({ REDIS_URL: '' }, () => redisConfig())).toEqual({ url: undefined });
    });

    it.each([
      { url: 'localhost:6379', why: /must start with redis:\/\/ or rediss:\/\// },
      { url: 'http://localhost:6379', why: /must start with redis:\/\/ or rediss:\/\/ \(found http:\/\/\)/ },
      { url: 'redis:/localhost', why: /names no host|is not a URL/ },
      { url: 'redis://', why: /names no host|is not a URL/ },
      { url: 'tcp://r:6379', why: /found tcp:\/\// },
      { url: 'redis://127.0.0.1:70000', why: /has the port 70000, above 65535/ },
      { url: 'redis://127.0.0.1:0', why: /has the port 0/ },
    ])('should refuse the malformed REDIS_URL=$url, naming it', ({ url, why }) => {
      const err = errorOf(() => withEnv({ REDIS_URL: url }, () => redisConfig()));
      expect(err.message).toMatch(/REDIS_URL: REDIS_URL /);
      expect(err.message).toMatch(why);
    });

    it.each(['redis://127.0.0.1:6379', 'rediss://user:secret@cache.internal:6380/2'])(
      'should accept REDIS_URL=%p',
      (url) => {
        expect(withEnv({ REDIS_URL: url }, () => redisConfig())).toEqual({ url });
      },
    );
  });

  describe('redisOptionsFromUrl', () => {
    it.each([
      {
        url: 'redis://127.0.0.1',
        options: {
          host: '127.0.0.1',
          port: 6379,
          db: 0,
          username: undefined,
          password: undefined,
          tls: undefined,
        },
      },
      {
        url: 'redis://cache:6380/3',
        options: {
          host: 'cache',
          port: 6380,
          db: 3,
          username: undefined,
          password: undefined,
          tls: undefined,
        },
      },
      {
        url: 'rediss://app:p%40ss%2Fword@cache.internal:6390/1',
        options: {
          host: 'cache.internal',
          port: 6390,
          db: 1,
          username: 'app',
          password: 'p@ss/word',
          tls: {},
        },
      },
      {
        url: 'redis://:only-password@h/',
        options: {
          host: 'h',
          port: 6379,
          db: 0,
          username: undefined,
          password: 'only-password',
          tls: undefined,
        },
      },
    ])('should turn $url into ioredis options', ({ url, options }) => {
      expect(redisOptionsFromUrl(url)).toEqual({ ...options, maxRetriesPerRequest: null });
    });
  });

  describe('queue', () => {
    it('should apply the defaults', () => {
      expect(withEnv({}, () => queueConfig())).toEqual({
        backend: 'postgres',
        prefix: 'coop',
        outboxPollMs: 500,
        outboxSweepMs: 15000,
        jobAttempts: 8,
        workerConcurrency: 8,
        webhookAttempts: 10,
        webhookBackoffMs: 2000,
        webhookAllowPrivateNetworks: false,
      });
    });

    it('should refuse WEBHOOK_ALLOW_PRIVATE_NETWORKS other than true or false, naming it', () => {
      const err = errorOf(() =>
        withEnv({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'yes please' }, () => queueConfig()),
      );
      expect(err.message).toContain('WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false');
    });

    it('should read every variable', () => {
      const env = {
        QUEUE_PREFIX: 'test:e2e_1-a',
        OUTBOX_POLL_MS: '50',
        OUTBOX_SWEEP_MS: '1000',
        JOB_ATTEMPTS: '3',
        WORKER_CONCURRENCY: '2',
        WEBHOOK_ATTEMPTS: '4',
        WEBHOOK_BACKOFF_MS: '100',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      };
      expect(withEnv(env, () => queueConfig())).toEqual({
        backend: 'postgres',
        prefix: 'test:e2e_1-a',
        outboxPollMs: 50,
        outboxSweepMs: 1000,
        jobAttempts: 3,
        workerConcurrency: 2,
        webhookAttempts: 4,
        webhookBackoffMs: 100,
        webhookAllowPrivateNetworks: true,
      });
    });

    it('should run the queues on Redis when REDIS_URL is set, on PostgreSQL otherwise', () => {
      expect(withEnv({ REDIS_URL: 'redis://127.0.0.1:6379' }, () => queueConfig()).backend).toBe('redis');
      expect(withEnv({ DATABASE_URL: DB }, () => queueConfig()).backend).toBe('postgres');
    });

    it('should treat an empty QUEUE_PREFIX as unset and use the default', () => {
      expect(withEnv({ QUEUE_PREFIX: '' }, () => queueConfig()).prefix).toBe('coop');
    });

    it.each(['bad prefix', 'a/b', 'x{y}', 'é', 'p'.repeat(65)])(
      'should refuse QUEUE_PREFIX=%p, naming it',
      (prefix) => {
        const err = errorOf(() => withEnv({ QUEUE_PREFIX: prefix }, () => queueConfig()));
        expect(err.message).toContain('QUEUE_PREFIX: QUEUE_PREFIX may hold letters, digits');
      },
    );

    it.each([
      ['OUTBOX_POLL_MS', '5'],
      ['OUTBOX_SWEEP_MS', 'soon'],
      ['JOB_ATTEMPTS', '0'],
      ['WORKER_CONCURRENCY', '500'],
    ])('should refuse %s=%p, naming it', (name, value) => {
      expect(errorOf(() => withEnv({ [name]: value }, () => queueConfig())).message).toContain(`${name}:`);
    });
  });

  describe('app', () => {
    it('should apply the defaults', () => {
      expect(withEnv({}, () => appConfig())).toEqual({
        port: 3000,
        adminToken: undefined,
        workersEnabled: true,
        logLevel: 'info',
        referenceYearTimeZone: 'UTC',
      });
    });

    it('should read PORT, ADMIN_TOKEN and LOG_LEVEL', () => {
      const env = { PORT: '8080', ADMIN_TOKEN: 'a-long-enough-admin-token', LOG_LEVEL: 'debug' };
      expect(withEnv(env, () => appConfig())).toMatchObject({
        port: 8080,
        adminToken: 'a-long-enough-admin-token',
        logLevel: 'debug',
      });
    });

    it.each([
      ['PORT', 'http'],
      ['PORT', '65536'],
      ['PORT', '-1'],
      ['ADMIN_TOKEN', 'short'],
      ['METRICS_TOKEN', 'short'],
      ['LOG_LEVEL', 'verbose'],
    ])('should refuse %s=%p, naming it', (name, value) => {
      expect(errorOf(() => withEnv({ [name]: value }, () => appConfig())).message).toContain(`${name}:`);
    });

    it.each([
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['false', false],
      ['0', false],
      ['No', false],
      ['', true],
    ])('should read WORKERS_ENABLED=%p as %p', (value, enabled) => {
      expect(withEnv({ WORKERS_ENABLED: value }, () => appConfig()).workersEnabled).toBe(enabled);
    });
  });

  describe('checkEnvironment', () => {
    it('should accept no DATABASE_URL outside production (the embedded PostgreSQL) and refuse it in production', () => {
      expect(() => withEnv({}, checkEnvironment)).not.toThrow();
      const err = errorOf(() => withEnv({ NODE_ENV: 'production' }, checkEnvironment));
      expect(err.message).toMatch(/DATABASE_URL is required in production/);
    });

    it('should pass a complete environment', () => {
      expect(() =>
        withEnv({ DATABASE_URL: DB, REDIS_URL: 'redis://127.0.0.1:6379' }, checkEnvironment),
      ).not.toThrow();
    });

    it('should report every bad or missing variable of every area at once', () => {
      const env = {
        PORT: 'http',
        DATABASE_URL: 'mysql://u@h/db',
        REDIS_URL: 'http://r',
        QUEUE_PREFIX: 'bad prefix',
        JOB_ATTEMPTS: '0',
      };
      const err = errorOf(() => withEnv(env, checkEnvironment));
      const lines = err.message.split('\n');
      expect(lines[0]).toBe('Invalid environment configuration:');
      expect(lines.slice(1).map((l) => l.trim().split(':')[0])).toEqual([
        'PORT',
        'DATABASE_URL',
        'REDIS_URL',
        'QUEUE_PREFIX',
        'JOB_ATTEMPTS',
      ]);
    });
  });

  describe('validateConfig', () => {
    class Env {
      @IsDefined({ message: 'A is required' }) A!: string;
      @IsInt({ message: 'B must be an integer' }) B!: number;
    }

    it('should name every bad variable on its own line', () => {
      const err = errorOf(() => validateConfig(Env, { B: 'x' }));
      expect(err.message).toBe(
        'Invalid environment configuration:\n  A: A is required\n  B: B must be an integer',
      );
    });

    it('should convert numbers from their text and keep other variables', () => {
      const env = validateConfig(Env, { A: 'a', B: '12', OTHER: 'kept' });
      expect(env).toMatchObject({ A: 'a', B: 12, OTHER: 'kept' });
    });
  });
});
