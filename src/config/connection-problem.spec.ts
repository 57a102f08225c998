import {
  ServiceUnreachableError,
  attributeConnectionError,
  errorReason,
  redactUrl,
  serviceUnreachable,
} from './connection-problem';

const refused = (address: string, port: number): NodeJS.ErrnoException =>
  Object.assign(new Error(`connect ECONNREFUSED ${address}:${port}`), {
    code: 'ECONNREFUSED',
    syscall: 'connect',
    address,
    port,
  });

describe('connection problems', () => {
  it('should name the variable and the address, password cut, then why', () => {
    const err = serviceUnreachable(
      'DATABASE_URL',
      'postgres://app:s3cret@127.0.0.1:5999/db',
      refused('127.0.0.1', 5999),
    );
    expect(err).toBeInstanceOf(ServiceUnreachableError);
    expect(err.message).toBe(
      'DATABASE_URL postgres://app:***@127.0.0.1:5999/db: connect ECONNREFUSED 127.0.0.1:5999',
    );
    expect(err.message).not.toContain('s3cret');
    expect(err).toMatchObject({
      variable: 'DATABASE_URL',
      reason: 'connect ECONNREFUSED 127.0.0.1:5999',
      permanent: false,
    });
  });

  it('should keep an error already named', () => {
    const named = new ServiceUnreachableError('REDIS_URL', 'redis://r:6379', 'connect ETIMEDOUT');
    expect(serviceUnreachable('DATABASE_URL', 'postgres://x/y', named)).toBe(named);
  });

  it.each([
    ['redis://:pw@cache:6380/2', 'redis://:***@cache:6380/2'],
    ['redis://127.0.0.1:6399', 'redis://127.0.0.1:6399'],
    ['postgres://u@h/db', 'postgres://u@h/db'],
    ['not a url', '(unparsable URL)'],
  ])('should redact %p as %p', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it("should say an AggregateError's parts (a name with several addresses), once each", () => {
    const both = new AggregateError(
      [refused('::1', 5999), refused('127.0.0.1', 5999), refused('127.0.0.1', 5999)],
      '',
    );
    expect(errorReason(both)).toBe('connect ECONNREFUSED ::1:5999; connect ECONNREFUSED 127.0.0.1:5999');
  });

  it('should put a message of several lines on one', () => {
    expect(errorReason(new Error('first\n  second'))).toBe('first; second');
    expect(errorReason('plain')).toBe('plain');
  });

  describe('attributeConnectionError', () => {
    const services = [
      { variable: 'DATABASE_URL' as const, url: 'postgres://app:pw@localhost:5999/db' },
      { variable: 'REDIS_URL' as const, url: 'redis://127.0.0.1:6399' },
    ];

    it('should name the variable whose URL has the host and port the error names', () => {
      expect(attributeConnectionError(refused('127.0.0.1', 6399), services)?.message).toBe(
        'REDIS_URL redis://127.0.0.1:6399: connect ECONNREFUSED 127.0.0.1:6399',
      );
      // localhost in the URL, 127.0.0.1 in the error.
      expect(attributeConnectionError(refused('127.0.0.1', 5999), services)?.message).toBe(
        'DATABASE_URL postgres://app:***@localhost:5999/db: connect ECONNREFUSED 127.0.0.1:5999',
      );
    });

    it('should use the default port of the scheme', () => {
      expect(
        attributeConnectionError(refused('10.0.0.5', 5432), [
          { variable: 'DATABASE_URL', url: 'postgres://u@10.0.0.5/db' },
        ])?.variable,
      ).toBe('DATABASE_URL');
    });

    it('should name nobody for another address, or an error that is not about connecting', () => {
      expect(attributeConnectionError(refused('127.0.0.1', 1234), services)).toBeUndefined();
      expect(attributeConnectionError(new Error('relation "x" does not exist'), services)).toBeUndefined();
      expect(
        attributeConnectionError(refused('127.0.0.1', 6399), [{ variable: 'REDIS_URL', url: undefined }]),
      ).toBeUndefined();
    });
  });
});
