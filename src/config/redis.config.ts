import { registerAs } from '@nestjs/config';
import { IsDefined, Matches } from 'class-validator';
import { validateConfig } from './validate-config';

export interface RedisConfig {
  url: string;
}

class RedisEnv {
  @IsDefined({ message: 'REDIS_URL is required (redis://host:port)' })
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:port' })
  REDIS_URL!: string;
}

export const redisConfig = registerAs('redis', (): RedisConfig => {
  const env = validateConfig(RedisEnv, { ...process.env });
  return { url: env.REDIS_URL };
});
