import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { Type } from 'class-transformer';
import { getMetadataStorage, IsObject, IsString, ValidateNested } from 'class-validator';
import { CHANNEL_DEFINITIONS } from '@/modules/channels';
import { CreateRequestDto } from '@/modules/requests/dto/create-request.dto';

/*
 * `@ValidateNested` alone lets an array through where one object is expected (and an array of arrays
 * where objects are): `warrant: []` passed validation and reached the table's code. Every nested property
 * of a request body, a channel's details or an action's payload must also say `@IsObject` (with `each`
 * for a list), here for every class the engine validates, and the classes they nest.
 */

type Cls = new () => object;

function nestedClassOf(target: Cls, property: string): Cls | undefined {
  const meta = defaultMetadataStorage.findTypeMetadata(target, property);
  return meta?.typeFunction() as Cls | undefined;
}

function problemsOf(root: Cls): string[] {
  const seen = new Set<Cls>();
  const problems: string[] = [];
  const visit = (cls: Cls, path: string): void => {
    if (seen.has(cls)) {
      return;
    }
    seen.add(cls);
    const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
    const nested = new Set(metas.filter((m) => m.type === 'nestedValidation').map((m) => m.propertyName));
    for (const property of nested) {
      const named = metas.filter((m) => m.propertyName === property).map((m) => m.name);
      if (!named.includes('isObject')) {
        problems.push(`${path}${cls.name}.${property}: @ValidateNested without @IsObject`);
      }
      const inner = nestedClassOf(cls, property);
      if (inner) {
        visit(inner, `${path}${cls.name}.${property} > `);
      }
    }
  };
  visit(root, '');
  return problems;
}

class Inner {
  @IsString() name!: string;
}
class Guarded {
  @IsObject() @ValidateNested() @Type(() => Inner) inner!: Inner;
}
class Unguarded {
  @ValidateNested() @Type(() => Inner) inner!: Inner;
}
class DeepUnguarded {
  @IsObject() @ValidateNested() @Type(() => Unguarded) outer!: Unguarded;
}

describe('the check itself', () => {
  it('should find a nested property without @IsObject, at any depth, and pass a guarded one', () => {
    expect(problemsOf(Guarded)).toEqual([]);
    expect(problemsOf(Unguarded)).toEqual(['Unguarded.inner: @ValidateNested without @IsObject']);
    expect(problemsOf(DeepUnguarded)).toEqual([
      'DeepUnguarded.outer > Unguarded.inner: @ValidateNested without @IsObject',
    ]);
  });
});

describe('nested objects in request bodies, details and payloads', () => {
  const roots: Cls[] = [
    CreateRequestDto,
    ...CHANNEL_DEFINITIONS.flatMap((d) => [
      d.detailsSchema,
      ...d.machine.transitions.flatMap((t) => (t.payload ? [t.payload] : [])),
    ]),
  ];

  it.each([...new Set(roots)].map((c) => [c.name, c]))(
    '%s refuses an array where an object is expected',
    (_name, cls) => {
      expect(problemsOf(cls)).toEqual([]);
    },
  );
});
