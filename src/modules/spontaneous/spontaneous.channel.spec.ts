import { ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import { assertMachineIsConsistent, type CooperationRequest } from '@/workflows';
import { SpontaneousDetailsDto } from './dto/spontaneous-details.dto';
import { spontaneousChannel, spontaneousMissingForOffer } from './spontaneous.channel';
import { SPONTANEOUS_QUEUE } from './spontaneous.constants';
import { SpontaneousModule } from './spontaneous.module';

const COMPLETE = {
  kind: 'criminal-matter',
  informationSummary: 'Chat logs in which the group plans attacks on hospitals in the receiving State',
  usefulFor: ['start-inquiry'],
  conditions: [{ type: 'CONFIDENTIALITY', text: 'Do not reveal the source' }],
};

function draft(
  overrides: Partial<CooperationRequest> = {},
  details: Record<string, unknown> = {},
): CooperationRequest {
  return {
    channel: 'spontaneous',
    status: 'DRAFT',
    language: 'en',
    subject: 'Ransomware group targeting hospitals',
    factsSummary: 'Seized servers of the group held its chat logs',
    offences: [],
    followsUpRequestId: null,
    caseData: {},
    ...overrides,
    details: { ...structuredClone(COMPLETE), ...details },
  } as CooperationRequest;
}

const fields = (r: CooperationRequest): string[] => spontaneousMissingForOffer(r).map((p) => p.field);
const OFFENCE = { provision: 'Penal Code art. 287', description: 'Interference with a computer system' };
const PROCEEDS = [{ description: 'Wallet bc1q…', estimatedValue: 120000, currency: 'EUR' }];

describe('spontaneousChannel', () => {
  it('should be a consistent channel on its own queue, carried by its module', () => {
    expect(() => assertMachineIsConsistent(spontaneousChannel)).not.toThrow();
    expect(spontaneousChannel).toMatchObject({
      channel: 'spontaneous',
      queue: SPONTANEOUS_QUEUE,
      detailsSchema: SpontaneousDetailsDto,
      requestedAuthorityKinds: ['central', 'competent'],
    });
    expect(SpontaneousModule.definition).toBe(spontaneousChannel);
  });

  it('should find nothing missing in a complete art. 40 offer, with or without conditions', () => {
    expect(fields(draft())).toEqual([]);
    expect(fields(draft({}, { conditions: undefined }))).toEqual([]);
  });

  it('should name every missing field of an empty offer', () => {
    const empty = draft(
      { language: null, subject: null, factsSummary: null },
      {
        kind: undefined,
        informationSummary: undefined,
        usefulFor: [],
      },
    );
    expect(fields(empty)).toEqual([
      'language',
      'subject',
      'factsSummary',
      'details.kind',
      'details.informationSummary',
      'details.usefulFor',
    ]);
  });

  it('should ask an art. 51 offer for the offence and the proceeds', () => {
    expect(fields(draft({}, { kind: 'proceeds-of-crime' }))).toEqual(['offences', 'details.proceeds']);
    expect(fields(draft({ offences: [OFFENCE] }, { kind: 'proceeds-of-crime', proceeds: PROCEEDS }))).toEqual(
      [],
    );
  });

  it('should refuse proceeds on an art. 40 offer', () => {
    expect(spontaneousMissingForOffer(draft({}, { proceeds: PROCEEDS }))).toEqual([
      { field: 'details.proceeds', messages: ['only for kind proceeds-of-crime (art. 51)'] },
    ]);
  });

  it.each([
    { details: { kind: 'gossip' }, named: ['kind'] },
    { details: { usefulFor: ['curiosity'] }, named: ['usefulFor[0]'] },
    { details: { usefulFor: ['start-inquiry', 'start-inquiry'] }, named: ['usefulFor'] },
    { details: { conditions: [{ type: 'SECRET', text: 'x' }] }, named: ['conditions[0].type'] },
    { details: { conditions: [{ type: 'USE_LIMIT', text: '' }] }, named: ['conditions[0].text'] },
    { details: { proceeds: [{ description: 'x', currency: 'euro' }] }, named: ['proceeds[0].currency'] },
    {
      details: { proceeds: [{ description: 'x', estimatedValue: -1 }] },
      named: ['proceeds[0].estimatedValue'],
    },
  ])('should reject details $details naming $named', async ({ details, named }) => {
    const err = (await validatePayload(SpontaneousDetailsDto, details).catch((e: unknown) => e)) as
      ValidationFailedError | undefined;
    expect(err).toBeInstanceOf(ValidationFailedError);
    expect((err?.details as { field: string }[]).map((d) => d.field)).toEqual(named);
  });

  it('should reject an information summary over 20000 characters', async () => {
    const err = (await validatePayload(SpontaneousDetailsDto, {
      informationSummary: 'x'.repeat(20001),
    }).catch((e: unknown) => e)) as ValidationFailedError | undefined;
    expect((err?.details as { field: string }[]).map((d) => d.field)).toEqual(['informationSummary']);
  });

  it('should accept complete details', async () => {
    await expect(
      validatePayload(SpontaneousDetailsDto, { ...COMPLETE, kind: 'proceeds-of-crime', proceeds: PROCEEDS }),
    ).resolves.toBeInstanceOf(SpontaneousDetailsDto);
  });
});
