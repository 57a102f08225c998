import { chooseBackends, describeBackends } from './backends';

describe('chooseBackends', () => {
  it.each([
    {
      env: { DATABASE_URL: 'postgres://u@db/x', REDIS_URL: 'redis://r:6379' },
      embedded: false,
      queue: 'redis',
    },
    { env: { DATABASE_URL: 'postgres://u@db/x' }, embedded: false, queue: 'postgres' },
    { env: { REDIS_URL: 'redis://r:6379' }, embedded: true, queue: 'redis' },
    { env: {}, embedded: true, queue: 'postgres' },
    { env: { DATABASE_URL: '  ', REDIS_URL: '' }, embedded: true, queue: 'postgres' },
  ])('should choose embedded=$embedded and queues on $queue for $env', ({ env, embedded, queue }) => {
    expect(chooseBackends(env)).toEqual({ embeddedDatabase: embedded, queue });
  });

  it('should refuse the embedded database in production, naming DATABASE_URL', () => {
    expect(() => chooseBackends({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL is required in production.*embedded PostgreSQL is for development and tests only/s,
    );
    expect(
      chooseBackends({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/x' }).embeddedDatabase,
    ).toBe(false);
  });
});

describe('describeBackends', () => {
  it('should say in one line which database and which queue backend, without passwords', () => {
    const line = describeBackends(
      { embeddedDatabase: false, queue: 'postgres' },
      'postgres://app:s3cret@db:5432/coop',
    );
    expect(line).toBe(
      'database: PostgreSQL at postgres://app:***@db:5432/coop; queues: BullMQ on PostgreSQL (schema bullmq of the same database)',
    );
    expect(line).not.toContain('s3cret');
  });

  it('should name the embedded server, its version and its folder', () => {
    const line = describeBackends(
      { embeddedDatabase: true, queue: 'postgres' },
      'postgres://postgres@127.0.0.1:5555/cooperation_engine',
      {
        version: '16.14.0',
        dir: '/app/var/embedded-postgres',
      },
    );
    expect(line).toMatch(
      /^database: embedded PostgreSQL 16\.14\.0 at postgres:\/\/postgres@127\.0\.0\.1:5555\/cooperation_engine \(data in \/app\/var\/embedded-postgres\); queues: /,
    );
  });
});
