import { checkEnvironment } from './check-environment';
import { parseTrustProxy, readHttpConfig } from './http.config';

describe('http configuration (rate limits, token cache)', () => {
  it('should apply generous defaults', () => {
    expect(readHttpConfig({})).toEqual({
      rateLimitWindowMs: 60000,
      rateLimitPerIp: 6000,
      rateLimitPerToken: 1200,
      authCacheTtlMs: 2000,
      trustProxy: false,
    });
  });

  it('should read every variable', () => {
    expect(
      readHttpConfig({
        RATE_LIMIT_WINDOW_MS: '2000',
        RATE_LIMIT_PER_IP: '20',
        RATE_LIMIT_PER_TOKEN: '5',
        AUTH_CACHE_TTL_MS: '0',
        TRUST_PROXY: '1',
      }),
    ).toEqual({
      rateLimitWindowMs: 2000,
      rateLimitPerIp: 20,
      rateLimitPerToken: 5,
      authCacheTtlMs: 0,
      trustProxy: 1,
    });
  });

  it.each([
    ['RATE_LIMIT_WINDOW_MS', '10'],
    ['RATE_LIMIT_PER_IP', '0'],
    ['RATE_LIMIT_PER_TOKEN', 'many'],
    ['AUTH_CACHE_TTL_MS', '-1'],
    ['AUTH_CACHE_TTL_MS', '600000'],
  ])('should refuse %s=%p, naming it', (name, value) => {
    expect(() => readHttpConfig({ [name]: value })).toThrow(`${name}:`);
  });

  it('should be checked with every other area at start-up', () => {
    const original = process.env;
    process.env = { RATE_LIMIT_PER_IP: 'lots' };
    try {
      expect(checkEnvironment).toThrow(/RATE_LIMIT_PER_IP:/);
    } finally {
      process.env = original;
    }
  });

  describe('TRUST_PROXY', () => {
    it.each([
      [undefined, false],
      ['', false],
      ['false', false],
      ['2', 2],
      ['loopback', ['loopback']],
      ['10.0.0.5, 10.1.0.0/16,uniquelocal', ['10.0.0.5', '10.1.0.0/16', 'uniquelocal']],
      ['fd00::/8', ['fd00::/8']],
    ])('should read %p as %p', (raw, expected) => {
      expect(parseTrustProxy(raw)).toEqual(expected);
    });

    it.each([
      ['true', /any client choose its address/],
      ['0', /between 1 and 10/],
      ['11', /between 1 and 10/],
      ['proxy.example.org', /not an address.*proxy\.example\.org/],
      ['10.0.0.0/33', /10\.0\.0\.0\/33/],
      ['10.0.0.1/8/8', /10\.0\.0\.1\/8\/8/],
    ])('should refuse %p, naming TRUST_PROXY', (raw, reason) => {
      expect(() => parseTrustProxy(raw)).toThrow(/TRUST_PROXY:/);
      expect(() => parseTrustProxy(raw)).toThrow(reason);
    });
  });
});
