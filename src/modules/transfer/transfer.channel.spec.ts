import { ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import { assertMachineIsConsistent, type CooperationRequest } from '@/workflows';
import { TransferDetailsDto } from './dto/transfer-details.dto';
import { transferChannel, transferMissingForProposal } from './transfer.channel';
import { TRANSFER_QUEUE } from './transfer.constants';
import { TransferModule } from './transfer.module';

const SENTENCED = {
  kind: 'sentenced-person',
  proposerRole: 'sentencing-state',
  legalBasis: 'Convention on the Transfer of Sentenced Persons (CoE, 1983) [GK]',
  sentencedPerson: { name: 'Nguyen Van A', nationalities: ['VNM'], dateOfBirth: '1990-04-12' },
  judgment: { court: 'Landesgericht Wien', date: '2025-06-01', reference: '12 Hv 34/25', final: true },
  sentence: {
    description: '6 years imprisonment',
    lengthDays: 2190,
    enforcementStartDate: '2024-11-01',
    servedDays: 480,
    remainingDays: 1710,
  },
  consentRequired: true,
};
const PROCEEDINGS = {
  kind: 'proceedings',
  proposerRole: 'transferring-state',
  legalBasis: 'UNCC art. 39',
  proceedingsCase: { reference: '5 St 12/26', authority: 'Staatsanwaltschaft Wien', stage: 'prosecution' },
  reasons: ['concurrent-jurisdiction', 'suspect-in-receiving-state'],
  reasonsExplanation: 'The suspect lives in Hanoi; most victims are there',
  consultation: { held: true, date: '2026-01-15', summary: 'Art. 22 consultation: Viet Nam takes the case' },
  caseFile: { description: 'Investigation file with the seized server images', volumes: 3 },
};
const OFFENCE = { provision: 'StGB § 126a', description: 'Damage to data' };

function draft(
  details: Record<string, unknown>,
  overrides: Partial<CooperationRequest> = {},
): CooperationRequest {
  return {
    channel: 'transfer',
    status: 'DRAFT',
    language: 'en',
    subject: 'Transfer of a ransomware operator',
    factsSummary: 'Convicted in Vienna of attacks on hospitals',
    offences: [OFFENCE],
    followsUpRequestId: null,
    caseData: {},
    ...overrides,
    details,
  } as CooperationRequest;
}

const fields = (r: CooperationRequest): string[] => transferMissingForProposal(r).map((p) => p.field);
const without = (d: Record<string, unknown>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(structuredClone(d)).filter(([k]) => !keys.includes(k)));

describe('transferChannel', () => {
  it('should be a consistent channel on its own queue, carried by its module, between central authorities', () => {
    expect(() => assertMachineIsConsistent(transferChannel)).not.toThrow();
    expect(transferChannel).toMatchObject({
      channel: 'transfer',
      queue: TRANSFER_QUEUE,
      detailsSchema: TransferDetailsDto,
      requestedAuthorityKinds: ['central'],
    });
    expect(TransferModule.definition).toBe(transferChannel);
  });

  it('should find nothing missing in a complete proposal of either kind', () => {
    expect(fields(draft(SENTENCED))).toEqual([]);
    expect(fields(draft(PROCEEDINGS))).toEqual([]);
    expect(fields(draft(without(PROCEEDINGS, 'consultation')))).toEqual([]);
  });

  it('should name every missing field of an empty proposal, and stop at the kind', () => {
    expect(fields(draft({}, { language: null, subject: null, factsSummary: null, offences: [] }))).toEqual([
      'language',
      'subject',
      'factsSummary',
      'offences',
      'details.kind',
    ]);
  });

  it('should ask a sentenced-person proposal for the person, the judgment, the sentence and the consent', () => {
    expect(fields(draft({ kind: 'sentenced-person' }))).toEqual([
      'details.proposerRole',
      'details.legalBasis',
      'details.sentencedPerson',
      'details.judgment',
      'details.sentence',
      'details.consentRequired',
    ]);
  });

  it('should ask a proceedings proposal for the case, the reasons and the file', () => {
    expect(fields(draft({ kind: 'proceedings', proposerRole: 'receiving-state', legalBasis: 'x' }))).toEqual([
      'details.proceedingsCase',
      'details.reasons',
      'details.reasonsExplanation',
      'details.caseFile',
    ]);
  });

  it.each([
    { details: { ...SENTENCED, proposerRole: 'transferring-state' }, named: ['details.proposerRole'] },
    { details: { ...PROCEEDINGS, proposerRole: 'administering-state' }, named: ['details.proposerRole'] },
    {
      details: { ...SENTENCED, judgment: { ...SENTENCED.judgment, final: false } },
      named: ['details.judgment.final'],
    },
    {
      details: { ...SENTENCED, sentence: without(SENTENCED.sentence, 'remainingDays') },
      named: ['details.sentence.remainingDays'],
    },
    { details: { ...SENTENCED, consentRequired: false }, named: ['details.consentExemption'] },
    { details: { ...SENTENCED, caseFile: PROCEEDINGS.caseFile }, named: ['details.caseFile'] },
    { details: { ...PROCEEDINGS, sentence: SENTENCED.sentence }, named: ['details.sentence'] },
  ])('should refuse $named', ({ details, named }) => {
    expect(fields(draft(details))).toEqual(named);
  });

  it('should accept a life sentence without remaining days, and no consent with an exemption', () => {
    const life = { description: 'Life imprisonment', enforcementStartDate: '2020-01-01', servedDays: 2000 };
    expect(fields(draft({ ...SENTENCED, sentence: life }))).toEqual([]);
    expect(
      fields(
        draft({
          ...SENTENCED,
          consentRequired: false,
          consentExemption: 'Expulsion order (CoE AP 1997 art. 3) [GK]',
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    { details: { kind: 'extradition' }, named: ['kind'] },
    { details: { proposerRole: 'mediator' }, named: ['proposerRole'] },
    {
      details: { sentencedPerson: { name: 'A', nationalities: ['vnm'] } },
      named: ['sentencedPerson.nationalities[0]'],
    },
    {
      details: { sentencedPerson: { name: 'A', nationalities: [] } },
      named: ['sentencedPerson.nationalities'],
    },
    { details: { judgment: { ...SENTENCED.judgment, date: '2025-13-01' } }, named: ['judgment.date'] },
    { details: { sentence: { ...SENTENCED.sentence, servedDays: -1 } }, named: ['sentence.servedDays'] },
    {
      details: { proceedingsCase: { ...PROCEEDINGS.proceedingsCase, stage: 'appeal' } },
      named: ['proceedingsCase.stage'],
    },
    { details: { reasons: ['convenience'] }, named: ['reasons[0]'] },
    { details: { consultation: { held: 'yes' } }, named: ['consultation.held'] },
    { details: { caseFile: { description: 'x', volumes: 0 } }, named: ['caseFile.volumes'] },
  ])('should reject details $details naming $named', async ({ details, named }) => {
    const err = (await validatePayload(TransferDetailsDto, details).catch((e: unknown) => e)) as
      ValidationFailedError | undefined;
    expect(err).toBeInstanceOf(ValidationFailedError);
    expect((err?.details as { field: string }[]).map((d) => d.field)).toEqual(named);
  });

  it('should accept complete details of either kind', async () => {
    await expect(validatePayload(TransferDetailsDto, SENTENCED)).resolves.toBeInstanceOf(TransferDetailsDto);
    await expect(validatePayload(TransferDetailsDto, PROCEEDINGS)).resolves.toBeInstanceOf(
      TransferDetailsDto,
    );
  });
});
