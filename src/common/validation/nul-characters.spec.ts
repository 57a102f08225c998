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
