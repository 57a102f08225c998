import { assertMachineIsConsistent, CooperationRequest } from '@/workflows';
import { mlaMachine } from '@/modules/mla/mla.machine';
import { MlaDetailsDto } from './dto/mla-details.dto';
import { mlaChannel, mlaMissingForSubmission } from './mla.channel';
import { MLA_QUEUE } from './mla.constants';

/** A draft with every mandatory MLA field filled in. */
function complete(overrides: Partial<CooperationRequest> = {}): CooperationRequest {
  return Object.assign(new CooperationRequest(), {
    channel: 'mla',
    status: 'DRAFT',
    language: 'en',
    subject: 'Ransomware attack on a hospital',
    proceedingType: 'investigation',
    offences: [{ provision: 'Penal Code art. 290', description: 'Illegal access' }],
    factsSummary: 'On 14 March the hospital systems were encrypted',
    assistanceSought: 'Subscriber information for two accounts',
    purpose: 'Identify the suspects',
    details: { assistanceTypes: ['subscriber-info'], items: [{ type: 'email', value: 'x@example.org' }] },
    ...overrides,
  });
}

const missingFields = (r: CooperationRequest): string[] => mlaMissingForSubmission(r).map((p) => p.field);

describe('mlaMissingForSubmission', () => {
  it('should find nothing missing in a complete request', () => {
    expect(mlaMissingForSubmission(complete())).toEqual([]);
  });

  it.each([
    { field: 'language', blank: { language: null } },
    { field: 'language', blank: { language: '' } },
    { field: 'subject', blank: { subject: null } },
    { field: 'subject', blank: { subject: '' } },
    { field: 'proceedingType', blank: { proceedingType: null } },
    { field: 'offences', blank: { offences: [] } },
    { field: 'factsSummary', blank: { factsSummary: null } },
    { field: 'factsSummary', blank: { factsSummary: '' } },
    { field: 'assistanceSought', blank: { assistanceSought: null } },
    { field: 'purpose', blank: { purpose: null } },
    { field: 'details.assistanceTypes', blank: { details: { assistanceTypes: [], items: [] } } },
  ])('should report $field when it is $blank', ({ field, blank }) => {
    const problems = mlaMissingForSubmission(complete(blank));
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].messages).toHaveLength(1);
    expect(problems[0].messages[0]).toMatch(/required before submission/);
  });

  it('should report every missing field at once, in a stable order', () => {
    const empty = complete({
      language: null,
      subject: null,
      proceedingType: null,
      offences: [],
      factsSummary: null,
      assistanceSought: null,
      purpose: null,
      details: {},
    });
    expect(missingFields(empty)).toEqual([
      'language',
      'subject',
      'proceedingType',
      'offences',
      'factsSummary',
      'assistanceSought',
      'purpose',
      'details.assistanceTypes',
    ]);
  });

  it('should treat details without assistanceTypes as no assistance type', () => {
    expect(missingFields(complete({ details: { items: [] } }))).toEqual(['details.assistanceTypes']);
  });

  describe('service of documents (facts not required, UNTOC 18(15)(d))', () => {
    it.each([
      { types: ['service-of-documents'], factsRequired: false },
      { types: ['service-of-documents', 'stored-data'], factsRequired: true },
      { types: ['witness-statement'], factsRequired: true },
      { types: [], factsRequired: true },
    ])('should require factsSummary for $types: $factsRequired', ({ types, factsRequired }) => {
      const fields = missingFields(complete({ factsSummary: null, details: { assistanceTypes: types } }));
      expect(fields.includes('factsSummary')).toBe(factsRequired);
    });

    it('should still require everything else for a service of documents', () => {
      const r = complete({
        factsSummary: null,
        purpose: null,
        details: { assistanceTypes: ['service-of-documents'] },
      });
      expect(missingFields(r)).toEqual(['purpose']);
    });
  });
});

describe('mlaChannel', () => {
  it('should describe the MLA channel of API.md', () => {
    expect(mlaChannel).toMatchObject({
      channel: 'mla',
      queue: MLA_QUEUE,
      machine: mlaMachine,
      detailsSchema: MlaDetailsDto,
      requestedAuthorityKinds: ['central'],
      missingForSubmission: mlaMissingForSubmission,
    });
    expect(mlaChannel.machine.channel).toBe(mlaChannel.channel);
  });

  it('should have a consistent lifecycle table', () => {
    expect(() => assertMachineIsConsistent(mlaChannel)).not.toThrow();
  });
});
