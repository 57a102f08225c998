import { plainToInstance, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
  validate,
  type ValidationError,
} from 'class-validator';
import { flattenValidationErrors } from './flatten-errors';
import { VALIDATOR_OPTIONS } from './validation.pipe';

/** A class-validator error node, built by hand. */
function node(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return { property, constraints, children };
}

describe('flattenValidationErrors', () => {
  it('should return nothing for no errors', () => {
    expect(flattenValidationErrors([])).toEqual([]);
  });

  it.each([
    {
      name: 'a top-level field',
      errors: [node('subject', { isString: 'subject must be a string' })],
      expected: [{ field: 'subject', messages: ['subject must be a string'] }],
    },
    {
      name: 'every message of a field, in order',
      errors: [node('code', { isString: 'code must be a string', maxLength: 'code is too long' })],
      expected: [{ field: 'code', messages: ['code must be a string', 'code is too long'] }],
    },
    {
      name: 'a field of a nested object',
      errors: [node('details', undefined, [node('kind', { isIn: 'kind must be one of' })])],
      expected: [{ field: 'details.kind', messages: ['kind must be one of'] }],
    },
    {
      name: 'a field of an array element',
      errors: [
        node('offences', undefined, [node('0', undefined, [node('description', { isNotEmpty: 'empty' })])]),
      ],
      expected: [{ field: 'offences[0].description', messages: ['empty'] }],
    },
    {
      name: 'arrays of arrays and deep nesting',
      errors: [
        node('details', undefined, [
          node('items', undefined, [
            node('12', undefined, [node('3', undefined, [node('value', { x: 'bad' })])]),
          ]),
        ]),
      ],
      expected: [{ field: 'details.items[12][3].value', messages: ['bad'] }],
    },
    {
      name: 'an array element itself',
      errors: [node('grounds', undefined, [node('1', { isIn: 'grounds must be one of' })])],
      expected: [{ field: 'grounds[1]', messages: ['grounds must be one of'] }],
    },
    {
      name: 'a node with both its own problem and problems below it',
      errors: [
        node('items', { arrayMaxSize: 'too many' }, [node('0', undefined, [node('sha256', { m: 'hex' })])]),
      ],
      expected: [
        { field: 'items', messages: ['too many'] },
        { field: 'items[0].sha256', messages: ['hex'] },
      ],
    },
    {
      name: 'siblings in order',
      errors: [
        node('a', { c: 'first' }),
        node('b', undefined, [node('c', { c: 'second' })]),
        node('d', { c: 'third' }),
      ],
      expected: [
        { field: 'a', messages: ['first'] },
        { field: 'b.c', messages: ['second'] },
        { field: 'd', messages: ['third'] },
      ],
    },
    {
      name: 'an unknown top-level field',
      errors: [node('extra', { whitelistValidation: 'property extra should not exist' })],
      expected: [{ field: 'extra', messages: ['unknown field extra'] }],
    },
    {
      name: 'an unknown field inside an array element, with its full path',
      errors: [
        node('offences', undefined, [
          node('0', undefined, [node('bogus', { whitelistValidation: 'property bogus should not exist' })]),
        ]),
      ],
      expected: [{ field: 'offences[0].bogus', messages: ['unknown field offences[0].bogus'] }],
    },
    {
      name: 'a field whose name is made of digits under an object',
      errors: [node('details', undefined, [node('2026', { c: 'numeric key' })])],
      expected: [{ field: 'details[2026]', messages: ['numeric key'] }],
    },
  ])('should flatten $name', ({ errors, expected }) => {
    expect(flattenValidationErrors(errors)).toEqual(expected);
  });

  it('should leave other messages that merely mention a property as they are', () => {
    const errors = [node('a', { c: 'property a must be set' }), node('b', { c: 'this should not exist' })];
    expect(flattenValidationErrors(errors).map((p) => p.messages[0])).toEqual([
      'property a must be set',
      'this should not exist',
    ]);
  });

  it('should prefix every path with the parent it is given', () => {
    expect(
      flattenValidationErrors(
        [node('0', undefined, [node('name', { c: 'm' })]), node('type', { c: 'n' })],
        'details',
      ),
    ).toEqual([
      { field: 'details[0].name', messages: ['m'] },
      { field: 'details.type', messages: ['n'] },
    ]);
  });

  describe('with the error tree class-validator really produces', () => {
    class Offence {
      @IsString()
      @IsNotEmpty()
      description!: string;

      @IsInt()
      @Min(7)
      article!: number;
    }

    class Body {
      @IsArray()
      @ValidateNested({ each: true })
      @Type(() => Offence)
      offences!: Offence[];
    }

    class Grounds {
      @IsArray()
      @IsIn(['A', 'B'], { each: true })
      grounds!: string[];

      @IsArray()
      @MaxLength(3, { each: true })
      tags!: string[];
    }

    it.each([
      {
        name: 'each bad element by its index',
        grounds: ['A', 'X', 'B', 'Y'],
        fields: ['grounds[1]', 'grounds[3]'],
      },
      {
        name: 'the field itself when it is not an array',
        grounds: 'A' as unknown as string[],
        fields: ['grounds'],
      },
    ])('should name $name', async ({ grounds, fields }) => {
      const problems = flattenValidationErrors(
        await validate(plainToInstance(Grounds, { grounds, tags: [] }), VALIDATOR_OPTIONS),
      );
      expect(problems.map((p) => p.field)).toEqual(fields);
    });

    it('should keep the message of the element rule for each bad element', async () => {
      const problems = flattenValidationErrors(
        await validate(plainToInstance(Grounds, { grounds: ['Z'], tags: [] }), VALIDATOR_OPTIONS),
      );
      expect(problems).toEqual([
        {
          field: 'grounds[0]',
          messages: ['each value in grounds must be one of the following values: A, B'],
        },
      ]);
    });

    it('should name the array for an element rule it cannot check per element', async () => {
      const problems = flattenValidationErrors(
        await validate(
          plainToInstance(Grounds, { grounds: [], tags: ['ok', 'too long'] }),
          VALIDATOR_OPTIONS,
        ),
      );
      expect(problems.map((p) => p.field)).toEqual(['tags']);
    });

    it('should name offences[1].description, offences[1].article and an unknown nested field', async () => {
      const body = plainToInstance(Body, {
        offences: [
          { description: 'ok', article: 7 },
          { description: '', article: 3, note: 'x' },
        ],
        stray: 1,
      });
      const problems = flattenValidationErrors(await validate(body, VALIDATOR_OPTIONS));
      expect(problems.map((p) => p.field).sort()).toEqual([
        'offences[1].article',
        'offences[1].description',
        'offences[1].note',
        'stray',
      ]);
      expect(problems.find((p) => p.field === 'offences[1].note')?.messages).toEqual([
        'unknown field offences[1].note',
      ]);
      expect(problems.find((p) => p.field === 'stray')?.messages).toEqual(['unknown field stray']);
    });
  });
});
