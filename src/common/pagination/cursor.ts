import { ValidationFailedError } from '../errors/domain-error';

/** Keyset cursor over (time DESC, id DESC): opaque to clients, stable under inserts. */
export interface Cursor {
  createdAt: string;
  id: string;
}

export const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const BIGINT_ID = /^[1-9]\d{0,17}$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** Decodes a cursor this API issued; anything else is a 400 naming the field, never a database error. */
export function decodeCursor(raw: string, idPattern: RegExp = UUID_ID, field = 'cursor'): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      isIsoInstant(parsed[0]) &&
      typeof parsed[1] === 'string' &&
      idPattern.test(parsed[1])
    ) {
      return { createdAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the 400 below
  }
  throw new ValidationFailedError([{ field, messages: ['is not a cursor returned by this API'] }]);
}

function isIsoInstant(value: string): boolean {
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
