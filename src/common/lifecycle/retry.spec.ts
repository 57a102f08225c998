import { RetryDeadlineError, abortable, pause, retryWithBackoff, settlesWithin } from './retry';

describe('retryWithBackoff', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const refused = (): Error =>
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED' });

  it('should retry with doubling pauses, capped, until the attempt succeeds', async () => {
    const starts: number[] = [];
    let n = 0;
    const attempt = jest.fn(() => {
      starts.push(Date.now());
      return ++n < 6 ? Promise.reject(refused()) : Promise.resolve('up');
    });
    const result = retryWithBackoff(attempt, { deadlineMs: 60000, initialDelayMs: 100, maxDelayMs: 500 });
    await jest.advanceTimersByTimeAsync(5000);
    await expect(result).resolves.toBe('up');
    const t0 = starts[0];
    // Pauses of 100, 200, 400, then 500, 500 (the cap).
    expect(starts.map((t) => t - t0)).toEqual([0, 100, 300, 700, 1200, 1700]);
  });

  it('should tell of each failure with its number, and of the pause that follows', async () => {
    const infos: unknown[] = [];
    const result = retryWithBackoff(() => Promise.reject(refused()), {
      deadlineMs: 1000,
      initialDelayMs: 400,
      maxDelayMs: 400,
      onFailure: (_err, info) => infos.push(info),
    });
    const settled = result.catch((err: unknown) => err);
    await jest.advanceTimersByTimeAsync(2000);
    const err = await settled;
    expect(err).toBeInstanceOf(RetryDeadlineError);
    expect((err as RetryDeadlineError).attempts).toBe(4);
    expect((err as RetryDeadlineError).lastError).toMatchObject({ code: 'ECONNREFUSED' });
    // The last pause is cut to what is left of the budget; no attempt starts after the deadline.
    expect(infos).toEqual([
      { attempt: 1, elapsedMs: 0, nextDelayMs: 400 },
      { attempt: 2, elapsedMs: 400, nextDelayMs: 400 },
      { attempt: 3, elapsedMs: 800, nextDelayMs: 200 },
      { attempt: 4, elapsedMs: 1000, nextDelayMs: undefined },
    ]);
  });

  it('should make one attempt when the budget is 0', async () => {
    const attempt = jest.fn(() => Promise.reject(refused()));
    await expect(retryWithBackoff(attempt, { deadlineMs: 0 })).rejects.toBeInstanceOf(RetryDeadlineError);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('should give up at once on a permanent failure, with that failure', async () => {
    const denied = Object.assign(new Error('password authentication failed for user "app"'), {
      code: '28P01',
    });
    const attempt = jest.fn(() => Promise.reject(denied));
    await expect(
      retryWithBackoff(attempt, {
        deadlineMs: 30000,
        isPermanent: (e) => (e as { code?: string }).code === '28P01',
      }),
    ).rejects.toBe(denied);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('should stop during a pause as soon as the signal is aborted, with its reason', async () => {
    const stop = new AbortController();
    const attempt = jest.fn(() => Promise.reject(refused()));
    const result = retryWithBackoff(attempt, {
      deadlineMs: 30000,
      initialDelayMs: 10000,
      signal: stop.signal,
    });
    const settled = result.catch((err: unknown) => err);
    await jest.advanceTimersByTimeAsync(10);
    const reason = new Error('SIGTERM');
    stop.abort(reason);
    await jest.advanceTimersByTimeAsync(0);
    expect(await settled).toBe(reason);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('should stop during an attempt that hangs', async () => {
    const stop = new AbortController();
    const result = retryWithBackoff(() => new Promise<never>(() => undefined), {
      deadlineMs: 30000,
      signal: stop.signal,
    });
    const settled = result.catch((err: unknown) => err);
    stop.abort(new Error('SIGINT'));
    await jest.advanceTimersByTimeAsync(0);
    expect(await settled).toMatchObject({ message: 'SIGINT' });
  });
});

describe('pause, abortable, settlesWithin', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should reject a pause at once when the signal is already aborted', async () => {
    const stop = new AbortController();
    stop.abort(new Error('gone'));
    await expect(pause(1000, stop.signal)).rejects.toThrow('gone');
  });

  it('should pass a value through abortable when nothing aborts', async () => {
    await expect(abortable(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
  });

  it('should say whether a promise settled in time, a rejection counting as settled', async () => {
    const never = settlesWithin(new Promise(() => undefined), 500);
    await jest.advanceTimersByTimeAsync(500);
    await expect(never).resolves.toBe(false);
    await expect(settlesWithin(Promise.reject(new Error('closed')), 500)).resolves.toBe(true);
    await expect(settlesWithin(Promise.resolve(), 500)).resolves.toBe(true);
  });
});
