import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import { assertMachineIsConsistent, type CooperationRequest } from '@/workflows';
import { checkConfiscationLink, confiscationChannel } from './confiscation.channel';
import { CONFISCATION_QUEUE } from './confiscation.constants';
import { confiscationMissingForSubmission } from './confiscation.contents';
import { ConfiscationModule } from './confiscation.module';
import { ConfiscationDetailsDto } from './dto/confiscation-details.dto';

const PROPERTY = { description: 'Account AT61 1904 3002 3457 3201', kind: 'bank-account' };
const ORDER = {
  issuingAuthority: 'Hanoi People’s Court',
  reference: 'QD-7/2026',
  copy: { name: 'order.pdf', sha256: 'a'.repeat(64) },
};
const FREEZE = { measure: 'freeze-seize', properties: [PROPERTY], orderIssued: true, freezeOrder: ORDER };

function draft(
  overrides: Partial<CooperationRequest> = {},
  details: Record<string, unknown> = FREEZE,
): CooperationRequest {
  return {
    channel: 'confiscation',
    status: 'DRAFT',
    language: 'en',
    subject: 'Online investment fraud',
    factsSummary: 'Victims paid into the account, moved on to the wallet',
    assistanceSought: 'Freeze the account and the wallet',
    offences: [{ provision: 'Penal Code art. 174', description: 'Fraud' }],
    followsUpRequestId: null,
    caseData: {},
    ...overrides,
    details: structuredClone(details),
  } as CooperationRequest;
}

const fields = (r: CooperationRequest): string[] => confiscationMissingForSubmission(r).map((p) => p.field);

describe('confiscationChannel', () => {
  it('should be a consistent channel on its own queue, carried by its module', () => {
    expect(() => assertMachineIsConsistent(confiscationChannel)).not.toThrow();
    expect(confiscationChannel).toMatchObject({
      channel: 'confiscation',
      queue: CONFISCATION_QUEUE,
      detailsSchema: ConfiscationDetailsDto,
      requestedAuthorityKinds: ['central'],
    });
    expect(ConfiscationModule.definition).toBe(confiscationChannel);
  });

  it('should find nothing missing in a complete freeze request, with or without an order (art. 50(2))', () => {
    expect(fields(draft())).toEqual([]);
    expect(
      fields(draft({}, { measure: 'freeze-seize', properties: [PROPERTY], orderIssued: false })),
    ).toEqual([]);
  });

  it('should name every missing field of an empty request', () => {
    const empty = draft({ language: null, subject: null, factsSummary: null, offences: [] }, {});
    expect(fields(empty)).toEqual([
      'language',
      'subject',
      'offences',
      'factsSummary',
      'details.measure',
      'details.properties',
    ]);
  });

  it('should want the actions sought and the copy of an issued order for a freeze (art. 50(3)(c) [GK])', () => {
    const r = draft(
      { assistanceSought: null },
      { measure: 'freeze-seize', properties: [PROPERTY], orderIssued: true },
    );
    expect(fields(r)).toEqual(['assistanceSought', 'details.freezeOrder']);
    expect(fields(draft({}, { measure: 'freeze-seize', properties: [PROPERTY] }))).toEqual([
      'details.orderIssued',
    ]);
  });

  it('should want the type 1a contents when the request starts at confiscation (art. 50(3)(a))', () => {
    const base = { measure: 'confiscation', properties: [PROPERTY] };
    expect(fields(draft({}, base))).toEqual(['details.confiscation']);
    expect(fields(draft({}, { ...base, confiscation: { type: 'obtain-domestic-order' } }))).toEqual([
      'details.confiscation.factsForDomesticOrder',
    ]);
    const complete = {
      ...base,
      confiscation: { type: 'obtain-domestic-order', factsForDomesticOrder: 'Transfers traced' },
    };
    expect(fields(draft({}, complete))).toEqual([]);
  });

  it('should want the type 1b contents: the order, extent, third-party notice and finality (art. 50(3)(b) [GK])', () => {
    const base = { measure: 'confiscation', properties: [PROPERTY] };
    expect(
      fields(draft({}, { ...base, confiscation: { type: 'enforce-order', orderIsFinal: false } })),
    ).toEqual([
      'details.confiscation.order',
      'details.confiscation.extentOfExecution',
      'details.confiscation.thirdPartyNotice',
      'details.confiscation.orderIsFinal',
    ]);
    const complete = {
      ...base,
      confiscation: {
        type: 'enforce-order',
        order: ORDER,
        extentOfExecution: 'All',
        thirdPartyNotice: 'Served',
        orderIsFinal: true,
      },
    };
    expect(fields(draft({}, complete))).toEqual([]);
  });

  it('should not take confiscation contents on a freeze request', () => {
    expect(fields(draft({}, { ...FREEZE, confiscation: { type: 'obtain-domestic-order' } }))).toEqual([
      'details.confiscation',
    ]);
  });

  it.each([
    { details: { measure: 'seize' }, field: 'details.measure' },
    { details: { properties: [{ description: 'x', kind: 'yacht' }] }, field: 'details.properties.0.kind' },
    {
      details: { properties: [{ description: 'x', kind: 'cash', currency: 'eur' }] },
      field: 'details.properties.0.currency',
    },
    {
      details: { freezeOrder: { ...ORDER, copy: { name: 'o', sha256: 'A' } } },
      field: 'details.freezeOrder.copy.sha256',
    },
    {
      details: { confiscation: { type: 'enforce-order', returnRequest: { purpose: 'keep' } } },
      field: 'details.confiscation.returnRequest.purpose',
    },
  ])('should reject details $details naming $field', async ({ details, field }) => {
    const err = (await validatePayload(ConfiscationDetailsDto, details, 'details').catch(
      (e: unknown) => e,
    )) as ValidationFailedError;
    expect(err).toBeInstanceOf(ValidationFailedError);
    expect((err.details as FieldProblem[]).map((d) => d.field.replace(/\[(\d+)\]/g, '.$1'))).toContain(field);
  });

  describe('links (art. 51)', () => {
    const link = (channel: string | null, linkedCountry: string | null, requestedCountry = 'AUT') =>
      checkConfiscationLink(draft(), {
        linked: channel ? ({ channel } as CooperationRequest) : null,
        requestedCountry,
        linkedRequestedCountry: linkedCountry,
      }).map((p) => p.messages[0]);

    it('should accept no link, an MLA request to the same State, spontaneous information received', () => {
      expect(link(null, null)).toEqual([]);
      expect(link('mla', 'AUT')).toEqual([]);
      expect(link('spontaneous', 'VNM')).toEqual([]);
    });

    it('should refuse an MLA request to another State, own information, or another channel', () => {
      expect(link('mla', 'FRA')).toEqual([
        'the MLA request was sent to FRA; address this request to that State',
      ]);
      expect(link('spontaneous', 'AUT')[0]).toContain('received it');
      expect(link('extradition', 'AUT')[0]).toContain('MLA request or spontaneous information');
    });
  });
});
