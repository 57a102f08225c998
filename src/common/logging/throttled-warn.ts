import type { Logger } from '@nestjs/common';

/** A warn() that writes at most one line per interval and counts what it held back. */
export function throttledWarn(logger: Logger, intervalMs: number): (message: string) => void {
  let last = 0;
  let suppressed = 0;
  return (message: string) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      suppressed++;
      return;
    }
    logger.warn(suppressed > 0 ? `${message} (${suppressed} similar messages suppressed)` : message);
    last = now;
    suppressed = 0;
  };
}
