import { registerAs } from '@nestjs/config';
import { IsOptional } from 'class-validator';
import { IsServiceUrl } from './is-service-url';
import { validateConfig } from './validate-config';

export interface RedisConfig {
  /** Unset: BullMQ runs on PostgreSQL (see backends.ts). */
  url: string | undefined;
}

class RedisEnv {
  @IsOptional()
  @IsServiceUrl(['redis', 'rediss'])
  REDIS_URL?: string;
}

export function readRedisConfig(env: NodeJS.ProcessEnv = process.env): RedisConfig {
  const parsed = validateConfig(RedisEnv, { ...env });
  return { url: parsed.REDIS_URL?.trim() || undefined };
}

export const redisConfig = registerAs('redis', (): RedisConfig => readRedisConfig());
