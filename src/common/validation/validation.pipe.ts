import { ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-error';
import { flattenValidationErrors } from './flatten-errors';

export const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
} as const;

/** Global pipe: unknown fields are rejected, and every 400 names the offending field paths. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
