import { registerAs } from '@nestjs/config';
import { isIP } from 'node:net';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { validateConfig } from './validate-config';

/** The API's edge: rate limits and how long an authenticated token is trusted without asking the database. */
export interface HttpConfig {
  /** Length of the rate-limit window. */
  rateLimitWindowMs: number;
  /** Requests per window from one client address (every route, with or without a token). */
  rateLimitPerIp: number;
  /** Requests per window with one bearer token. */
  rateLimitPerToken: number;
  /**
   * How long a token, once found valid, is trusted without a database lookup. A revocation made through
   * this process takes effect at once; one made elsewhere (another API process) within this delay.
   * 0 turns the cache off.
   */
  authCacheTtlMs: number;
  /**
   * Which reverse proxies' X-Forwarded-For to believe for the client address (per-address rate limits):
   * false (none, the default: the address is the connection's), a hop count, or the proxies' addresses.
   */
  trustProxy: false | number | string[];
}

/** Express's named ranges, for proxies on this host or on the private network. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

class HttpEnv {
  @IsOptional() @IsInt() @Min(1000) @Max(3600000) RATE_LIMIT_WINDOW_MS?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000000000) RATE_LIMIT_PER_IP?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000000000) RATE_LIMIT_PER_TOKEN?: number;
  @IsOptional() @IsInt() @Min(0) @Max(60000) AUTH_CACHE_TTL_MS?: number;
  @IsOptional() @IsString() TRUST_PROXY?: string;
}

/**
 * TRUST_PROXY: unset or "false", a number of proxy hops (1-10), or a comma-separated list of addresses,
 * CIDR ranges and named ranges (loopback, linklocal, uniquelocal). "true" (trust any sender of the header)
 * is refused: every client could then pick the address its rate limit counts against.
 */
export function parseTrustProxy(raw: string | undefined): HttpConfig['trustProxy'] {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') {
    return false;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 10) {
      throw new Error(
        'Invalid environment configuration:\n  TRUST_PROXY: a hop count must be between 1 and 10',
      );
    }
    return hops;
  }
  if (value === 'true') {
    throw new Error(
      'Invalid environment configuration:\n  TRUST_PROXY: "true" would let any client choose its address; ' +
        "name the proxies' addresses or the number of hops",
    );
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !NAMED_RANGES.has(e) && !isAddressOrRange(e));
  if (bad.length > 0) {
    throw new Error(
      `Invalid environment configuration:\n  TRUST_PROXY: not an address, CIDR range or named range: ${bad.join(', ')}`,
    );
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export function readHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  const parsed = validateConfig(HttpEnv, { ...env });
  return {
    rateLimitWindowMs: parsed.RATE_LIMIT_WINDOW_MS ?? 60000,
    // Generous: an authority's gateway may carry all its users from one address.
    rateLimitPerIp: parsed.RATE_LIMIT_PER_IP ?? 6000,
    rateLimitPerToken: parsed.RATE_LIMIT_PER_TOKEN ?? 1200,
    authCacheTtlMs: parsed.AUTH_CACHE_TTL_MS ?? 2000,
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
  };
}

export const httpConfig = registerAs('http', (): HttpConfig => readHttpConfig());
