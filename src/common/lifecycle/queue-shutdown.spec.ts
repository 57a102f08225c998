import { Logger } from '@nestjs/common';
import { closeWithin } from './queue-shutdown';

describe('closeWithin', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    jest.useFakeTimers();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
    warn.mockRestore();
  });

  it('should wait for a close that finishes within its budget, and cut nothing', async () => {
    const disconnect = jest.fn(() => Promise.resolve());
    const closing = new Promise<void>((resolve) => setTimeout(resolve, 1500));
    const done = closeWithin('worker mla', closing, { ms: 2000, afterCutMs: 100 }, disconnect);
    await jest.advanceTimersByTimeAsync(1500);
    await expect(done).resolves.toBeUndefined();
    expect(disconnect).not.toHaveBeenCalled();
  });

  it('should cut the connection of a close that hangs, and leave it behind after a little more', async () => {
    const disconnect = jest.fn(() => new Promise<void>(() => undefined)); // BullMQ's may hang as well
    let finished = false;
    const done = closeWithin(
      'queue mla',
      new Promise<void>(() => undefined),
      { ms: 200, afterCutMs: 100 },
      disconnect,
    ).then(() => {
      finished = true;
    });
    await jest.advanceTimersByTimeAsync(199);
    expect(disconnect).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(disconnect).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith({
      msg: 'queue mla: not closed within 200 ms: connection cut',
      ms: 200,
    });
    expect(finished).toBe(false);
    await jest.advanceTimersByTimeAsync(100);
    await done;
    expect(finished).toBe(true);
  });

  it('should take a close that fails as closed', async () => {
    const disconnect = jest.fn(() => Promise.resolve());
    await closeWithin(
      'queue mla',
      Promise.reject(new Error('Connection is closed.')),
      { ms: 200, afterCutMs: 100 },
      disconnect,
    );
    expect(disconnect).not.toHaveBeenCalled();
  });

  it('should wait its whole budget for a worker with jobs running, and cut one with none soon', async () => {
    let jobs = 1;
    const disconnect = jest.fn(() => Promise.resolve());
    const never = new Promise<void>(() => undefined);
    const busy = closeWithin(
      'worker mla',
      never,
      { ms: 10000, afterCutMs: 100 },
      disconnect,
      () => jobs === 0,
    );
    await jest.advanceTimersByTimeAsync(5000);
    expect(disconnect).not.toHaveBeenCalled();
    // The job ends; the worker is left sleeping (a retry pause close does not interrupt): cut soon after.
    jobs = 0;
    await jest.advanceTimersByTimeAsync(200);
    expect(disconnect).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(100);
    await busy;
    const idle = jest.fn(() => Promise.resolve());
    const done = closeWithin('worker preservation', never, { ms: 10000, afterCutMs: 100 }, idle, () => true);
    await jest.advanceTimersByTimeAsync(499);
    expect(idle).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(101);
    expect(idle).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenLastCalledWith({
      msg: 'worker preservation: no job running, not closed within 500 ms: connection cut',
      ms: 500,
    });
    await jest.advanceTimersByTimeAsync(100);
    await done;
  });
});
