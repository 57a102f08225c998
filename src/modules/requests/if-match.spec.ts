import { ValidationFailedError } from '@/common/errors/domain-error';
import { preconditionFails } from '@/workflows';
import { etag, parseIfMatch } from './if-match';

describe('If-Match', () => {
  it.each([
    { header: undefined, version: undefined },
    { header: '', version: undefined },
    { header: '   ', version: undefined },
    { header: '*', version: undefined },
    { header: ' * ', version: undefined },
  ])('should read $header as no precondition', ({ header }) => {
    expect(parseIfMatch(header)).toBeUndefined();
  });

  it.each([
    { header: '"3"', version: 3 },
    { header: '3', version: 3 },
    { header: '  "42"  ', version: 42 },
    { header: '"0"', version: 0 },
    { header: '"007"', version: 7 },
    { header: '"999999999"', version: 999999999 },
  ])('should read $header as the strong tag of version $version', ({ header, version }) => {
    expect(parseIfMatch(header)).toEqual({ version, weak: false });
  });

  it('should read W/"3" as a weak tag, which never matches (RFC 9110 strong comparison)', () => {
    const weak = parseIfMatch('W/"3"');
    expect(weak).toEqual({ version: 3, weak: true });
    expect(preconditionFails(weak, 3)).toBe(true);
    expect(preconditionFails(parseIfMatch('"3"'), 3)).toBe(false);
    expect(preconditionFails(parseIfMatch('"3"'), 4)).toBe(true);
    expect(preconditionFails(undefined, 4)).toBe(false);
  });

  it.each(['abc', '"abc"', '"-1"', '"1.5"', '"3", "4"', '"1234567890"', 'w/"3"', '"3" garbage', '""'])(
    'should reject %p with a 400 naming If-Match',
    (header) => {
      let error: unknown;
      try {
        parseIfMatch(header);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect((error as ValidationFailedError).details).toEqual([
        { field: 'If-Match', messages: ['must be the ETag of the request, e.g. "3"'] },
      ]);
    },
  );

  it.each([1, 7, 123456])('should write version %i as a quoted ETag that reads back', (version) => {
    expect(etag(version)).toBe(`"${version}"`);
    expect(parseIfMatch(etag(version))).toEqual({ version, weak: false });
  });
});
