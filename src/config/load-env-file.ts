import { existsSync, readFileSync } from 'node:fs';

/**
 * Variables that may instead be given as a file holding the value (`<NAME>_FILE=/run/secrets/...`), as
 * Docker and Kubernetes secrets are mounted: secrets stay out of the environment and the compose file.
 */
export const FILE_SECRETS = ['DATABASE_URL', 'REDIS_URL', 'ADMIN_TOKEN', 'METRICS_TOKEN'] as const;

/**
 * Reads ./.env (if present) into process.env before any config is validated; variables already set
 * in the environment win. Then resolves `<NAME>_FILE` secrets. Every entry point calls this first.
 */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) {
    process.loadEnvFile(path);
  }
  loadFileSecrets();
}

/**
 * For each of FILE_SECRETS given as `<NAME>_FILE`, reads the file into `<NAME>` (one trailing newline cut).
 * Setting both is refused: which one wins would be a guess. A file that cannot be read stops start-up,
 * naming the variable and the path.
 */
export function loadFileSecrets(env: NodeJS.ProcessEnv = process.env): void {
  const problems: string[] = [];
  for (const name of FILE_SECRETS) {
    const file = env[`${name}_FILE`]?.trim();
    if (!file) {
      continue;
    }
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`  ${name}_FILE: set together with ${name}; set only one of them`);
      continue;
    }
    const secret = readSecret(file);
    if ('problem' in secret) {
      problems.push(`  ${name}_FILE: ${secret.problem}`);
    } else {
      env[name] = secret.value;
    }
  }
  const passwordFile = env.DATABASE_PASSWORD_FILE?.trim();
  if (passwordFile) {
    const problem = injectDatabasePassword(env, passwordFile);
    if (problem) {
      problems.push(`  DATABASE_PASSWORD_FILE: ${problem}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Invalid environment configuration:\n${problems.join('\n')}`);
  }
}

/**
 * DATABASE_PASSWORD_FILE: the password of DATABASE_URL kept apart (the same secret file the PostgreSQL
 * container reads as POSTGRES_PASSWORD_FILE), put into the URL. Returns a problem, or null.
 */
function injectDatabasePassword(env: NodeJS.ProcessEnv, file: string): string | null {
  if (!env.DATABASE_URL) {
    return 'needs DATABASE_URL (without its password) to put the password in';
  }
  const secret = readSecret(file);
  if ('problem' in secret) {
    return secret.problem;
  }
  const password = secret.value;
  let url: URL;
  try {
    url = new URL(env.DATABASE_URL);
  } catch {
    return 'DATABASE_URL is not a URL';
  }
  if (url.password) {
    return 'DATABASE_URL already holds a password; set only one of them';
  }
  url.password = encodeURIComponent(password);
  env.DATABASE_URL = url.toString();
  return null;
}

/** A secret file's content (one trailing newline cut), or why it cannot be read. */
function readSecret(file: string): { value: string } | { problem: string } {
  try {
    return { value: readFileSync(file, 'utf8').replace(/\r?\n$/, '') };
  } catch (err) {
    return { problem: `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}
