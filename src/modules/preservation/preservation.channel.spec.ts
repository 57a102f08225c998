import { type CooperationRequest, type DraftLinkContext } from '@/workflows';
import { preservationMachine } from '@/modules/preservation/preservation.machine';
import { PreservationDetailsDto } from './dto/preservation-details.dto';
import {
  checkPreservationLink,
  preservationChannel,
  preservationMissingForSubmission,
} from './preservation.channel';
import type { TrafficDisclosure } from './preservation.case-data';
import { PRESERVATION_QUEUE } from './preservation.constants';

const DISCLOSURE_ID = '11111111-0000-4000-8000-000000000001';
const WITHHELD_ID = '22222222-0000-4000-8000-000000000002';

const COMPLETE_DETAILS = {
  dataToPreserve: 'Mailbox and login logs of account x@example.org, 1-15 March 2026',
  relationToOffence: 'The account sent the ransom note',
  custodian: 'Example Mail GmbH',
  necessity: 'Logs are deleted after 30 days',
  intentToRequestMla: true,
};

/** A complete preservation draft (art. 42(2) contents present). */
function draft(
  overrides: Partial<CooperationRequest> = {},
  details: Record<string, unknown> = {},
): CooperationRequest {
  return {
    id: 'dddddddd-0000-4000-8000-000000000004',
    channel: 'preservation',
    status: 'DRAFT',
    language: 'en',
    offences: [{ provision: 'Penal Code art. 290', description: 'Illegal access' }],
    factsSummary: 'On 14 March the hospital systems were encrypted',
    followsUpRequestId: null,
    caseData: {},
    ...overrides,
    details: { ...COMPLETE_DETAILS, ...details },
  } as CooperationRequest;
}

const fields = (r: CooperationRequest): string[] => preservationMissingForSubmission(r).map((p) => p.field);

function preservationWith(disclosures: TrafficDisclosure[], channel = 'preservation'): CooperationRequest {
  return {
    id: 'eeeeeeee-0000-4000-8000-000000000005',
    channel,
    status: 'PRESERVING',
    caseData: { trafficDisclosures: disclosures },
  } as unknown as CooperationRequest;
}

const disclosed: TrafficDisclosure = {
  id: DISCLOSURE_ID,
  outcome: 'DISCLOSED',
  providerName: 'Accra Hosting Ltd',
  providerCountry: 'GHA',
  trafficData: 'Relay via 203.0.113.7',
  recordedAt: '2026-03-01T10:00:00.000Z',
};
const withheld: TrafficDisclosure = {
  id: WITHHELD_ID,
  outcome: 'WITHHELD',
  providerCountry: 'GHA',
  grounds: ['ESSENTIAL_INTERESTS'],
  reasons: 'Ongoing operation',
  recordedAt: '2026-03-01T11:00:00.000Z',
};

function link(linked: CooperationRequest | null, requestedCountry = 'GHA'): DraftLinkContext {
  return { linked, requestedCountry, linkedRequestedCountry: linked ? 'AUT' : null };
}

describe('preservationChannel', () => {
  describe('definition', () => {
    it('should run the preservation machine on its own queue with its details schema', () => {
      expect(preservationChannel.channel).toBe('preservation');
      expect(preservationChannel.machine).toBe(preservationMachine);
      expect(preservationChannel.queue).toBe(PRESERVATION_QUEUE);
      expect(preservationChannel.detailsSchema).toBe(PreservationDetailsDto);
      expect(preservationChannel.title).toContain('42');
    });

    it('should go to a 24/7 point of contact or a central authority, not a competent authority', () => {
      expect([...preservationChannel.requestedAuthorityKinds].sort()).toEqual(['central', 'contact-24-7']);
    });

    it('should check completeness and the follow-up link with this module functions', () => {
      expect(preservationChannel.missingForSubmission).toBe(preservationMissingForSubmission);
      expect(preservationChannel.checkDraft).toBe(checkPreservationLink);
    });

    it.each([
      { kind: 'contact-24-7', urgency: 'urgent' },
      { kind: 'central', urgency: 'normal' },
      { kind: 'competent', urgency: 'normal' },
    ])('should default the urgency to $urgency toward a $kind authority', ({ kind, urgency }) => {
      expect(preservationChannel.defaultUrgency?.(kind)).toBe(urgency);
    });
  });

  describe('preservationMissingForSubmission', () => {
    it('should find nothing missing in a complete request', () => {
      expect(preservationMissingForSubmission(draft())).toEqual([]);
    });

    it('should accept the location of the system instead of the custodian', () => {
      expect(fields(draft({}, { custodian: undefined, systemLocation: 'Datacentre in Vienna' }))).toEqual([]);
    });

    it.each([
      { change: { language: null }, details: {}, field: 'language' },
      { change: { offences: [] }, details: {}, field: 'offences' },
      { change: { factsSummary: null }, details: {}, field: 'factsSummary' },
      { change: { factsSummary: '' }, details: {}, field: 'factsSummary' },
      { change: {}, details: { dataToPreserve: undefined }, field: 'details.dataToPreserve' },
      { change: {}, details: { relationToOffence: undefined }, field: 'details.relationToOffence' },
      { change: {}, details: { custodian: undefined }, field: 'details.custodian' },
      { change: {}, details: { necessity: undefined }, field: 'details.necessity' },
      { change: {}, details: { intentToRequestMla: false }, field: 'details.intentToRequestMla' },
      { change: {}, details: { intentToRequestMla: undefined }, field: 'details.intentToRequestMla' },
    ])('should name $field when it is missing', ({ change, details, field }) => {
      expect(fields(draft(change as Partial<CooperationRequest>, details))).toEqual([field]);
    });

    it('should explain that the custodian or the system location is needed', () => {
      const problems = preservationMissingForSubmission(draft({}, { custodian: undefined }));
      expect(problems).toEqual([
        {
          field: 'details.custodian',
          messages: ['the custodian or the location of the system is required before sending'],
        },
      ]);
    });

    it('should explain that the intent to file an MLA request must be true (art. 42(1))', () => {
      expect(preservationMissingForSubmission(draft({}, { intentToRequestMla: false }))).toEqual([
        {
          field: 'details.intentToRequestMla',
          messages: ['must be true: preservation prepares an MLA request (art. 42(1))'],
        },
      ]);
    });

    it('should list every missing item of an empty draft, in order', () => {
      const empty: CooperationRequest = {
        ...draft({ language: null, offences: [], factsSummary: null }),
        details: {},
      };
      expect(preservationMissingForSubmission(empty)).toEqual([
        { field: 'language', messages: ['is required before sending'] },
        { field: 'offences', messages: ['at least one offence is required before sending'] },
        { field: 'factsSummary', messages: ['is required before sending'] },
        { field: 'details.dataToPreserve', messages: ['is required before sending'] },
        { field: 'details.relationToOffence', messages: ['is required before sending'] },
        {
          field: 'details.custodian',
          messages: ['the custodian or the location of the system is required before sending'],
        },
        { field: 'details.necessity', messages: ['is required before sending'] },
        {
          field: 'details.intentToRequestMla',
          messages: ['must be true: preservation prepares an MLA request (art. 42(1))'],
        },
      ]);
    });

    it('should not demand the optional confidentiality flag', () => {
      expect(fields(draft({}, { doNotNotifyUser: undefined }))).toEqual([]);
    });
  });

  describe('checkPreservationLink', () => {
    const withDisclosure = (disclosureId?: string) => draft({}, disclosureId ? { disclosureId } : {});

    it('should accept a preservation that follows nothing up', () => {
      expect(checkPreservationLink(withDisclosure(), link(null))).toEqual([]);
    });

    it('should demand followsUpRequestId when a disclosure is named', () => {
      expect(checkPreservationLink(withDisclosure(DISCLOSURE_ID), link(null))).toEqual([
        { field: 'details.disclosureId', messages: ['requires followsUpRequestId'] },
      ]);
    });

    it.each(['mla', 'extradition'])('should refuse to follow up a %s request', (channel) => {
      expect(
        checkPreservationLink(withDisclosure(DISCLOSURE_ID), link(preservationWith([disclosed], channel))),
      ).toEqual([
        {
          field: 'followsUpRequestId',
          messages: ['a preservation may follow up only a preservation (art. 43) or a 24/7 ticket (art. 41)'],
        },
      ]);
    });

    describe('escalating a 24/7 ticket (art. 41)', () => {
      const ticket = { ...preservationWith([], 'contact-24-7'), caseData: {} } as CooperationRequest;

      it("should accept a preservation to the State of the ticket's point of contact", () => {
        expect(checkPreservationLink(withDisclosure(undefined), link(ticket, 'AUT'))).toEqual([]);
      });

      it('should refuse it toward another State, naming the State of the ticket', () => {
        expect(checkPreservationLink(withDisclosure(undefined), link(ticket, 'GHA'))).toEqual([
          {
            field: 'followsUpRequestId',
            messages: ['the 24/7 ticket was addressed to AUT; address this request to that State'],
          },
        ]);
      });

      it('should refuse a disclosure id, which names a record of a preservation', () => {
        expect(checkPreservationLink(withDisclosure(DISCLOSURE_ID), link(ticket, 'AUT'))).toEqual([
          {
            field: 'details.disclosureId',
            messages: ['names a disclosure of a preservation, not of a ticket'],
          },
        ]);
      });
    });

    const notADisclosure = [
      { name: 'no disclosure id', disclosureId: undefined, disclosures: [disclosed] },
      {
        name: 'an unknown disclosure id',
        disclosureId: '33333333-0000-4000-8000-000000000003',
        disclosures: [disclosed],
      },
      { name: 'a withheld disclosure', disclosureId: WITHHELD_ID, disclosures: [disclosed, withheld] },
      { name: 'a preservation without disclosures', disclosureId: DISCLOSURE_ID, disclosures: [] },
    ];

    it.each(notADisclosure)('should refuse $name', ({ disclosureId, disclosures }) => {
      expect(
        checkPreservationLink(withDisclosure(disclosureId), link(preservationWith(disclosures))),
      ).toEqual([
        {
          field: 'details.disclosureId',
          messages: ['must name a traffic-data disclosure of the followed-up preservation'],
        },
      ]);
    });

    it('should refuse a followed-up preservation whose case file has no disclosure list', () => {
      const bare = { id: 'x', channel: 'preservation', caseData: {} } as CooperationRequest;
      expect(checkPreservationLink(withDisclosure(DISCLOSURE_ID), link(bare))).toEqual([
        {
          field: 'details.disclosureId',
          messages: ['must name a traffic-data disclosure of the followed-up preservation'],
        },
      ]);
    });

    it('should demand the State in which the disclosure identified the provider', () => {
      expect(
        checkPreservationLink(withDisclosure(DISCLOSURE_ID), link(preservationWith([disclosed]), 'AUT')),
      ).toEqual([
        {
          field: 'requestedAuthorityId',
          messages: ['the disclosure identified a provider in GHA; address that State'],
        },
      ]);
    });

    it('should accept a disclosed provider in the requested State', () => {
      expect(
        checkPreservationLink(
          withDisclosure(DISCLOSURE_ID),
          link(preservationWith([withheld, disclosed]), 'GHA'),
        ),
      ).toEqual([]);
    });
  });
});
