import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsDateTime } from '@/common/validation/is-date-time';
import { ConditionDto, EvidenceItemDto } from '@/workflows';

/** How the sentencing State obtained the consent (CoE 1983 art. 7(1): given voluntarily, in law [GK]). */
export const CONSENT_METHODS = ['in-writing-before-judge', 'in-writing-before-official', 'other'] as const;
/** Who gave it: the person, or the legal representative where age or condition require (CoE art. 3(1)(d) [GK]). */
export const CONSENT_GIVERS = ['sentenced-person', 'legal-representative'] as const;
/** Who verified it for the administering State (CoE 1983 art. 7(2) [GK]). */
export const VERIFICATION_METHODS = ['consul', 'other-official'] as const;
/** How the administering State enforces the sentence (CoE 1983 arts 9-11 [GK]). */
export const ENFORCEMENT_METHODS = ['continued', 'converted'] as const;
/** What became of the transferred sentence (CoE 1983 art. 15 [GK]) or proceedings (UNTOC 21). */
export const SENTENCE_OUTCOMES = [
  'enforcement-completed',
  'conditional-release',
  'pardon-or-amnesty',
  'escaped',
];
export const PROCEEDINGS_OUTCOMES = ['convicted', 'acquitted', 'discontinued', 'still-pending'];
export const TRANSFER_OUTCOMES = [...SENTENCE_OUTCOMES, ...PROCEEDINGS_OUTCOMES, 'other'] as const;

export class RecordConsentPayload {
  @ApiProperty({ format: 'date-time', description: 'When the consent was given' })
  @IsDateTime()
  givenAt!: string;

  @ApiProperty({ enum: CONSENT_GIVERS })
  @IsIn(CONSENT_GIVERS)
  givenBy!: (typeof CONSENT_GIVERS)[number];

  @ApiProperty({ enum: CONSENT_METHODS, description: 'How it was obtained (CoE 1983 art. 7(1) [GK])' })
  @IsIn(CONSENT_METHODS)
  obtainedHow!: (typeof CONSENT_METHODS)[number];

  @ApiProperty({
    description:
      'The person was informed of the legal consequences of the transfer before consenting (CoE 1983 art. 7(1) [GK])',
  })
  @Equals(true, { message: 'informedOfConsequences must be true: consent needs the person informed first' })
  informedOfConsequences!: boolean;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  notes?: string;
}

export class RefuseConsentPayload {
  @ApiProperty({ format: 'date-time', description: 'When the person refused' })
  @IsDateTime()
  refusedAt!: string;

  @ApiProperty({ enum: CONSENT_METHODS })
  @IsIn(CONSENT_METHODS)
  obtainedHow!: (typeof CONSENT_METHODS)[number];

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  notes?: string;
}

export class VerifyConsentPayload {
  @ApiProperty({ format: 'date-time' })
  @IsDateTime()
  verifiedAt!: string;

  @ApiProperty({
    enum: VERIFICATION_METHODS,
    description: 'CoE 1983 art. 7(2): a consul or other official [GK]',
  })
  @IsIn(VERIFICATION_METHODS)
  method!: (typeof VERIFICATION_METHODS)[number];

  @ApiProperty({ maxLength: 300, example: 'Consul of Viet Nam in Vienna' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  verifiedBy!: string;

  @ApiProperty({ description: 'The consent was confirmed as given voluntarily and with knowledge' })
  @IsBoolean()
  confirmed!: boolean;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  notes?: string;
}

export class AgreeTransferPayload {
  @ApiProperty({ maxLength: 20000, description: 'The terms the counterpart agrees on' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  terms!: string;

  @ApiPropertyOptional({ type: [ConditionDto], description: 'Conditions of the agreement, if any' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions?: ConditionDto[];

  @ApiPropertyOptional({
    enum: ENFORCEMENT_METHODS,
    description:
      'Sentenced person: continued or converted enforcement (CoE 1983 art. 9(1) [GK]); required there',
  })
  @IsOptional()
  @IsIn(ENFORCEMENT_METHODS)
  enforcement?: (typeof ENFORCEMENT_METHODS)[number];

  @ApiPropertyOptional({ format: 'date-time', description: 'When the handover is planned' })
  @IsOptional()
  @IsDateTime()
  plannedFor?: string;
}

export class DeclineTransferPayload {
  @ApiProperty({ maxLength: 20000, description: 'Why the counterpart does not agree' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}

export class ExecuteTransferPayload {
  @ApiProperty({ format: 'date-time', description: 'When the person or the file was handed over' })
  @IsDateTime()
  executedAt!: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Sentenced person: the place of handover (required)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  place?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Sentenced person: the escort' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  escort?: string;

  @ApiPropertyOptional({
    type: [EvidenceItemDto],
    description: 'Proceedings: the file handed over, each document with its SHA-256 (required)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EvidenceItemDto)
  fileItems?: EvidenceItemDto[];

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  notes?: string;
}

export class AcknowledgeReceiptPayload {
  @ApiProperty({ format: 'date-time', description: 'When the person arrived or the file was received' })
  @IsDateTime()
  receivedAt!: string;

  @ApiProperty({ maxLength: 300, description: 'The case number in the receiving State' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  domesticReference!: string;

  @ApiProperty({ maxLength: 300, description: 'The prison, prosecutor or court that took it over' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  authority!: string;
}

export class ReportOutcomePayload {
  @ApiProperty({
    enum: TRANSFER_OUTCOMES,
    description: `Sentenced person: ${SENTENCE_OUTCOMES.join(', ')}; proceedings: ${PROCEEDINGS_OUTCOMES.join(', ')}; or other`,
  })
  @IsIn(TRANSFER_OUTCOMES)
  outcome!: (typeof TRANSFER_OUTCOMES)[number];

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  details!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it happened' })
  @IsOptional()
  @IsDateTime()
  outcomeDate?: string;
}
