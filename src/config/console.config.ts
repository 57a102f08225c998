import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { resolve } from 'node:path';
import { validateConfig } from './validate-config';

/** The web console (docs/console.md): where its build is, and how long a session lasts. */
export interface ConsoleConfig {
  /** The built console (index.html, assets/); absent until `npm run build:console`. */
  dir: string;
  /** A session ends after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** ...and this many hours after sign-in, however active. */
  sessionMaxHours: number;
}

class ConsoleEnv {
  @IsOptional() @IsString() @MinLength(1) CONSOLE_DIR?: string;
  @IsOptional() @IsInt() @Min(1) @Max(1440) CONSOLE_SESSION_IDLE_MIN?: number;
  @IsOptional() @IsInt() @Min(1) @Max(168) CONSOLE_SESSION_MAX_HOURS?: number;
}

/** src/config and dist/config are both two levels below the repository (the image's /app). */
const DEFAULT_DIR = resolve(__dirname, '..', '..', 'console', 'dist');

export function readConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const parsed = validateConfig(ConsoleEnv, { ...env });
  return {
    dir: resolve(parsed.CONSOLE_DIR ?? DEFAULT_DIR),
    sessionIdleMinutes: parsed.CONSOLE_SESSION_IDLE_MIN ?? 30,
    sessionMaxHours: parsed.CONSOLE_SESSION_MAX_HOURS ?? 12,
  };
}
