import { ValidationFailedError } from '../errors/domain-error';

/** A `:country` route parameter: an ISO 3166-1 alpha-3 code, else a 400 naming `country`. */
export function countryParam(raw: string): string {
  if (!/^[A-Z]{3}$/.test(raw)) {
    throw new ValidationFailedError([
      { field: 'country', messages: ['must be an ISO 3166-1 alpha-3 code such as AUT'] },
    ]);
  }
  return raw;
}
