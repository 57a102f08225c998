import { ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import { assertMachineIsConsistent, CooperationRequest } from '@/workflows';
import { mlaMachine } from '@/modules/mla/mla.machine';
import { MlaDetailsDto } from './dto/mla-details.dto';
import { checkMlaLink, mlaChannel, mlaMissingForSubmission } from './mla.channel';
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

describe('art. 44 items (stored data)', () => {
  const ITEM = {
    kind: 'stored-data',
    type: 'email-account',
    value: 'ops@example.at',
    dataDescription: 'Mailbox contents and login records',
    dataCategories: ['traffic', 'content'],
    system: 'Mail servers of Example Mail GmbH',
    systemLocation: 'Vienna',
    periodFrom: '2026-03-01T00:00:00Z',
    periodTo: '2026-03-15T00:00:00Z',
    measures: ['search-or-access', 'disclose'],
  };
  const withItems = (items: object[], types = ['stored-data']) =>
    complete({ details: { assistanceTypes: types, items } });

  it('should accept a complete art. 44 item, and a provider instead of the system', () => {
    expect(missingFields(withItems([ITEM]))).toEqual([]);
    expect(missingFields(withItems([{ ...ITEM, system: undefined, provider: 'Example Mail GmbH' }]))).toEqual(
      [],
    );
  });

  it('should name every missing art. 44 field of a stored-data item by its position', () => {
    const bare = { kind: 'stored-data', type: 'email-account', value: 'x@example.at' };
    const problems = mlaMissingForSubmission(withItems([{ type: 'ip', value: '192.0.2.1' }, bare]));
    expect(problems.map((p) => p.field)).toEqual([
      'details.items[1].dataDescription',
      'details.items[1].dataCategories',
      'details.items[1].system',
      'details.items[1].periodFrom',
      'details.items[1].periodTo',
      'details.items[1].measures',
    ]);
    expect(problems.every((p) => p.messages[0].startsWith('art. 44: '))).toBe(true);
  });

  it('should refuse a period that ends before it starts', () => {
    expect(mlaMissingForSubmission(withItems([{ ...ITEM, periodTo: '2026-02-01T00:00:00Z' }]))).toEqual([
      { field: 'details.items[0].periodTo', messages: ['the period ends before it starts'] },
    ]);
  });

  it("should refuse an item whose kind is not one of the request's assistance types", () => {
    expect(missingFields(withItems([ITEM], ['subscriber-info']))).toEqual(['details.items[0].kind']);
  });

  it('should ask nothing more of items of another kind, or of none', () => {
    expect(
      missingFields(
        withItems([{ kind: 'subscriber-info', type: 'ip', value: '192.0.2.1' }], ['subscriber-info']),
      ),
    ).toEqual([]);
    expect(missingFields(complete())).toEqual([]);
  });

  it.each([
    { item: { ...ITEM, kind: 'gossip' }, named: ['items[0].kind'] },
    { item: { ...ITEM, dataCategories: ['metadata'] }, named: ['items[0].dataCategories[0]'] },
    { item: { ...ITEM, measures: ['delete'] }, named: ['items[0].measures[0]'] },
    { item: { ...ITEM, periodFrom: 'March' }, named: ['items[0].periodFrom'] },
    { item: { ...ITEM, dataDescription: '' }, named: ['items[0].dataDescription'] },
  ])('should reject $item naming $named', async ({ item, named }) => {
    const err = (await validatePayload(MlaDetailsDto, {
      assistanceTypes: ['stored-data'],
      items: [item],
    }).catch((e: unknown) => e)) as ValidationFailedError | undefined;
    expect(err).toBeInstanceOf(ValidationFailedError);
    expect((err?.details as { field: string }[]).map((d) => d.field)).toEqual(named);
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

describe('checkMlaLink', () => {
  const linked = (channel: string): CooperationRequest =>
    Object.assign(new CooperationRequest(), { channel, status: 'RECEIVED' });
  const link = (channel: string | null, requestedCountry: string) => ({
    linked: channel ? linked(channel) : null,
    requestedCountry,
    linkedRequestedCountry: channel ? 'AUT' : null,
  });

  it.each(['preservation', 'contact-24-7', null])(
    'should accept a follow-up of %s to the State it was addressed to',
    (channel) => {
      expect(checkMlaLink(complete(), link(channel, 'AUT'))).toEqual([]);
    },
  );

  it.each([
    ['preservation', 'the preservation'],
    ['contact-24-7', 'the 24/7 ticket'],
  ])('should send a follow-up of a %s to its State only', (channel, name) => {
    expect(checkMlaLink(complete(), link(channel, 'GHA'))).toEqual([
      {
        field: 'followsUpRequestId',
        messages: [`${name} was requested from AUT; address this request to that State`],
      },
    ]);
  });

  it('should leave other links to the engine (party to the linked request)', () => {
    expect(checkMlaLink(complete(), link('extradition', 'GHA'))).toEqual([]);
  });
});
