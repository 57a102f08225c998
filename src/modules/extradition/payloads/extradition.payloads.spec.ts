import { ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import { extraditionDraft } from '../../../../tools/samples/drafts';
import { ExtraditionDetailsDto } from '../dto/extradition-details.dto';
import { GrantWithConditionsPayload } from './extradition.payloads';

/*
 * Nested objects of the channel's bodies must be objects: an array passes @ValidateNested alone (its
 * elements, none or arrays, have no fields to fail), so a warrant of [] made a draft complete and a
 * condition [] granted extradition on an empty condition. Found by test/e2e/hostile-input-extradition.
 */

const details = extraditionDraft('00000000-0000-4000-8000-000000000000', 1).details as Record<
  string,
  unknown
>;

async function fieldsOf(schema: new () => object, body: unknown, prefix: string): Promise<string[]> {
  try {
    await validatePayload(schema, body, prefix);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationFailedError);
    return ((e as ValidationFailedError).details as { field: string }[]).map((d) => d.field);
  }
  return [];
}

describe('extradition bodies: nested objects', () => {
  it('should accept the sample details', async () => {
    expect(await fieldsOf(ExtraditionDetailsDto, details, 'details')).toEqual([]);
  });

  /** Refused, every problem under `field`. */
  const refusedAt = (fields: string[], field: string): boolean =>
    fields.length > 0 &&
    fields.every((f) => f === field || f.startsWith(`${field}[`) || f.startsWith(`${field}.`));

  it.each([[], [[]], [{}], 'x', 1, true].map((value) => ({ value, json: JSON.stringify(value) })))(
    'should refuse $json as the person sought or the warrant',
    async ({ value }) => {
      for (const key of ['personSought', 'warrant']) {
        const fields = await fieldsOf(ExtraditionDetailsDto, { ...details, [key]: value }, 'details');
        expect({ key, refused: refusedAt(fields, `details.${key}`) }).toEqual({ key, refused: true });
      }
    },
  );

  it.each([[[]], ['x'], [1], [null], [[{}]]].map((value) => ({ value, json: JSON.stringify(value) })))(
    'should refuse $json as the offences',
    async ({ value }) => {
      const fields = await fieldsOf(ExtraditionDetailsDto, { ...details, offences: value }, 'details');
      expect(refusedAt(fields, 'details.offences')).toBe(true);
    },
  );

  it.each(
    [[[]], ['x'], [null], [[{ type: 'OTHER', text: 'Return' }]]].map((value) => ({
      value,
      json: JSON.stringify(value),
    })),
  )('should refuse $json as the conditions of a grant', async ({ value }) => {
    expect(
      refusedAt(await fieldsOf(GrantWithConditionsPayload, { conditions: value }, ''), 'conditions'),
    ).toBe(true);
  });

  it('should accept conditions that are objects', async () => {
    expect(
      await fieldsOf(GrantWithConditionsPayload, { conditions: [{ type: 'OTHER', text: 'Return' }] }, ''),
    ).toEqual([]);
  });
});
