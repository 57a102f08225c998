import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-error';

/** Path ids: a malformed one is a 400 naming the parameter, never a database error. */
export function uuidPipe(field: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new ValidationFailedError([{ field, messages: [`${field} must be a UUID`] }]),
  });
}
