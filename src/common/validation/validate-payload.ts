import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-error';
import { flattenValidationErrors, joinPath } from './flatten-errors';
import { assertNoNulCharacters } from './nul-characters';
import { VALIDATOR_OPTIONS } from './validation.pipe';

/** Whether a schema declares any field (class-validator's metadata lookup is costly per call). */
const hasFields = new WeakMap<object, boolean>();

function declaresFields(schema: new () => object): boolean {
  let known = hasFields.get(schema);
  if (known === undefined) {
    known = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false).length > 0;
    hasFields.set(schema, known);
  }
  return known;
}

/**
 * Validates a payload whose schema is only known at run time (an action's body, a job's data),
 * with the same rules as the global pipe.
 */
export async function validatePayload<T extends object>(
  schema: new () => T,
  plain: unknown,
  fieldPrefix = '',
): Promise<T> {
  const body: unknown = plain ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailedError([{ field: fieldPrefix || 'body', messages: ['must be a JSON object'] }]);
  }
  assertNoNulCharacters(body, fieldPrefix);
  const keys = Object.keys(body);
  if (!declaresFields(schema)) {
    // A schema without fields (an action without payload): any field is unknown.
    if (keys.length > 0) {
      throw new ValidationFailedError(
        keys.map((k) => ({
          field: joinPath(fieldPrefix, k),
          messages: [`unknown field ${joinPath('', k)}`],
        })),
      );
    }
    return new schema();
  }
  const instance = plainToInstance(schema, body);
  const errors = await validate(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) {
    const problems = flattenValidationErrors(errors, fieldPrefix);
    throw new ValidationFailedError(problems);
  }
  return instance;
}
