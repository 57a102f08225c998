import { validatePayload } from '@/common/validation/validate-payload';
import { ValidationFailedError } from '@/common/errors/domain-error';
import { assertMachineIsConsistent, type CooperationRequest, type DraftLinkContext } from '@/workflows';
import { RealTimeCollectionDetailsDto } from './dto/real-time-collection-details.dto';
import {
  checkRealTimeCollectionDraft,
  realTimeCollectionChannel,
  realTimeCollectionMissingForSubmission,
} from './real-time-collection.channel';
import { REAL_TIME_COLLECTION_QUEUE } from './real-time-collection.constants';
import { RealTimeCollectionModule } from './real-time-collection.module';

const COMPLETE = {
  measure: 'traffic-data',
  requestingAuthority: 'Public Prosecutor, Vienna',
  targetData: 'Traffic data of the communications of +43 660 000000',
  relationToOffence: 'The number coordinates the intrusions',
  ownerUserOrLocation: 'Used by the suspect; subscriber unknown; located in the requested State',
  justification: 'Only live traffic data shows who the group contacts',
  periodStart: '2026-03-01T00:00:00Z',
  periodEnd: '2026-03-31T00:00:00Z',
  periodJustification: 'The next attack is announced within the month',
};
const OFFENCE = { provision: 'StGB § 118a', conventionArticle: 7, description: 'Illegal access' };

function draft(
  overrides: Partial<CooperationRequest> = {},
  details: Record<string, unknown> = {},
): CooperationRequest {
  return {
    id: 'r1',
    channel: 'real-time-collection',
    status: 'DRAFT',
    language: 'en',
    proceedingType: 'investigation',
    factsSummary: 'A group breaks into hospital systems',
    offences: [OFFENCE],
    confidential: false,
    followsUpRequestId: null,
    requestingAuthorityId: 'a',
    requestedAuthorityId: 'b',
    caseData: {},
    ...overrides,
    details: { ...COMPLETE, ...details },
  } as CooperationRequest;
}

const fields = (r: CooperationRequest): string[] =>
  realTimeCollectionMissingForSubmission(r).map((p) => p.field);
const NO_LINK: DraftLinkContext = { linked: null, requestedCountry: 'AUT', linkedRequestedCountry: null };
const access = realTimeCollectionChannel.documentAccess!;

describe('realTimeCollectionChannel', () => {
  it('should be a consistent channel on its own queue, carried by its module', () => {
    expect(() => assertMachineIsConsistent(realTimeCollectionChannel)).not.toThrow();
    expect(realTimeCollectionChannel).toMatchObject({
      channel: 'real-time-collection',
      queue: REAL_TIME_COLLECTION_QUEUE,
      detailsSchema: RealTimeCollectionDetailsDto,
      requestedAuthorityKinds: ['central'],
    });
    expect(RealTimeCollectionModule.definition).toBe(realTimeCollectionChannel);
  });

  describe('mandatory contents (arts 45(3), 46(2) [GK])', () => {
    it('should find nothing missing in a complete request', () => {
      expect(fields(draft())).toEqual([]);
    });

    it('should name every missing field of an empty request, in the order of the article', () => {
      const empty = draft(
        { language: null, proceedingType: null, factsSummary: null, offences: [] },
        Object.fromEntries(Object.keys(COMPLETE).map((k) => [k, undefined])),
      );
      expect(fields(empty)).toEqual([
        'language',
        'proceedingType',
        'offences',
        'factsSummary',
        'details.measure',
        'details.requestingAuthority',
        'details.targetData',
        'details.relationToOffence',
        'details.ownerUserOrLocation',
        'details.justification',
        'details.periodStart',
        'details.periodEnd',
        'details.periodJustification',
      ]);
    });

    it.each(['periodStart', 'periodEnd', 'periodJustification'])(
      'should not let a request without %s leave the draft (DOMAIN.md 4.4)',
      (field) => {
        expect(fields(draft({}, { [field]: '' }))).toEqual([`details.${field}`]);
      },
    );
  });

  describe('draft checks', () => {
    it('should accept a complete traffic-data draft, confidential or not', () => {
      expect(checkRealTimeCollectionDraft(draft(), NO_LINK)).toEqual([]);
    });

    it('should keep interception confidential by force, naming confidential', () => {
      const content = draft({}, { measure: 'content-data' });
      expect(checkRealTimeCollectionDraft(content, NO_LINK).map((p) => p.field)).toEqual(['confidential']);
      expect(
        checkRealTimeCollectionDraft(draft({ confidential: true }, { measure: 'content-data' }), NO_LINK),
      ).toEqual([]);
    });

    it('should refuse a period that ends before it starts, and any follow-up link', () => {
      const backwards = draft({}, { periodEnd: '2026-02-01T00:00:00Z' });
      expect(checkRealTimeCollectionDraft(backwards, NO_LINK).map((p) => p.field)).toEqual([
        'details.periodEnd',
      ]);
      const linked = { ...NO_LINK, linked: draft() };
      expect(checkRealTimeCollectionDraft(draft(), linked).map((p) => p.field)).toEqual([
        'followsUpRequestId',
      ]);
    });

    it.each([
      { details: { measure: 'wiretap' }, field: 'measure' },
      { details: { periodEnd: 'next month' }, field: 'periodEnd' },
      { details: { identifiers: [{ type: 'phone-number' }] }, field: 'identifiers[0].value' },
      { details: { targetData: 'x'.repeat(20001) }, field: 'targetData' },
    ])('should reject details $details naming $field', async ({ details, field }) => {
      const err = (await validatePayload(RealTimeCollectionDetailsDto, details).catch(
        (e: unknown) => e,
      )) as ValidationFailedError;
      expect(err).toBeInstanceOf(ValidationFailedError);
      expect((err.details as { field: string }[]).map((d) => d.field)).toEqual([field]);
    });
  });

  describe('access to intercepted content (DOMAIN.md 3.8)', () => {
    const content = draft(
      {
        confidential: true,
        caseData: {
          batches: [
            {
              number: 1,
              summary: 's',
              items: [{ name: 'a', sha256: 'a'.repeat(64), attachmentId: 'doc-1' }],
              deliveredAt: 'x',
            },
          ],
        },
      } as Partial<CooperationRequest>,
      { measure: 'content-data' },
    );
    const product = { id: 'doc-1', kind: 'other', uploadedBy: 'requested' as const };
    const evidence = { id: 'doc-2', kind: 'evidence', uploadedBy: 'requested' as const };
    const warrant = { id: 'doc-3', kind: 'warrant', uploadedBy: 'requesting' as const };

    it.each([
      { doc: product, side: 'requesting', roles: ['officer'], refused: true },
      { doc: product, side: 'requested', roles: ['officer', 'auditor'], refused: true },
      { doc: product, side: 'requesting', roles: ['approver'], refused: false },
      { doc: evidence, side: 'requested', roles: ['officer'], refused: true },
      { doc: evidence, side: 'requested', roles: ['approver'], refused: false },
      { doc: warrant, side: 'requested', roles: ['officer'], refused: false },
      { doc: warrant, side: 'requesting', roles: ['auditor'], refused: false },
    ] as const)('should refuse $doc.id to a $side $roles: $refused', ({ doc, side, roles, refused }) => {
      const reason = access(content, doc, { side, roles });
      expect(reason !== null).toBe(refused);
    });

    it('should leave traffic-data product open to every party user', () => {
      expect(access(draft(), product, { side: 'requesting', roles: ['officer'] })).toBeNull();
    });
  });
});
