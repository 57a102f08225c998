import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it.each([
    { name: 'null', value: null, json: 'null' },
    { name: 'true', value: true, json: 'true' },
    { name: 'false', value: false, json: 'false' },
    { name: 'an integer', value: 42, json: '42' },
    { name: 'a negative decimal', value: -1.5, json: '-1.5' },
    { name: 'a string with quotes and a newline', value: 'a "b"\nc', json: '"a \\"b\\"\\nc"' },
    { name: 'a non-ASCII string', value: 'Hà Nội', json: '"Hà Nội"' },
    { name: 'an empty object', value: {}, json: '{}' },
    { name: 'an empty array', value: [], json: '[]' },
    { name: 'an object (keys sorted)', value: { b: 1, a: 2, c: 3 }, json: '{"a":2,"b":1,"c":3}' },
    {
      name: 'nested objects (keys sorted at every level)',
      value: { z: { y: 1, x: [{ d: 1, c: 2 }] }, a: null },
      json: '{"a":null,"z":{"x":[{"c":2,"d":1}],"y":1}}',
    },
    { name: 'an array (order kept)', value: [3, 1, 2], json: '[3,1,2]' },
    { name: 'undefined properties (dropped)', value: { a: undefined, b: 1 }, json: '{"b":1}' },
    { name: 'undefined array items (null)', value: [1, undefined, 2], json: '[1,null,2]' },
    {
      name: 'a Date (ISO string)',
      value: new Date('2026-01-11T09:30:00.123Z'),
      json: '"2026-01-11T09:30:00.123Z"',
    },
    {
      name: 'a nested Date',
      value: { at: new Date('2026-01-11T09:30:00.000Z') },
      json: '{"at":"2026-01-11T09:30:00.000Z"}',
    },
    {
      name: 'keys sorted by code unit (upper case first)',
      value: { b: 1, B: 2, a: 3, _: 4 },
      json: '{"B":2,"_":4,"a":3,"b":1}',
    },
    { name: 'keys that need escaping', value: { 'a"b': 1 }, json: '{"a\\"b":1}' },
  ])('should write $name as $json', ({ value, json }) => {
    expect(canonicalJson(value)).toBe(json);
  });

  it('should produce the same text whatever the key order', () => {
    const a = { requestId: 'r', payload: { items: [{ name: 'n', sha256: 's' }], final: true }, seq: 1 };
    const b = { seq: 1, payload: { final: true, items: [{ sha256: 's', name: 'n' }] }, requestId: 'r' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('should tell different values apart', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('should be valid JSON that parses back to the same value, without whitespace', () => {
    const value = { list: [1, 'two', { three: [true, null] }], nested: { k: 'v' }, n: 0.25 };
    const text = canonicalJson(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(/\s/);
  });

  it.each([
    { name: 'a bigint', value: 1n },
    { name: 'a function', value: () => 1 },
    { name: 'a symbol', value: Symbol('s') },
    { name: 'undefined at the top level', value: undefined },
    { name: 'a bigint inside an object', value: { a: { b: 2n } } },
  ])('should refuse $name with a TypeError', ({ value }) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});
