import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-error';
import { flattenValidationErrors } from './flatten-errors';
import { assertNoNulCharacters } from './nul-characters';

export const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
} as const;

/** Rejects NUL characters anywhere in the input before the DTO rules run. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      assertNoNulCharacters(value);
    }
    // An absent body is validated as {} (its required fields get named); an array or a scalar is not an object.
    const isDto = typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (
      metadata.type === 'body' &&
      isDto &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      throw new ValidationFailedError([{ field: 'body', messages: ['must be a JSON object'] }]);
    }
    return super.transform(value, metadata);
  }
}

/** Global pipe: unknown fields are rejected, and every 400 names the offending field paths. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
