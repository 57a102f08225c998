import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Validates one config area against its schema class; a bad or missing variable stops start-up, named. */
export function validateConfig<T extends object>(schema: new () => T, env: Record<string, unknown>): T {
  // An empty variable is an unset one (PORT= means the default, not port 0).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const instance = plainToInstance(schema, present, { enableImplicitConversion: true });
  const errors = validateSync(instance, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e: ValidationError) => {
      const problems = Object.values(e.constraints ?? {}).join('; ');
      return `  ${e.property}: ${problems}`;
    });
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return instance;
}
