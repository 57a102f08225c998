/**
 * Retries an attempt with exponential backoff until it succeeds, a permanent failure, the deadline or an
 * abort (a stop signal during start-up). What to say about a failure is the caller's: `onFailure` hears of
 * every failed attempt with how many came before, so that it can speak once per problem rather than once
 * per retry.
 */
export interface RetryOptions {
  /** The whole budget, from the first attempt: no retry starts after it (0: one attempt). */
  deadlineMs: number;
  /** First pause between attempts; doubled after each failure up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Stops the wait at once (the pending pause or attempt is abandoned): rejects with the signal's reason. */
  signal?: AbortSignal;
  /** A failure not worth retrying (wrong password, unknown role): rejects with it at once. */
  isPermanent?: (err: unknown) => boolean;
  /** Told of each failed attempt (`attempt` counts from 1) before the pause that follows it, if any. */
  onFailure?: (err: unknown, info: FailureInfo) => void;
  /** For tests. */
  now?: () => number;
}

export interface FailureInfo {
  attempt: number;
  elapsedMs: number;
  /** The pause before the next attempt; undefined when this was the last one. */
  nextDelayMs: number | undefined;
}

/** The deadline passed: `lastError` is the last attempt's failure. */
export class RetryDeadlineError extends Error {
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
    readonly elapsedMs: number,
  ) {
    super(lastError instanceof Error ? lastError.message : String(lastError));
    this.name = 'RetryDeadlineError';
  }
}

export async function retryWithBackoff<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { deadlineMs, initialDelayMs = 250, maxDelayMs = 2000, signal, isPermanent, onFailure } = options;
  const now = options.now ?? Date.now;
  const started = now();
  let delay = initialDelayMs;
  for (let n = 1; ; n++) {
    signal?.throwIfAborted();
    try {
      return await abortable(attempt(), signal);
    } catch (err) {
      if (signal?.aborted) {
        throw signal.reason;
      }
      const elapsedMs = now() - started;
      const remaining = deadlineMs - elapsedMs;
      const last = (isPermanent?.(err) ?? false) || remaining <= 0;
      const nextDelayMs = last ? undefined : Math.min(delay, remaining);
      onFailure?.(err, { attempt: n, elapsedMs, nextDelayMs });
      if (isPermanent?.(err)) {
        throw err;
      }
      if (nextDelayMs === undefined) {
        throw new RetryDeadlineError(err, n, elapsedMs);
      }
      await pause(nextDelayMs, signal);
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `promise`, or the signal's reason as soon as it is aborted (the promise itself runs on, unheard). */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) {
    return promise;
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    if (signal.aborted) {
      onAbort();
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
    }
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/**
 * `promise`'s own outcome if it settles within `ms`; otherwise a rejection saying `no answer within <ms> ms`
 * (the promise runs on). For a dependency that may wait for a reconnect forever when it is down.
 */
export async function answerWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits for `promise` at most `ms`: resolves true when it settled in time (a rejection counts as settled:
 * closing something that failed is closed), false when it did not. The promise runs on either way.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
