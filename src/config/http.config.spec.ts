import { checkEnvironment } from './check-environment';
import { readHttpConfig } from './http.config';

describe('http configuration (rate limits, token cache)', () => {
  it('should apply generous defaults', () => {
    expect(readHttpConfig({})).toEqual({
      rateLimitWindowMs: 60000,
      rateLimitPerIp: 6000,
      rateLimitPerToken: 1200,
      authCacheTtlMs: 2000,
    });
  });

  it('should read every variable', () => {
    expect(
      readHttpConfig({
        RATE_LIMIT_WINDOW_MS: '2000',
        RATE_LIMIT_PER_IP: '20',
        RATE_LIMIT_PER_TOKEN: '5',
        AUTH_CACHE_TTL_MS: '0',
      }),
    ).toEqual({ rateLimitWindowMs: 2000, rateLimitPerIp: 20, rateLimitPerToken: 5, authCacheTtlMs: 0 });
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
});
