import { parseNodeOrigin, readFederationConfig } from './federation.config';

function errorOf(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('federation configuration', () => {
  it('should leave the installation alone without NODE_ORIGIN, with the defaults', () => {
    expect(readFederationConfig({})).toEqual({
      origin: null,
      country: null,
      keyPath: 'var/federation-key.pem',
      nextKeyPath: 'var/federation-next-key.pem',
      clockSkewS: 300,
      allowHttp: false,
      delivery: {
        retryBaseMs: 5000,
        retryMaxMs: 21600000,
        retryAttempts: 30,
        breakerFailures: 5,
        heartbeatS: 300,
        periodUrgentS: 3600,
        periodRoutineS: 86400,
      },
    });
  });

  it('should read the delivery settings (fast mode in tests)', () => {
    expect(
      readFederationConfig({
        FEDERATION_RETRY_BASE_MS: '50',
        FEDERATION_RETRY_MAX_MS: '1000',
        FEDERATION_RETRY_ATTEMPTS: '4',
        FEDERATION_BREAKER_FAILURES: '2',
        FEDERATION_HEARTBEAT_S: '2',
        FEDERATION_DELIVERY_PERIOD_URGENT_S: '3',
        FEDERATION_DELIVERY_PERIOD_ROUTINE_S: '6',
      }).delivery,
    ).toEqual({
      retryBaseMs: 50,
      retryMaxMs: 1000,
      retryAttempts: 4,
      breakerFailures: 2,
      heartbeatS: 2,
      periodUrgentS: 3,
      periodRoutineS: 6,
    });
  });

  it('should read a node: its origin normalised, its country, key paths and clock skew', () => {
    expect(
      readFederationConfig({
        NODE_ORIGIN: 'https://Coop.MOJ.example:443/',
        NODE_COUNTRY: 'AUT',
        FEDERATION_KEY_PATH: '/keys/current.pem',
        FEDERATION_NEXT_KEY_PATH: '/keys/next.pem',
        FEDERATION_CLOCK_SKEW_S: '120',
      }),
    ).toEqual({
      origin: 'https://coop.moj.example',
      country: 'AUT',
      keyPath: '/keys/current.pem',
      nextKeyPath: '/keys/next.pem',
      clockSkewS: 120,
      allowHttp: false,
      delivery: expect.objectContaining({ retryBaseMs: 5000 }) as unknown,
    });
  });

  it('should take plain http only with FEDERATION_ALLOW_HTTP=true, and never in production', () => {
    expect(
      errorOf(() => readFederationConfig({ NODE_ORIGIN: 'http://127.0.0.1:3000', NODE_COUNTRY: 'AUT' })),
    ).toMatch(
      /NODE_ORIGIN: NODE_ORIGIN must use https:\/\/ \(plain http only with FEDERATION_ALLOW_HTTP=true\)/,
    );
    expect(
      readFederationConfig({
        NODE_ORIGIN: 'http://127.0.0.1:3000',
        NODE_COUNTRY: 'AUT',
        FEDERATION_ALLOW_HTTP: 'true',
      }).origin,
    ).toBe('http://127.0.0.1:3000');
    expect(
      errorOf(() =>
        readFederationConfig({
          NODE_ENV: 'production',
          NODE_ORIGIN: 'https://coop.moj.example',
          NODE_COUNTRY: 'AUT',
          FEDERATION_ALLOW_HTTP: 'true',
        }),
      ),
    ).toMatch(/FEDERATION_ALLOW_HTTP: FEDERATION_ALLOW_HTTP=true is refused in production/);
  });

  it.each([
    [{ NODE_ORIGIN: 'https://coop.moj.example' }, /NODE_COUNTRY: NODE_COUNTRY is required with NODE_ORIGIN/],
    [{ NODE_COUNTRY: 'AUT' }, /NODE_COUNTRY: NODE_COUNTRY is set but NODE_ORIGIN is not/],
    [
      { NODE_ORIGIN: 'https://coop.moj.example', NODE_COUNTRY: 'at' },
      /NODE_COUNTRY must be an ISO 3166-1 alpha-3/,
    ],
    [
      { NODE_ORIGIN: 'https://coop.moj.example/api', NODE_COUNTRY: 'AUT' },
      /NODE_ORIGIN must be an origin only/,
    ],
    [{ NODE_ORIGIN: 'coop.moj.example', NODE_COUNTRY: 'AUT' }, /NODE_ORIGIN must be an absolute URL/],
    [{ FEDERATION_CLOCK_SKEW_S: '0' }, /FEDERATION_CLOCK_SKEW_S must be at least 1/],
    [{ FEDERATION_CLOCK_SKEW_S: 'soon' }, /FEDERATION_CLOCK_SKEW_S/],
    [{ FEDERATION_ALLOW_HTTP: 'yes' }, /FEDERATION_ALLOW_HTTP must be true or false/],
    [{ FEDERATION_RETRY_BASE_MS: '5' }, /FEDERATION_RETRY_BASE_MS must be at least 10/],
    [
      { FEDERATION_RETRY_BASE_MS: '5000', FEDERATION_RETRY_MAX_MS: '1000' },
      /FEDERATION_RETRY_MAX_MS must be at least FEDERATION_RETRY_BASE_MS/,
    ],
    [{ FEDERATION_BREAKER_FAILURES: '0' }, /FEDERATION_BREAKER_FAILURES must be at least 1/],
    [{ FEDERATION_HEARTBEAT_S: 'often' }, /FEDERATION_HEARTBEAT_S/],
    [{ FEDERATION_DELIVERY_PERIOD_URGENT_S: '0' }, /FEDERATION_DELIVERY_PERIOD_URGENT_S must be at least 1/],
    [{ FEDERATION_DELIVERY_PERIOD_ROUTINE_S: '-1' }, /FEDERATION_DELIVERY_PERIOD_ROUTINE_S/],
    [
      { FEDERATION_KEY_PATH: 'k.pem', FEDERATION_NEXT_KEY_PATH: 'k.pem' },
      /FEDERATION_NEXT_KEY_PATH must differ/,
    ],
  ])('should refuse %j, naming the variable', (env, message) => {
    expect(errorOf(() => readFederationConfig(env as NodeJS.ProcessEnv))).toMatch(message);
  });

  it('should read an origin as an origin only', () => {
    expect(parseNodeOrigin('https://a.example', false)).toEqual({ ok: true, origin: 'https://a.example' });
    for (const bad of [
      'https://user:pw@a.example',
      'https://a.example/?x=1',
      'https://a.example/#f',
      'ftp://a.example',
    ]) {
      expect(parseNodeOrigin(bad, true).ok).toBe(false);
    }
  });
});
