import { appConfig } from './app.config';

const ORIGINAL_ENV = process.env;

describe('app configuration: empty and unrecognised values', () => {
  afterEach(() => {
    process.env = ORIGINAL_ENV;
  });

  it.each(['maybe', 'off', 'disabled'])('should refuse WORKERS_ENABLED=%p, naming it', (value) => {
    process.env = { WORKERS_ENABLED: value };
    expect(() => appConfig()).toThrow(/WORKERS_ENABLED/);
  });

  it('should apply the default port when PORT is empty', () => {
    process.env = { PORT: '' };
    expect(appConfig().port).toBe(3000);
  });

  it('should listen on every interface without HOST, on HOST when set, and refuse a HOST with a port', () => {
    process.env = {};
    expect(appConfig().host).toBeUndefined();
    for (const host of ['127.0.0.2', '::1', 'localhost', 'api.internal']) {
      process.env = { HOST: host };
      expect(appConfig().host).toBe(host);
    }
    for (const host of ['127.0.0.2:3000', 'http://x', 'a b']) {
      process.env = { HOST: host };
      expect(() => appConfig()).toThrow(/HOST must be an IP address or a host name/);
    }
  });
});
