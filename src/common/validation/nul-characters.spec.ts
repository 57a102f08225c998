import { ValidationFailedError } from '../errors/domain-error';
import { assertNoNulCharacters, MAX_INPUT_DEPTH, nulCharacterProblems } from './nul-characters';
import { validatePayload } from './validate-payload';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) {
    value = i % 2 === 0 ? [value] : { a: value };
  }
  return value;
};

describe('input shape checks', () => {
  it('should name every field holding a NUL character, keys included', () => {
    expect(nulCharacterProblems({ a: 'x\u0000', b: ['ok', 'y\u0000'], ['k\u0000']: 1 })).toEqual([
      { field: 'k\u0000', messages: ['field names must not contain the NUL character'] },
      { field: 'a', messages: ['must not contain the NUL character'] },
      { field: 'b[1]', messages: ['must not contain the NUL character'] },
    ]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'should refuse a field named %s at any depth, as an unknown field',
    (name) => {
      const body = JSON.parse(
        `{"questions":"q","${name}":{"isAdmin":true},"items":[{"${name}":1}],"a":{"b":{"${name}":{}}}}`,
      ) as unknown;
      expect(nulCharacterProblems(body)).toEqual([
        { field: name, messages: [`unknown field ${name}`] },
        { field: `items[0].${name}`, messages: [`unknown field items[0].${name}`] },
        { field: `a.b.${name}`, messages: [`unknown field a.b.${name}`] },
      ]);
    },
  );

  it('should refuse __proto__ in an action payload whose schema has fields, and change nothing', async () => {
    class Questions {
      questions!: string;
    }
    const body = JSON.parse('{"__proto__":{"polluted":true},"questions":"Which?"}') as unknown;
    await expect(validatePayload(Questions, body)).rejects.toBeInstanceOf(ValidationFailedError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`should accept input nested ${MAX_INPUT_DEPTH} levels deep`, () => {
    expect(nulCharacterProblems(nested(MAX_INPUT_DEPTH))).toEqual([]);
  });

  it('should refuse deeper input with a 400 naming where, without exhausting the stack', () => {
    for (const depth of [MAX_INPUT_DEPTH + 2, 100_000]) {
      let error: unknown;
      try {
        assertNoNulCharacters({ details: nested(depth) });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationFailedError);
      const details = (error as ValidationFailedError).details as { field: string; messages: string[] }[];
      expect(details).toHaveLength(1);
      expect(details[0].field).toMatch(/^details(\[0\]|\.a)+$/);
      expect(details[0].messages[0]).toMatch(/nested too deeply/);
    }
  });

  it('should name an empty field name as [""] rather than an empty string', async () => {
    class NoFields {}
    await expect(validatePayload(NoFields, { '': 1 }, 'details')).rejects.toMatchObject({
      details: [{ field: 'details[""]', messages: ['unknown field [""]'] }],
    });
    expect(nulCharacterProblems({ '': 'x\u0000' })).toEqual([
      { field: '[""]', messages: ['must not contain the NUL character'] },
    ]);
  });
});
