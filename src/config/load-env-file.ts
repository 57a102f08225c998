import { existsSync } from 'node:fs';

/**
 * Reads ./.env (if present) into process.env before any config is validated; variables already set
 * in the environment win. Every entry point calls this first.
 */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) {
    process.loadEnvFile(path);
  }
}
