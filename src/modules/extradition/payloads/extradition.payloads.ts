import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConditionDto } from '@/workflows';

/**
 * Grounds for refusing extradition (art. 37; UNTOC 16(7), (10), (14)): treaty or domestic grounds are
 * data here, not code. FISCAL_ONLY is named so that it can be rejected (UNTOC 16(15)).
 */
export const EXTRADITION_REFUSAL_GROUNDS = [
  'NATIONALITY',
  'DISCRIMINATORY_PURPOSE',
  'POLITICAL_OFFENCE',
  'NO_DUAL_CRIMINALITY',
  'PENALTY_BELOW_THRESHOLD',
  'NE_BIS_IN_IDEM',
  'LAPSE_OF_TIME',
  'HUMAN_RIGHTS_RISK',
  'TREATY_OR_DOMESTIC_LAW',
] as const;

export const FORBIDDEN_EXTRADITION_GROUNDS: Record<string, string> = {
  FISCAL_ONLY:
    'an offence is not to be regarded as political or fiscal only to refuse extradition (UNTOC 16(15))',
};

export class ExecuteProvisionalArrestPayload {
  @ApiProperty({
    enum: ['custody', 'other-measures'],
    description: 'Detention, or other measures securing presence',
  })
  @IsIn(['custody', 'other-measures'])
  measure!: 'custody' | 'other-measures';

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  details?: string;
}

export class OpenJudicialReviewPayload {
  @ApiPropertyOptional({ description: 'Court or authority seized', maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  court?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  caseReference?: string;
}

export class ExtraditionConsultationPayload {
  @ApiProperty({
    description: 'Why the requested State is inclined to refuse (UNTOC 16(16))',
    maxLength: 20000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}

export class SubmitViewsPayload {
  @ApiProperty({
    description: "The requesting State's views and information before a refusal (UNTOC 16(16))",
    maxLength: 50000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50000)
  views!: string;
}

export class GrantWithConditionsPayload {
  @ApiProperty({
    type: [ConditionDto],
    description: 'E.g. return of a national to serve the sentence (UNTOC 16(11))',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions!: ConditionDto[];
}

export class ExtraditionRefusePayload {
  @ApiProperty({ enum: EXTRADITION_REFUSAL_GROUNDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn([...EXTRADITION_REFUSAL_GROUNDS, ...Object.keys(FORBIDDEN_EXTRADITION_GROUNDS)], { each: true })
  grounds!: string[];

  @ApiProperty({ description: 'Reasons are given to the requesting State', maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}

export class AcceptAccessoryOffencesPayload {
  @ApiProperty({
    type: [Number],
    description:
      'Indexes in details.offences of accessory offences the requested State also applies art. 37 to (UNTOC 16(2))',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  offenceIndexes!: number[];
}

export class RequestDomesticProsecutionPayload {
  @ApiProperty({
    description: 'Why the case should be submitted to the requested State’s prosecutors (UNTOC 16(10))',
    maxLength: 20000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}

export class ReportProsecutionOutcomePayload {
  @ApiProperty({ enum: ['convicted', 'acquitted', 'discontinued', 'other'] })
  @IsIn(['convicted', 'acquitted', 'discontinued', 'other'])
  outcome!: string;

  @ApiProperty({
    description: 'The final outcome, reported to the requesting State (Budapest 24(6))',
    maxLength: 20000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  details!: string;
}

export class SurrenderPayload {
  @ApiPropertyOptional({ description: 'Place and arrangements of the handover', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  arrangements?: string;
}
