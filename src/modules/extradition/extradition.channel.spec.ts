import { ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import { type CooperationRequest } from '@/workflows';
import { extraditionMachine } from '@/modules/extradition/extradition.machine';
import { ExtraditionDetailsDto } from './dto/extradition-details.dto';
import { extraditionChannel, extraditionMissingForSubmission } from './extradition.channel';
import { EXTRADITION_QUEUE } from './extradition.constants';

const PA = 'request-provisional-arrest';
const FORMAL = 'submit-formal-request';

/** A complete dossier (DOMAIN.md 3.9 typical fields), with urgency grounds for a provisional arrest. */
const COMPLETE_DETAILS = {
  personSought: {
    name: 'Nguyen Van A',
    aliases: ['nva'],
    dateOfBirth: '1990-05-17',
    nationalities: ['VNM'],
    probableLocation: 'Vienna, 2nd district',
    description: 'Passport C1234567',
  },
  offences: [
    {
      description: 'Ransomware attack on a hospital',
      requestingStateProvision: 'Penal Code (VNM) art. 287',
      requestedStateProvision: 'StGB (AUT) § 126a',
      maxPenaltyMonthsRequesting: 84,
      maxPenaltyMonthsRequested: 60,
      dualCriminality: true,
    },
  ],
  warrant: {
    kind: 'arrest-warrant',
    reference: 'HN-2026-117',
    date: '2026-02-20',
    issuingAuthority: 'People’s Court of Hanoi',
  },
  nationalOfRequestedState: false,
  provisionalArrestGrounds: 'The person holds a ticket to leave the Schengen area on 5 March',
};

function draft(
  overrides: Partial<CooperationRequest> = {},
  details: Record<string, unknown> = {},
): CooperationRequest {
  return {
    id: 'dddddddd-0000-4000-8000-000000000004',
    channel: 'extradition',
    status: 'DRAFT',
    language: 'en',
    offences: [],
    factsSummary: 'On 14 March the hospital systems were encrypted',
    followsUpRequestId: null,
    caseData: {},
    ...overrides,
    details: { ...structuredClone(COMPLETE_DETAILS), ...details },
  } as CooperationRequest;
}

const fields = (r: CooperationRequest, action: string = FORMAL): string[] =>
  extraditionMissingForSubmission(r, action).map((p) => p.field);

describe('extraditionChannel', () => {
  describe('definition', () => {
    it('should run the extradition machine on its own queue with its details schema', () => {
      expect(extraditionChannel.channel).toBe('extradition');
      expect(extraditionChannel.machine).toBe(extraditionMachine);
      expect(extraditionChannel.queue).toBe(EXTRADITION_QUEUE);
      expect(extraditionChannel.detailsSchema).toBe(ExtraditionDetailsDto);
      expect(extraditionChannel.title).toContain('art. 37');
    });

    it('should go to the designated extradition authority (a central authority) only', () => {
      expect(extraditionChannel.requestedAuthorityKinds).toEqual(['central']);
    });

    it('should check completeness with this module function and take the default urgency and priority', () => {
      expect(extraditionChannel.missingForSubmission).toBe(extraditionMissingForSubmission);
      expect(extraditionChannel.checkDraft).toBeUndefined();
      expect(extraditionChannel.defaultUrgency).toBeUndefined();
      expect(extraditionChannel.priorityOf).toBeUndefined();
    });
  });

  describe('extraditionMissingForSubmission', () => {
    it.each([PA, FORMAL])('should find nothing missing in a complete dossier for %s', (action) => {
      expect(extraditionMissingForSubmission(draft(), action)).toEqual([]);
    });

    describe('provisional arrest grounds (UNTOC 16(9))', () => {
      it.each([
        { grounds: undefined, why: 'absent' },
        { grounds: '', why: 'empty' },
        { grounds: null, why: 'null' },
      ])('should demand them, $why, to request a provisional arrest', ({ grounds }) => {
        const problems = extraditionMissingForSubmission(
          draft({}, { provisionalArrestGrounds: grounds }),
          PA,
        );
        expect(problems).toEqual([
          {
            field: 'details.provisionalArrestGrounds',
            messages: ['provisional arrest needs urgency grounds (UNTOC 16(9))'],
          },
        ]);
      });

      it('should not demand them for the formal request, with or without a provisional arrest before it', () => {
        expect(fields(draft({}, { provisionalArrestGrounds: undefined }), FORMAL)).toEqual([]);
        expect(
          fields(draft({ status: 'PA_EXECUTED' }, { provisionalArrestGrounds: undefined }), FORMAL),
        ).toEqual([]);
      });
    });

    describe('the dossier (UNTOC 16(7); DOMAIN.md 3.9)', () => {
      const cases: {
        change?: Partial<CooperationRequest>;
        details?: Record<string, unknown>;
        field: string;
      }[] = [
        { change: { language: null }, field: 'language' },
        { change: { language: '' }, field: 'language' },
        { change: { factsSummary: null }, field: 'factsSummary' },
        { change: { factsSummary: '' }, field: 'factsSummary' },
        { details: { personSought: undefined }, field: 'details.personSought' },
        { details: { personSought: null }, field: 'details.personSought' },
        {
          details: { personSought: { name: 'Nguyen Van A' } },
          field: 'details.personSought.probableLocation',
        },
        {
          details: { personSought: { name: 'Nguyen Van A', probableLocation: '' } },
          field: 'details.personSought.probableLocation',
        },
        { details: { offences: undefined }, field: 'details.offences' },
        { details: { offences: [] }, field: 'details.offences' },
        { details: { warrant: undefined }, field: 'details.warrant' },
        { details: { warrant: null }, field: 'details.warrant' },
        { details: { nationalOfRequestedState: undefined }, field: 'details.nationalOfRequestedState' },
      ];

      it.each(cases.flatMap((c) => [PA, FORMAL].map((action) => ({ ...c, action }))))(
        'should name $field when $change $details is missing for $action',
        ({ change, details, field, action }) => {
          expect(fields(draft(change, details), action)).toEqual([field]);
        },
      );

      it.each([true, false])('should accept nationalOfRequestedState=%s as an answer', (national) => {
        expect(fields(draft({}, { nationalOfRequestedState: national }))).toEqual([]);
      });

      it('should say what the warrant and the offences must contain', () => {
        const problems = extraditionMissingForSubmission(
          draft({}, { warrant: undefined, offences: [] }),
          FORMAL,
        );
        expect(problems).toEqual([
          {
            field: 'details.offences',
            messages: ['at least one offence with both States’ provisions and penalties'],
          },
          {
            field: 'details.warrant',
            messages: ['the arrest warrant or judgment (reference and date) is required'],
          },
        ]);
      });

      it('should name everything missing from an empty draft, in order', () => {
        const empty: CooperationRequest = { ...draft({ language: null, factsSummary: null }), details: {} };
        expect(fields(empty, PA)).toEqual([
          'language',
          'factsSummary',
          'details.personSought',
          'details.offences',
          'details.warrant',
          'details.nationalOfRequestedState',
          'details.provisionalArrestGrounds',
        ]);
        expect(fields(empty, FORMAL)).toEqual([
          'language',
          'factsSummary',
          'details.personSought',
          'details.offences',
          'details.warrant',
          'details.nationalOfRequestedState',
        ]);
      });

      it('should say "is required before submission" of a plain missing field', () => {
        expect(extraditionMissingForSubmission(draft({ language: null }), FORMAL)).toEqual([
          { field: 'language', messages: ['is required before submission'] },
        ]);
      });

      it('should leave the penalty and dual-criminality rules to the submission guard', () => {
        const weak = draft(
          {},
          {
            offences: [
              { ...COMPLETE_DETAILS.offences[0], maxPenaltyMonthsRequested: 3, dualCriminality: false },
            ],
          },
        );
        expect(fields(weak, FORMAL)).toEqual([]);
      });
    });
  });

  describe('details schema', () => {
    it('should accept the complete dossier', async () => {
      await expect(
        validatePayload(ExtraditionDetailsDto, COMPLETE_DETAILS, 'details'),
      ).resolves.toBeInstanceOf(ExtraditionDetailsDto);
    });

    it('should accept an empty draft (completeness is checked on submission)', async () => {
      await expect(validatePayload(ExtraditionDetailsDto, {}, 'details')).resolves.toBeInstanceOf(
        ExtraditionDetailsDto,
      );
    });

    const offence = COMPLETE_DETAILS.offences[0];
    it.each([
      { details: { nationalOfRequestedState: 'no' }, field: 'details.nationalOfRequestedState' },
      { details: { provisionalArrestGrounds: '' }, field: 'details.provisionalArrestGrounds' },
      {
        details: { personSought: { ...COMPLETE_DETAILS.personSought, nationalities: ['VN'] } },
        field: 'details.personSought.nationalities[0]',
      },
      {
        details: { personSought: { ...COMPLETE_DETAILS.personSought, dateOfBirth: '17.05.1990' } },
        field: 'details.personSought.dateOfBirth',
      },
      { details: { personSought: { probableLocation: 'Vienna' } }, field: 'details.personSought.name' },
      {
        details: { warrant: { ...COMPLETE_DETAILS.warrant, kind: 'summons' } },
        field: 'details.warrant.kind',
      },
      {
        details: { warrant: { ...COMPLETE_DETAILS.warrant, date: '2026-02-30' } },
        field: 'details.warrant.date',
      },
      {
        details: { offences: [{ ...offence, maxPenaltyMonthsRequesting: 12.5 }] },
        field: 'details.offences[0].maxPenaltyMonthsRequesting',
      },
      {
        details: { offences: [{ ...offence, maxPenaltyMonthsRequested: -1 }] },
        field: 'details.offences[0].maxPenaltyMonthsRequested',
      },
      {
        details: { offences: [{ ...offence, maxPenaltyMonthsRequested: 1201 }] },
        field: 'details.offences[0].maxPenaltyMonthsRequested',
      },
      {
        details: { offences: [{ ...offence, dualCriminality: undefined }] },
        field: 'details.offences[0].dualCriminality',
      },
      {
        details: { offences: [{ ...offence, accessory: 'yes' }] },
        field: 'details.offences[0].accessory',
      },
      {
        details: { offences: [{ ...offence, requestedStateProvision: '' }] },
        field: 'details.offences[0].requestedStateProvision',
      },
      { details: { unknownField: 1 }, field: 'details.unknownField' },
    ])('should reject $details naming $field', async ({ details, field }) => {
      const attempt = validatePayload(ExtraditionDetailsDto, { ...COMPLETE_DETAILS, ...details }, 'details');
      await expect(attempt).rejects.toBeInstanceOf(ValidationFailedError);
      const err = (await attempt.catch((e: unknown) => e)) as ValidationFailedError;
      expect((err.details as { field: string }[]).map((d) => d.field)).toEqual([field]);
    });
  });
});
