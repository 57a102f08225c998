import { registerAs } from '@nestjs/config';
import { IsDefined, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsServiceUrl } from './is-service-url';
import { validateConfig } from './validate-config';

export interface DatabaseConfig {
  url: string;
  poolSize: number;
  runMigrations: boolean;
}

class DatabaseEnv {
  @IsDefined({ message: 'DATABASE_URL is required (postgres://user@host:port/db)' })
  @IsServiceUrl(['postgres', 'postgresql'], true)
  DATABASE_URL!: string;
  @IsOptional() @IsInt() @Min(1) @Max(200) DATABASE_POOL_SIZE?: number;
}

export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const parsed = validateConfig(DatabaseEnv, { ...env });
  return {
    url: parsed.DATABASE_URL,
    poolSize: parsed.DATABASE_POOL_SIZE ?? 10,
    runMigrations: env.RUN_MIGRATIONS !== 'false',
  };
}

export const databaseConfig = registerAs('database', (): DatabaseConfig => readDatabaseConfig());
