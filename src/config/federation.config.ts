import { registerAs } from '@nestjs/config';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { validateConfig } from './validate-config';

/**
 * Federation (docs/federation.md): with NODE_ORIGIN set this installation is a node that other States'
 * nodes can pin; without it, it runs alone exactly as before (the federation routes answer 404).
 */
export interface FederationConfig {
  /** The node's public origin (`https://coop.moj.example`, no path), or null: not a node. */
  origin: string | null;
  /** ISO 3166-1 alpha-3 of the State the node belongs to; set exactly when `origin` is. */
  country: string | null;
  /** PKCS#8 PEM of the node's current Ed25519 signing key; created (mode 0600) on first start. */
  keyPath: string;
  /** PKCS#8 PEM of the pre-committed next key (its digest is in the key log); created likewise. */
  nextKeyPath: string;
  /** Largest accepted difference between a signature's `created` and this node's clock, in seconds. */
  clockSkewS: number;
  /** Plain http between nodes (tests and demos on one machine); refused in production. */
  allowHttp: boolean;
  /** Delivery to peers: backoff, circuit breaker, TIMEOUT periods, heartbeats (short in fast mode). */
  delivery: DeliveryConfig;
}

export interface DeliveryConfig {
  /** First retry delay toward a peer after a failure; doubles with each consecutive failure (jittered). */
  retryBaseMs: number;
  /** Cap of the retry delay (and of how long a breaker stays open). */
  retryMaxMs: number;
  /** Attempts of one envelope after which an alert is raised (retries go on at the cap). */
  retryAttempts: number;
  /** Consecutive failures toward a peer that open its circuit breaker. */
  breakerFailures: number;
  /** Seconds between heartbeats to each pinned peer. */
  heartbeatS: number;
  /** No DELIVERY receipt within this many seconds: a TIMEOUT receipt (urgent and emergency requests). */
  periodUrgentS: number;
  /** The same for routine (normal) requests. */
  periodRoutineS: number;
}

const PREFIX = 'Invalid environment configuration:\n';
const PATH = /^[^\0\r\n]+$/;

class FederationEnv {
  @IsOptional()
  @IsString()
  @MaxLength(300, { message: 'NODE_ORIGIN must be at most 300 characters' })
  NODE_ORIGIN?: string;

  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'NODE_COUNTRY must be an ISO 3166-1 alpha-3 code such as AUT' })
  NODE_COUNTRY?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(PATH, { message: 'FEDERATION_KEY_PATH must be a file path' })
  FEDERATION_KEY_PATH?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(PATH, { message: 'FEDERATION_NEXT_KEY_PATH must be a file path' })
  FEDERATION_NEXT_KEY_PATH?: string;

  @IsOptional()
  @IsInt({ message: 'FEDERATION_CLOCK_SKEW_S must be a whole number of seconds' })
  @Min(1, { message: 'FEDERATION_CLOCK_SKEW_S must be at least 1' })
  @Max(3600, { message: 'FEDERATION_CLOCK_SKEW_S must be at most 3600 (an hour)' })
  FEDERATION_CLOCK_SKEW_S?: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'FEDERATION_ALLOW_HTTP must be true or false' })
  FEDERATION_ALLOW_HTTP?: string;

  @IsOptional()
  @IsInt({ message: 'FEDERATION_RETRY_BASE_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'FEDERATION_RETRY_BASE_MS must be at least 10' })
  @Max(3600000, { message: 'FEDERATION_RETRY_BASE_MS must be at most 3600000 (an hour)' })
  FEDERATION_RETRY_BASE_MS?: number;

  @IsOptional()
  @IsInt({ message: 'FEDERATION_RETRY_MAX_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'FEDERATION_RETRY_MAX_MS must be at least 100' })
  @Max(86400000, { message: 'FEDERATION_RETRY_MAX_MS must be at most 86400000 (a day)' })
  FEDERATION_RETRY_MAX_MS?: number;

  @IsOptional()
  @IsInt({ message: 'FEDERATION_RETRY_ATTEMPTS must be a whole number' })
  @Min(1, { message: 'FEDERATION_RETRY_ATTEMPTS must be at least 1' })
  @Max(1000, { message: 'FEDERATION_RETRY_ATTEMPTS must be at most 1000' })
  FEDERATION_RETRY_ATTEMPTS?: number;

  @IsOptional()
  @IsInt({ message: 'FEDERATION_BREAKER_FAILURES must be a whole number' })
  @Min(1, { message: 'FEDERATION_BREAKER_FAILURES must be at least 1' })
  @Max(100, { message: 'FEDERATION_BREAKER_FAILURES must be at most 100' })
  FEDERATION_BREAKER_FAILURES?: number;

  @IsOptional()
  @IsInt({ message: 'FEDERATION_HEARTBEAT_S must be a whole number of seconds' })
  @Min(1, { message: 'FEDERATION_HEARTBEAT_S must be at least 1' })
  @Max(86400, { message: 'FEDERATION_HEARTBEAT_S must be at most 86400 (a day)' })
  FEDERATION_HEARTBEAT_S?: number;

  @IsOptional()
  @IsInt({ message: 'FEDERATION_DELIVERY_PERIOD_URGENT_S must be a whole number of seconds' })
  @Min(1, { message: 'FEDERATION_DELIVERY_PERIOD_URGENT_S must be at least 1' })
  @Max(2592000, { message: 'FEDERATION_DELIVERY_PERIOD_URGENT_S must be at most 2592000 (30 days)' })
  FEDERATION_DELIVERY_PERIOD_URGENT_S?: number;

  @IsOptional()
  @IsInt({ message: 'FEDERATION_DELIVERY_PERIOD_ROUTINE_S must be a whole number of seconds' })
  @Min(1, { message: 'FEDERATION_DELIVERY_PERIOD_ROUTINE_S must be at least 1' })
  @Max(2592000, { message: 'FEDERATION_DELIVERY_PERIOD_ROUTINE_S must be at most 2592000 (30 days)' })
  FEDERATION_DELIVERY_PERIOD_ROUTINE_S?: number;
}

/**
 * Reads a node origin: an absolute http(s) URL with a host and nothing after it (no path other than `/`,
 * no query, fragment or user info). Returns the normalised origin (`new URL().origin`) or why not.
 */
export function parseNodeOrigin(
  value: string,
  allowHttp: boolean,
): { ok: true; origin: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'must be an absolute URL such as https://coop.moj.example' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `must use https:// (found ${url.protocol}//)` };
  }
  if (url.protocol === 'http:' && !allowHttp) {
    return { ok: false, reason: 'must use https:// (plain http only with FEDERATION_ALLOW_HTTP=true)' };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'must not carry a user name or password' };
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || /[?#]/.test(value)) {
    return {
      ok: false,
      reason: 'must be an origin only (scheme, host and port), without a path, query or fragment',
    };
  }
  return { ok: true, origin: url.origin };
}

export function readFederationConfig(env: NodeJS.ProcessEnv = process.env): FederationConfig {
  const e = validateConfig(FederationEnv, { ...env });
  const problems: string[] = [];
  const allowHttp = e.FEDERATION_ALLOW_HTTP === 'true';
  if (allowHttp && env.NODE_ENV === 'production') {
    problems.push(
      '  FEDERATION_ALLOW_HTTP: FEDERATION_ALLOW_HTTP=true is refused in production (NODE_ENV=production)',
    );
  }
  let origin: string | null = null;
  if (e.NODE_ORIGIN !== undefined) {
    const parsed = parseNodeOrigin(e.NODE_ORIGIN, allowHttp);
    if (parsed.ok) {
      origin = parsed.origin;
    } else {
      problems.push(`  NODE_ORIGIN: NODE_ORIGIN ${parsed.reason}`);
    }
    if (e.NODE_COUNTRY === undefined) {
      problems.push(
        '  NODE_COUNTRY: NODE_COUNTRY is required with NODE_ORIGIN (ISO 3166-1 alpha-3, e.g. AUT)',
      );
    }
  } else if (e.NODE_COUNTRY !== undefined) {
    problems.push(
      '  NODE_COUNTRY: NODE_COUNTRY is set but NODE_ORIGIN is not (set both to make this a node)',
    );
  }
  const keyPath = e.FEDERATION_KEY_PATH ?? 'var/federation-key.pem';
  const nextKeyPath = e.FEDERATION_NEXT_KEY_PATH ?? 'var/federation-next-key.pem';
  if (keyPath === nextKeyPath) {
    problems.push(
      '  FEDERATION_NEXT_KEY_PATH: FEDERATION_NEXT_KEY_PATH must differ from FEDERATION_KEY_PATH',
    );
  }
  const retryBaseMs = e.FEDERATION_RETRY_BASE_MS ?? 5000;
  const retryMaxMs = e.FEDERATION_RETRY_MAX_MS ?? 6 * 3600 * 1000;
  if (retryMaxMs < retryBaseMs) {
    problems.push(
      '  FEDERATION_RETRY_MAX_MS: FEDERATION_RETRY_MAX_MS must be at least FEDERATION_RETRY_BASE_MS',
    );
  }
  if (problems.length > 0) {
    throw new Error(`${PREFIX}${problems.join('\n')}`);
  }
  return {
    origin,
    country: origin ? (e.NODE_COUNTRY ?? null) : null,
    keyPath,
    nextKeyPath,
    clockSkewS: e.FEDERATION_CLOCK_SKEW_S ?? 300,
    allowHttp,
    delivery: {
      retryBaseMs,
      retryMaxMs,
      retryAttempts: e.FEDERATION_RETRY_ATTEMPTS ?? 30,
      breakerFailures: e.FEDERATION_BREAKER_FAILURES ?? 5,
      heartbeatS: e.FEDERATION_HEARTBEAT_S ?? 300,
      periodUrgentS: e.FEDERATION_DELIVERY_PERIOD_URGENT_S ?? 3600,
      periodRoutineS: e.FEDERATION_DELIVERY_PERIOD_ROUTINE_S ?? 86400,
    },
  };
}

export const federationConfig = registerAs('federation', (): FederationConfig => readFederationConfig());
