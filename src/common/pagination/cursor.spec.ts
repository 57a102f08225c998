import { ValidationFailedError } from '@/common/errors/domain-error';
import { BIGINT_ID, type Cursor, decodeCursor, encodeCursor, UUID_ID } from './cursor';

const b64 = (text: string): string => Buffer.from(text).toString('base64url');
const pair = (time: unknown, id: unknown): string => b64(JSON.stringify([time, id]));

const TIME = '2026-01-11T09:30:00.123Z';
const UUID = '0f3a2c4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';

function rejection(raw: string, idPattern?: RegExp, field?: string): ValidationFailedError {
  try {
    decodeCursor(raw, idPattern, field);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationFailedError);
    return e as ValidationFailedError;
  }
  throw new Error(`decodeCursor accepted ${raw}`);
}

describe('cursor', () => {
  describe('round trip', () => {
    it.each<{ name: string; cursor: Cursor; idPattern?: RegExp }>([
      { name: 'a request (uuid id, the default)', cursor: { createdAt: TIME, id: UUID } },
      {
        name: 'an upper-case uuid',
        cursor: { createdAt: '1999-12-31T23:59:59.999Z', id: 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF' },
      },
      {
        name: 'an audit event (bigint id)',
        cursor: { createdAt: TIME, id: '1234567' },
        idPattern: BIGINT_ID,
      },
      {
        name: 'the largest bigint id it takes',
        cursor: { createdAt: TIME, id: '999999999999999999' },
        idPattern: BIGINT_ID,
      },
    ])('should decode what it encoded for $name', ({ cursor, idPattern }) => {
      expect(decodeCursor(encodeCursor(cursor), idPattern)).toEqual(cursor);
    });

    it('should round-trip a time written by Date.toISOString', () => {
      const createdAt = new Date('2026-05-01T00:00:00Z').toISOString();
      expect(decodeCursor(encodeCursor({ createdAt, id: UUID }))).toEqual({ createdAt, id: UUID });
    });

    it('should encode to URL-safe text without padding', () => {
      expect(encodeCursor({ createdAt: TIME, id: UUID })).toMatch(/^[A-Za-z0-9_-]+$/);
    });

    it('should give different cursors for different positions', () => {
      expect(encodeCursor({ createdAt: TIME, id: UUID })).not.toBe(
        encodeCursor({ createdAt: '2026-01-11T09:30:00.124Z', id: UUID }),
      );
    });
  });

  describe('garbage is a 400 naming cursor, never a database error', () => {
    it.each<{ name: string; raw: string; idPattern?: RegExp }>([
      { name: 'an empty string', raw: '' },
      { name: 'characters outside base64url', raw: '!!!***' },
      { name: 'base64 of text that is not JSON', raw: b64('hello') },
      { name: 'JSON null', raw: b64('null') },
      { name: 'a JSON object instead of a pair', raw: b64(JSON.stringify({ createdAt: TIME, id: UUID })) },
      { name: 'a single-element array', raw: b64(JSON.stringify([TIME])) },
      { name: 'a three-element array', raw: b64(JSON.stringify([TIME, UUID, 'x'])) },
      { name: 'a numeric time', raw: pair(1767000000000, UUID) },
      { name: 'a time in words', raw: pair('yesterday', UUID) },
      { name: 'a time Date.parse reads but Postgres does not', raw: pair('1', UUID) },
      { name: 'a time in a form this API never writes', raw: pair('March 7, 2026', UUID) },
      { name: 'a time without milliseconds', raw: pair('2026-01-11T09:30:00Z', UUID) },
      { name: 'a time with an offset', raw: pair('2026-01-11T10:30:00.123+01:00', UUID) },
      { name: 'an impossible day', raw: pair('2026-02-30T00:00:00.000Z', UUID) },
      { name: 'a numeric id', raw: pair(TIME, 42) },
      { name: 'an id that is not a uuid', raw: pair(TIME, 'abc') },
      { name: 'an id of dashes', raw: pair(TIME, '----') },
      { name: 'an id with SQL in it', raw: pair(TIME, "1' OR '1'='1") },
      { name: 'an empty id', raw: pair(TIME, '') },
      { name: 'a uuid with a trailing character', raw: pair(TIME, `${UUID}0`) },
      { name: 'a bigint id where a uuid is expected', raw: pair(TIME, '1234567') },
      { name: 'a uuid where a bigint id is expected', raw: pair(TIME, UUID), idPattern: BIGINT_ID },
      { name: 'a bigint id with a leading zero', raw: pair(TIME, '0123'), idPattern: BIGINT_ID },
      { name: 'a zero bigint id', raw: pair(TIME, '0'), idPattern: BIGINT_ID },
      { name: 'a negative bigint id', raw: pair(TIME, '-5'), idPattern: BIGINT_ID },
      { name: 'a bigint id beyond 18 digits', raw: pair(TIME, '9'.repeat(19)), idPattern: BIGINT_ID },
    ])('should reject $name', ({ raw, idPattern }) => {
      const err = rejection(raw, idPattern);
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.kind).toBe('invalid');
      expect(err.details).toEqual([{ field: 'cursor', messages: ['is not a cursor returned by this API'] }]);
    });

    it('should name the field it was given', () => {
      expect(rejection('garbage!', UUID_ID, 'after').details).toEqual([
        { field: 'after', messages: ['is not a cursor returned by this API'] },
      ]);
    });
  });
});
