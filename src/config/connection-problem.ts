/**
 * One sentence per connection problem, naming the variable the address came from and the address (its
 * password cut): `DATABASE_URL postgres://app:***@127.0.0.1:5999/db: connect ECONNREFUSED 127.0.0.1:5999`.
 * What an operator needs to fix it, and nothing else (no stack: the cause is the network, not the code).
 */

/** The variables a process connects through; `embedded PostgreSQL` when DATABASE_URL was left unset. */
export type ServiceVariable = 'DATABASE_URL' | 'REDIS_URL' | 'embedded PostgreSQL';

export class ServiceUnreachableError extends Error {
  constructor(
    readonly variable: ServiceVariable,
    /** The URL, password cut. */
    readonly address: string,
    /** Why, in one line (`connect ECONNREFUSED 127.0.0.1:5999`). */
    readonly reason: string,
    /** Retrying will not help (a wrong password, an unknown role): say so at once rather than wait. */
    readonly permanent = false,
  ) {
    super(`${variable} ${address}: ${reason}`);
    this.name = 'ServiceUnreachableError';
  }
}

export function serviceUnreachable(
  variable: ServiceVariable,
  url: string,
  err: unknown,
  permanent = false,
): ServiceUnreachableError {
  return err instanceof ServiceUnreachableError
    ? err
    : new ServiceUnreachableError(variable, redactUrl(url), errorReason(err), permanent);
}

/** The URL with its password replaced by `***`; `(unparsable URL)` when it is not one. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) {
      u.password = '***';
    }
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * An error's message on one line. Node's connect to a name with several addresses (`localhost`: ::1 and
 * 127.0.0.1) fails with an AggregateError whose own message is empty: its parts are said instead.
 */
export function errorReason(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    const parts = [...new Set(err.errors.map((e) => errorReason(e)))];
    return parts.join('; ');
  }
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = err.message.trim() || code || err.name;
    return message.replace(/\s*\n\s*/g, '; ');
  }
  return String(err).replace(/\s*\n\s*/g, '; ');
}

/** Connection-level failures: the peer is not there (yet), as opposed to a query or a protocol error. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * For an error from somewhere that did not say which service it was talking to (a pool inside a library):
 * the variable whose URL names the host and port the error names, if any.
 */
export function attributeConnectionError(
  err: unknown,
  services: { variable: ServiceVariable; url: string | undefined }[],
): ServiceUnreachableError | undefined {
  if (err instanceof ServiceUnreachableError) {
    return err;
  }
  const parts: unknown[] = err instanceof AggregateError ? [err, ...(err.errors as unknown[])] : [err];
  for (const part of parts) {
    const e = part as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
    if (!e || typeof e !== 'object' || !NETWORK_CODES.has(e.code ?? '')) {
      continue;
    }
    for (const { variable, url } of services) {
      const target = url ? hostAndPort(url) : undefined;
      if (!target) {
        continue;
      }
      const samePort = e.port === undefined || e.port === target.port;
      const sameHost =
        e.hostname === target.host || e.address === target.host || sameLoopback(e.address, target.host);
      if (samePort && sameHost) {
        return serviceUnreachable(variable, url ?? '', err);
      }
    }
  }
  return undefined;
}

function hostAndPort(url: string): { host: string; port: number } | undefined {
  try {
    const u = new URL(url);
    const defaults: Record<string, number> = {
      'postgres:': 5432,
      'postgresql:': 5432,
      'redis:': 6379,
      'rediss:': 6379,
    };
    return {
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : (defaults[u.protocol] ?? 0),
    };
  } catch {
    return undefined;
  }
}

function sameLoopback(address: string | undefined, host: string): boolean {
  const loopback = (h: string | undefined): boolean =>
    h === 'localhost' || h === '::1' || /^127\./.test(h ?? '');
  return loopback(address) && loopback(host);
}
