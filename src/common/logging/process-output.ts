import type { LoggerService } from '@nestjs/common';
import { format } from 'node:util';

type Level = 'log' | 'warn' | 'error' | 'debug';

/**
 * Makes every line a server process writes a JSON line of `logger`, including what libraries print on
 * their own: console.* (BullMQ and ioredis print connection trouble and advice there, TypeORM its pool
 * errors), Node's process warnings (printed as plain text on stderr by default), and the uncaught error
 * that ends the process (a stack dump otherwise). Call it first thing in an entry point.
 */
export function routeProcessOutput(logger: LoggerService): void {
  const to =
    (level: Level) =>
    (...args: unknown[]): void => {
      const entry = consoleEntry(args);
      if (level === 'log') {
        logger.log(entry, 'console');
      } else {
        logger[level]?.(entry, 'console');
      }
    };
  console.log = to('log');
  console.info = to('log');
  console.warn = to('warn');
  console.error = to('error');
  console.debug = to('debug');
  console.trace = to('debug');
  // Node's own listener prints warnings as text; ours says them in JSON instead.
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    logger.warn({ msg: warning.message, warning: warning.name, code: warning.code }, 'Node');
  });
  const fatal =
    (what: string) =>
    (err: unknown): void => {
      logger.fatal?.(errorEntry(`${what}: `, err), 'Process');
      process.exit(1);
    };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled promise rejection'));
}

/** A console call's arguments as a log entry: the text, and an error's message (its stack unless a system error). */
export function consoleEntry(args: unknown[]): Record<string, unknown> {
  const error = args.find((a): a is Error => a instanceof Error);
  const rest = args.filter((a) => a !== error);
  const text = rest.length > 0 ? format(...rest) : '';
  if (!error) {
    return { msg: text };
  }
  return errorEntry(text ? `${text} ` : '', error);
}

function errorEntry(prefix: string, err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) {
    return { msg: `${prefix}${String(err)}` };
  }
  const code = (err as NodeJS.ErrnoException).code;
  const message = err.message || code || err.name;
  // A system error's stack (connect ECONNREFUSED ...) points into Node's net module and says nothing more.
  const systemError = typeof (err as NodeJS.ErrnoException).syscall === 'string';
  return {
    msg: `${prefix}${message}`,
    ...(code ? { code } : {}),
    ...(systemError ? {} : { stack: err.stack }),
  };
}
