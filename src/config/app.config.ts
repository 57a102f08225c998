import { registerAs } from '@nestjs/config';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { validateConfig } from './validate-config';

export interface AppConfig {
  port: number;
  /** The address to listen on (HOST), or undefined: every interface, as before. */
  host?: string;
  adminToken?: string;
  /** A bearer token that reads GET /metrics only (METRICS_TOKEN), besides the admin token. */
  metricsToken?: string;
  workersEnabled: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Referenced by the reference numbers (e.g. VNM-2026-000042). */
  referenceYearTimeZone: string;
}

class AppEnv {
  @IsOptional() @IsInt() @Min(0) @Max(65535) PORT?: number;
  // An IP literal (one loopback address per node in the federation tests), or a name such as localhost.
  @IsOptional()
  @Matches(
    /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f.]{0,15}){2,8}|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/,
    {
      message: 'HOST must be an IP address or a host name (e.g. 127.0.0.2, ::1, localhost), without a port',
    },
  )
  HOST?: string;
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  ADMIN_TOKEN?: string;
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;
  // A union keeps implicit conversion away ('off' would become true); parseBool maps the accepted words.
  @IsOptional() @IsBoolean({ message: 'WORKERS_ENABLED must be true or false' }) WORKERS_ENABLED?:
    boolean | string;
  @IsOptional() @IsIn(['debug', 'info', 'warn', 'error']) LOG_LEVEL?: AppConfig['logLevel'];
}

export const appConfig = registerAs('app', (): AppConfig => {
  const env = validateConfig(AppEnv, {
    ...process.env,
    WORKERS_ENABLED: parseBool(process.env.WORKERS_ENABLED),
  });
  return {
    port: env.PORT ?? 3000,
    host: env.HOST,
    adminToken: env.ADMIN_TOKEN,
    metricsToken: env.METRICS_TOKEN,
    workersEnabled: env.WORKERS_ENABLED === undefined ? true : env.WORKERS_ENABLED === true,
    logLevel: env.LOG_LEVEL ?? 'info',
    referenceYearTimeZone: 'UTC',
  };
});

function parseBool(value: string | undefined): boolean | string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (['true', '1', 'yes'].includes(value.toLowerCase())) {
    return true;
  }
  if (['false', '0', 'no'].includes(value.toLowerCase())) {
    return false;
  }
  return value;
}
