import type { INestApplicationContext } from '@nestjs/common';
import { JsonLogger } from '../logging/json-logger';
import { StartupStopped, handleProcessSignals } from './graceful-shutdown';
import { isDraining } from './readiness';

/**
 * The signal handling with process.exit and the signals stubbed (process.emit calls the listeners without
 * a real signal). The real processes are exercised by test/e2e/operator-startup.e2e-spec.ts.
 */
describe('handleProcessSignals', () => {
  let exit: jest.SpyInstance;
  let exited: Promise<number>;
  let lines: Record<string, unknown>[];
  let logger: JsonLogger;
  const listeners = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };

  beforeEach(() => {
    // Fake timers throughout: a lifecycle's deadline timer must never fire after its test (the real
    // process.exit would end the test worker).
    jest.useFakeTimers();
    let resolveExit: (code: number) => void = () => undefined;
    exited = new Promise((resolve) => (resolveExit = resolve));
    exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      resolveExit(code ?? 0);
      return undefined as never;
    }) as typeof process.exit);
    lines = [];
    logger = new JsonLogger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  });

  afterEach(() => {
    jest.clearAllTimers();
    jest.useRealTimers();
    exit.mockRestore();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.removeAllListeners(signal);
      listeners[signal].forEach((l) => process.on(signal, l as () => void));
    }
  });

  const fakeApp = (close: () => Promise<void>): INestApplicationContext =>
    ({ close }) as unknown as INestApplicationContext;

  it('should close the running application on SIGTERM, draining first, then exit 0', async () => {
    const afterClose = jest.fn(() => Promise.resolve());
    const lifecycle = handleProcessSignals(logger, { afterClose });
    const close = jest.fn(() => Promise.resolve());
    lifecycle.started(fakeApp(close));
    process.emit('SIGTERM', 'SIGTERM');
    expect(isDraining()).toBe(true);
    expect(await exited).toBe(0);
    expect(close).toHaveBeenCalledTimes(1);
    expect(afterClose).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => l.msg)).toEqual(['shutting down', 'stopped']);
  });

  it('should stop start-up at once on SIGTERM (the signal aborted), release, and exit 0', async () => {
    const afterClose = jest.fn(() => Promise.resolve());
    const lifecycle = handleProcessSignals(logger, { afterClose });
    process.emit('SIGTERM', 'SIGTERM');
    expect(lifecycle.stopping.aborted).toBe(true);
    expect(lifecycle.stopping.reason).toBeInstanceOf(StartupStopped);
    await lifecycle.startFailed(lifecycle.stopping.reason);
    expect(await exited).toBe(0);
    expect(afterClose).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => l.msg)).toEqual(['signal during start-up: stopping', 'stopped during start-up']);
  });

  it('should close an application that finished starting after the signal', async () => {
    const lifecycle = handleProcessSignals(logger);
    process.emit('SIGINT', 'SIGINT');
    const close = jest.fn(() => Promise.resolve());
    lifecycle.started(fakeApp(close));
    expect(await exited).toBe(0);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('should say why start-up failed, one line per problem, and exit 1', async () => {
    const lifecycle = handleProcessSignals(logger, {
      describeFailure: () => [
        { msg: 'DATABASE_URL postgres://u@h:5999/db: connect ECONNREFUSED 127.0.0.1:5999' },
        { msg: 'second' },
      ],
    });
    await lifecycle.startFailed(new Error('x'));
    expect(await exited).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'fatal',
        msg: 'DATABASE_URL postgres://u@h:5999/db: connect ECONNREFUSED 127.0.0.1:5999',
      }),
      expect.objectContaining({ level: 'fatal', msg: 'second' }),
    ]);
  });

  it('should exit 1 at once on a second signal', async () => {
    const lifecycle = handleProcessSignals(logger);
    lifecycle.started(fakeApp(() => new Promise<void>(() => undefined)));
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
    expect(lines.map((l) => l.msg)).toEqual(['shutting down', 'second signal: exiting now']);
  });

  it('should exit 1 when the application does not close by the deadline', async () => {
    const lifecycle = handleProcessSignals(logger, { deadlineMs: 1000 });
    lifecycle.started(fakeApp(() => new Promise<void>(() => undefined)));
    process.emit('SIGTERM', 'SIGTERM');
    await jest.advanceTimersByTimeAsync(1000);
    expect(await exited).toBe(1);
    expect(lines.at(-1)).toMatchObject({ msg: 'shutdown deadline passed: exiting', deadlineMs: 1000 });
  });
});
