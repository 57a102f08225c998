import type { LoggerService, LogLevel } from '@nestjs/common';
import { requestContext } from './request-context';

const LEVELS: Record<string, number> = {
  verbose: 5,
  debug: 10,
  log: 20,
  info: 20,
  warn: 30,
  error: 40,
  fatal: 50,
};
/** Keys whose values never reach a log line (tokens, secrets, personal data travel in bodies we never log). */
const REDACTED_KEYS = /authorization|token|secret|password|cookie|signature/i;

let pending: string[] = [];
let flushScheduled = false;
let exitHooked = false;

function flushStdout(): void {
  flushScheduled = false;
  if (pending.length > 0) {
    const out = pending.join('\n') + '\n';
    pending = [];
    process.stdout.write(out);
  }
}

/**
 * Lines to stdout, written once per turn of the event loop: under load one write for many lines (a write
 * to a file or a pipe is synchronous, and a costly system call on some hosts). Whatever is pending is
 * written when the process exits.
 */
export function stdoutLines(line: string): void {
  pending.push(line);
  if (!flushScheduled) {
    if (!exitHooked) {
      exitHooked = true;
      process.once('exit', flushStdout);
    }
    flushScheduled = true;
    setImmediate(flushStdout);
  }
}

/** Structured JSON logs, one object per line, with the current request id when there is one. */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    level: 'debug' | 'info' | 'warn' | 'error' = 'info',
    private readonly write: (line: string) => void = stdoutLines,
  ) {
    this.threshold = LEVELS[level] ?? 20;
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }
  setLogLevels(_levels: LogLevel[]): void {
    // The level is fixed by LOG_LEVEL at start-up.
  }

  private emit(level: string, message: unknown, params: unknown[]): void {
    if ((LEVELS[level] ?? 20) < this.threshold) {
      return;
    }
    const rest = [...params];
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level };
    if (context) {
      entry.context = context;
    }
    const requestId = requestContext.getStore()?.requestId;
    if (requestId) {
      entry.requestId = requestId;
    }
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      Object.assign(entry, redact(message as Record<string, unknown>));
    } else if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else {
      entry.msg = String(message);
    }
    for (const extra of rest) {
      if (typeof extra === 'string' && level === 'error') {
        entry.stack = extra;
      } else if (typeof extra === 'string') {
        entry.msg = `${typeof entry.msg === 'string' ? entry.msg : ''} ${extra}`.trim();
      }
    }
    this.write(JSON.stringify(entry));
  }
}

/** Secrets out at every depth (a nested `headers.authorization` too); cycles and very deep values cut. */
function redact(obj: Record<string, unknown>): Record<string, unknown> {
  return redactValue(obj, 0, new WeakSet()) as Record<string, unknown>;
}

const MAX_DEPTH = 8;

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Date) {
    return value;
  }
  if (value instanceof Error) {
    return { name: value.name, message: value.message };
  }
  if (seen.has(value) || depth >= MAX_DEPTH) {
    return '[cut]';
  }
  seen.add(value);
  if (Array.isArray(value)) {
    return value.map((item: unknown) => redactValue(item, depth + 1, seen));
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = REDACTED_KEYS.test(key) ? '[redacted]' : redactValue(inner, depth + 1, seen);
  }
  return out;
}
