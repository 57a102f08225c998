import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDateTime } from '@/common/validation/is-date-time';

/**
 * Art. 38 transfer of a sentenced person, or art. 39 transfer of criminal proceedings: one channel, this
 * field tells them apart. Neither article sets a procedure; the arrangement named in `legalBasis` does [GK].
 */
export const TRANSFER_KINDS = ['sentenced-person', 'proceedings'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** Which State proposes: either may (DOMAIN.md 4.6). The proposer is the requesting side of the request. */
export const PROPOSER_ROLES: Record<TransferKind, readonly string[]> = {
  'sentenced-person': ['sentencing-state', 'administering-state'],
  proceedings: ['transferring-state', 'receiving-state'],
};
export const ALL_PROPOSER_ROLES = [
  'sentencing-state',
  'administering-state',
  'transferring-state',
  'receiving-state',
] as const;
export type ProposerRole = (typeof ALL_PROPOSER_ROLES)[number];

/** Why the proceedings should move (UNTOC 21: proper administration of justice, several jurisdictions). */
export const TRANSFER_REASONS = [
  'concurrent-jurisdiction',
  'suspect-national-of-receiving-state',
  'suspect-in-receiving-state',
  'evidence-in-receiving-state',
  'victims-in-receiving-state',
  'proper-administration-of-justice',
] as const;

/** How far the proceedings have gone in the transferring State. */
export const PROCEEDINGS_STAGES = ['investigation', 'prosecution', 'trial'] as const;

const COUNTRY = /^[A-Z]{3}$/;

export class SentencedPersonDto {
  @ApiProperty({ maxLength: 300, example: 'Nguyen Van A' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiProperty({
    type: [String],
    example: ['AUT'],
    description: 'ISO 3166-1 alpha-3 nationalities; at least one',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @Matches(COUNTRY, { each: true, message: 'each nationality must be an ISO 3166-1 alpha-3 code' })
  nationalities!: string[];

  @ApiPropertyOptional({ format: 'date', example: '1990-04-12' })
  @IsOptional()
  @IsDateTime()
  dateOfBirth?: string;

  @ApiPropertyOptional({ maxLength: 300, description: 'Passport or identity card, with its number' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  identityDocument?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Where the person is held now' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  heldAt?: string;
}

export class JudgmentDto {
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  court!: string;

  @ApiProperty({ format: 'date' })
  @IsDateTime()
  date!: string;

  @ApiProperty({ maxLength: 300, description: "The judgment's case number" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  reference!: string;

  @ApiProperty({ description: 'The judgment is final (CoE 1983 art. 3(1)(b) [GK])' })
  @IsBoolean()
  final!: boolean;
}

export class SentenceDto {
  @ApiProperty({ maxLength: 2000, example: '6 years imprisonment' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description!: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Length in days; absent for a life sentence' })
  @IsOptional()
  @IsInt()
  @Min(1)
  lengthDays?: number;

  @ApiProperty({ format: 'date', description: 'When enforcement began' })
  @IsDateTime()
  enforcementStartDate!: string;

  @ApiProperty({ minimum: 0, description: 'Days served so far (pre-trial detention included)' })
  @IsInt()
  @Min(0)
  servedDays!: number;

  @ApiPropertyOptional({
    minimum: 0,
    description: 'Days still to serve (CoE 1983 art. 3(1)(c): at least six months [GK]); absent for life',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  remainingDays?: number;
}

export class ProceedingsCaseDto {
  @ApiProperty({ maxLength: 300, description: 'The case number in the transferring State' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  reference!: string;

  @ApiProperty({ maxLength: 300, description: 'The prosecuting authority or court that has the case' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  authority!: string;

  @ApiProperty({ enum: PROCEEDINGS_STAGES })
  @IsIn(PROCEEDINGS_STAGES)
  stage!: (typeof PROCEEDINGS_STAGES)[number];
}

export class ConsultationDto {
  @ApiProperty({ description: 'The States with concurrent jurisdiction consulted (art. 22 [GK])' })
  @IsBoolean()
  held!: boolean;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateTime()
  date?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  summary?: string;
}

export class CaseFileDto {
  @ApiProperty({ maxLength: 5000, description: 'What the file handed over holds' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description!: string;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  volumes?: number;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  pages?: number;
}

export class TransferDetailsDto {
  @ApiPropertyOptional({
    enum: TRANSFER_KINDS,
    description: 'sentenced-person: art. 38; proceedings: art. 39',
  })
  @IsOptional()
  @IsIn(TRANSFER_KINDS)
  kind?: TransferKind;

  @ApiPropertyOptional({
    enum: ALL_PROPOSER_ROLES,
    description:
      'Which State proposes (the requesting side): sentenced-person: sentencing-state or administering-state; proceedings: transferring-state or receiving-state',
  })
  @IsOptional()
  @IsIn(ALL_PROPOSER_ROLES)
  proposerRole?: ProposerRole;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'The arrangement the transfer rests on (treaty, UNCC art. 38/39 arrangement, domestic law)',
    example: 'Convention on the Transfer of Sentenced Persons (CoE, 1983) [GK]',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  legalBasis?: string;

  @ApiPropertyOptional({ type: SentencedPersonDto, description: 'Art. 38: the person to transfer' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SentencedPersonDto)
  sentencedPerson?: SentencedPersonDto;

  @ApiPropertyOptional({ type: JudgmentDto, description: 'Art. 38: the judgment' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => JudgmentDto)
  judgment?: JudgmentDto;

  @ApiPropertyOptional({ type: SentenceDto, description: 'Art. 38: the sentence, time served and remaining' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SentenceDto)
  sentence?: SentenceDto;

  @ApiPropertyOptional({
    description: "Art. 38: the sentenced person's consent is required by the arrangement [GK]",
  })
  @IsOptional()
  @IsBoolean()
  consentRequired?: boolean;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Why consent is not required (e.g. CoE Additional Protocol 1997 arts 2-3 [GK])',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  consentExemption?: string;

  @ApiPropertyOptional({ type: ProceedingsCaseDto, description: 'Art. 39: the case to hand over' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProceedingsCaseDto)
  proceedingsCase?: ProceedingsCaseDto;

  @ApiPropertyOptional({ enum: TRANSFER_REASONS, isArray: true, description: 'Art. 39: why transfer' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(TRANSFER_REASONS, { each: true })
  reasons?: (typeof TRANSFER_REASONS)[number][];

  @ApiPropertyOptional({ maxLength: 20000, description: 'Art. 39: the reasons explained' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasonsExplanation?: string;

  @ApiPropertyOptional({ type: ConsultationDto, description: 'Art. 22 consultation on jurisdiction [GK]' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsultationDto)
  consultation?: ConsultationDto;

  @ApiPropertyOptional({ type: CaseFileDto, description: 'Art. 39: the case file to hand over' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CaseFileDto)
  caseFile?: CaseFileDto;
}
