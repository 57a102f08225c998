import { ServiceUnreachableError } from '@/config/connection-problem';
import { describeStartupFailure } from './start-up';
import { BackendsUnreachableError } from './wait-for-backends';

describe('describeStartupFailure', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('should give one line per backend that did not answer, naming variable and address', () => {
    const err = new BackendsUnreachableError([
      new ServiceUnreachableError('DATABASE_URL', 'postgres://app:***@db:5432/x', 'connect ETIMEDOUT'),
      new ServiceUnreachableError('REDIS_URL', 'redis://r:6379', 'getaddrinfo ENOTFOUND r'),
    ]);
    expect(describeStartupFailure(err)).toEqual([
      {
        msg: 'DATABASE_URL postgres://app:***@db:5432/x: connect ETIMEDOUT',
        variable: 'DATABASE_URL',
        address: 'postgres://app:***@db:5432/x',
        error: 'connect ETIMEDOUT',
      },
      {
        msg: 'REDIS_URL redis://r:6379: getaddrinfo ENOTFOUND r',
        variable: 'REDIS_URL',
        address: 'redis://r:6379',
        error: 'getaddrinfo ENOTFOUND r',
      },
    ]);
  });

  it("should name the variable of a library's connection error by its address, without a stack", () => {
    process.env.DATABASE_URL = 'postgres://app:s3cret@127.0.0.1:5999/db';
    process.env.REDIS_URL = 'redis://127.0.0.1:6379';
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      address: '127.0.0.1',
      port: 5999,
    });
    expect(describeStartupFailure(err)).toEqual([
      {
        msg: 'DATABASE_URL postgres://app:***@127.0.0.1:5999/db: connect ECONNREFUSED 127.0.0.1:5999',
        variable: 'DATABASE_URL',
        address: 'postgres://app:***@127.0.0.1:5999/db',
        error: 'connect ECONNREFUSED 127.0.0.1:5999',
      },
    ]);
  });

  it('should put an invalid configuration on one line, each variable with its problem', () => {
    const err = new Error(
      'Invalid environment configuration:\n  DATABASE_URL: DATABASE_URL has the port 70000, above 65535\n  STARTUP_WAIT_S: STARTUP_WAIT_S must not be greater than 3600',
    );
    expect(describeStartupFailure(err)).toEqual([
      {
        msg: 'Invalid environment configuration: DATABASE_URL: DATABASE_URL has the port 70000, above 65535; STARTUP_WAIT_S: STARTUP_WAIT_S must not be greater than 3600',
        problems: [
          'DATABASE_URL: DATABASE_URL has the port 70000, above 65535',
          'STARTUP_WAIT_S: STARTUP_WAIT_S must not be greater than 3600',
        ],
      },
    ]);
  });

  it('should keep the stack of anything else (a bug is in the code)', () => {
    const [entry] = describeStartupFailure(new TypeError('cannot read properties of undefined'));
    expect(entry.msg).toBe('start-up failed: cannot read properties of undefined');
    expect(entry.stack).toContain('TypeError');
  });
});
