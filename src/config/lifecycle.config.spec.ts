import 'reflect-metadata';
import { readLifecycleConfig } from './lifecycle.config';

describe('lifecycle configuration', () => {
  it('should wait 30 s for the backends and give a shutdown 25 s by default', () => {
    expect(readLifecycleConfig({})).toEqual({ startupWaitMs: 30000, shutdownTimeoutMs: 25000 });
  });

  it('should read STARTUP_WAIT_S (0: no wait) and SHUTDOWN_TIMEOUT_S', () => {
    expect(readLifecycleConfig({ STARTUP_WAIT_S: '0', SHUTDOWN_TIMEOUT_S: '10' })).toEqual({
      startupWaitMs: 0,
      shutdownTimeoutMs: 10000,
    });
  });

  it.each([
    ['STARTUP_WAIT_S', '-1'],
    ['STARTUP_WAIT_S', 'soon'],
    ['STARTUP_WAIT_S', '3601'],
    ['SHUTDOWN_TIMEOUT_S', '0'],
    ['SHUTDOWN_TIMEOUT_S', '2.5'],
  ])('should refuse %s=%p, naming it', (name, value) => {
    expect(() => readLifecycleConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });
});
