import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-error';
import { flattenValidationErrors } from './flatten-errors';
import { VALIDATOR_OPTIONS } from './validation.pipe';

/**
 * Validates a payload whose schema is only known at run time (an action's body, a job's data),
 * with the same rules as the global pipe.
 */
export async function validatePayload<T extends object>(
  schema: new () => T,
  plain: unknown,
  fieldPrefix = '',
): Promise<T> {
  if (plain === undefined || plain === null) {
    plain = {};
  }
  if (typeof plain !== 'object' || Array.isArray(plain)) {
    throw new ValidationFailedError([{ field: fieldPrefix || 'body', messages: ['must be a JSON object'] }]);
  }
  const instance = plainToInstance(schema, plain);
  const errors = await validate(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) {
    const problems = flattenValidationErrors(errors).map((p) => ({
      ...p,
      field: fieldPrefix ? `${fieldPrefix}.${p.field}` : p.field,
    }));
    throw new ValidationFailedError(problems);
  }
  return instance;
}
