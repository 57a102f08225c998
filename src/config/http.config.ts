import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
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
}

class HttpEnv {
  @IsOptional() @IsInt() @Min(1000) @Max(3600000) RATE_LIMIT_WINDOW_MS?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000000000) RATE_LIMIT_PER_IP?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000000000) RATE_LIMIT_PER_TOKEN?: number;
  @IsOptional() @IsInt() @Min(0) @Max(60000) AUTH_CACHE_TTL_MS?: number;
}

export function readHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  const parsed = validateConfig(HttpEnv, { ...env });
  return {
    rateLimitWindowMs: parsed.RATE_LIMIT_WINDOW_MS ?? 60000,
    // Generous: an authority's gateway may carry all its users from one address.
    rateLimitPerIp: parsed.RATE_LIMIT_PER_IP ?? 6000,
    rateLimitPerToken: parsed.RATE_LIMIT_PER_TOKEN ?? 1200,
    authCacheTtlMs: parsed.AUTH_CACHE_TTL_MS ?? 2000,
  };
}

export const httpConfig = registerAs('http', (): HttpConfig => readHttpConfig());
