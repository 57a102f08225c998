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
});
