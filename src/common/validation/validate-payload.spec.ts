import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from './validate-payload';

/** Like the engine's payload of actions that take none: a class with no properties. */
class EmptyPayload {}

class OffenceInput {
  @IsString()
  @IsNotEmpty()
  provision!: string;

  @IsString()
  @IsNotEmpty()
  description!: string;
}

class ReportInput {
  @IsString()
  @IsNotEmpty()
  summary!: string;

  @IsOptional()
  @IsBoolean()
  final?: boolean;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OffenceInput)
  offences!: OffenceInput[];
}

const valid = { summary: 'Logs', offences: [{ provision: 'art. 7', description: 'Illegal access' }] };

/** The 400's field problems, or a failure if the payload was accepted. */
async function problems(
  schema: new () => object,
  body: unknown,
  prefix?: string,
): Promise<{ field: string; messages: string[] }[]> {
  try {
    await validatePayload(schema, body, prefix);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationFailedError);
    expect((e as ValidationFailedError).code).toBe('VALIDATION_FAILED');
    return (e as ValidationFailedError).details as { field: string; messages: string[] }[];
  }
  throw new Error('the payload was accepted');
}

const fieldsOf = async (schema: new () => object, body: unknown, prefix?: string): Promise<string[]> =>
  (await problems(schema, body, prefix)).map((p) => p.field).sort();

describe('validatePayload', () => {
  describe('a payload with fields', () => {
    it('should return an instance of the schema, nested objects included', async () => {
      const result = await validatePayload(ReportInput, valid);
      expect(result).toBeInstanceOf(ReportInput);
      expect(result.offences[0]).toBeInstanceOf(OffenceInput);
      expect(result).toEqual({ ...valid });
    });

    it.each([
      { name: 'missing fields', body: {}, fields: ['offences', 'summary'] },
      {
        name: 'a field of an array element',
        body: { ...valid, offences: [valid.offences[0], { provision: 'art. 8', description: '' }] },
        fields: ['offences[1].description'],
      },
      {
        name: 'several elements',
        body: { summary: 'x', offences: [{}, { provision: 1, description: 'd' }] },
        fields: ['offences[0].description', 'offences[0].provision', 'offences[1].provision'],
      },
      { name: 'a wrong type', body: { ...valid, final: 'yes' }, fields: ['final'] },
      { name: 'an unknown top-level field', body: { ...valid, admin: true }, fields: ['admin'] },
      {
        name: 'an unknown field in an array element',
        body: { ...valid, offences: [{ ...valid.offences[0], secret: 'x' }] },
        fields: ['offences[0].secret'],
      },
    ])('should reject $name, naming $fields', async ({ body, fields }) => {
      expect(await fieldsOf(ReportInput, body)).toEqual(fields);
    });

    it('should say which fields are unknown', async () => {
      expect(await problems(ReportInput, { ...valid, admin: true })).toEqual([
        { field: 'admin', messages: ['unknown field admin'] },
      ]);
    });

    it.each([null, undefined])('should treat a %p body as an empty object', async (body) => {
      expect(await fieldsOf(ReportInput, body)).toEqual(['offences', 'summary']);
    });

    it('should reject NUL characters, which Postgres cannot store, naming where they are', async () => {
      const body = { ...valid, offences: [{ provision: 'art. 7', description: 'a\u0000b' }] };
      expect(await problems(ReportInput, body)).toEqual([
        { field: 'offences[0].description', messages: ['must not contain the NUL character'] },
      ]);
    });

    it('should put the prefix in front of every field', async () => {
      expect(await fieldsOf(ReportInput, { summary: '', offences: [{ provision: 'p' }] }, 'details')).toEqual(
        ['details.offences[0].description', 'details.summary'],
      );
    });
  });

  describe('the body must be an object', () => {
    it.each([
      { body: 'text', prefix: undefined, field: 'body' },
      { body: 42, prefix: undefined, field: 'body' },
      { body: true, prefix: undefined, field: 'body' },
      { body: [valid], prefix: undefined, field: 'body' },
      { body: [], prefix: 'details', field: 'details' },
    ])('should reject $body, naming $field', async ({ body, prefix, field }) => {
      for (const schema of [ReportInput, EmptyPayload]) {
        expect(await problems(schema, body, prefix)).toEqual([
          { field, messages: ['must be a JSON object'] },
        ]);
      }
    });
  });

  describe('EmptyPayload (actions without a payload)', () => {
    it.each([{}, null, undefined])('should accept %p', async (body) => {
      expect(await validatePayload(EmptyPayload, body)).toBeInstanceOf(EmptyPayload);
    });

    it.each([
      { body: { a: 1 }, fields: ['a'] },
      { body: { reasons: 'r', until: '2030-01-01' }, fields: ['reasons', 'until'] },
      { body: { x: undefined }, fields: ['x'] },
      { body: { x: null }, fields: ['x'] },
    ])('should reject every key of $body', async ({ body, fields }) => {
      const found = await problems(EmptyPayload, body);
      expect(found.map((p) => p.field)).toEqual(fields);
      found.forEach((p) => expect(p.messages).toEqual([`unknown field ${p.field}`]));
    });

    it('should prefix unknown keys', async () => {
      expect(await problems(EmptyPayload, { note: 'x' }, 'payload')).toEqual([
        { field: 'payload.note', messages: ['unknown field note'] },
      ]);
    });
  });
});
