import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ConditionDto } from '@/workflows';

/**
 * Grounds for refusing MLA (DOMAIN.md 2.5, UNTOC 18(21)), and DATA_PROTECTION_INCOMPATIBLE: the personal data
 * cannot be transferred lawfully under the requested State's data-protection law (art. 36(1); DOMAIN.md 5.2),
 * where possible with the conditions that would make the transfer compliant offered (art. 36(2)).
 */
export const REFUSAL_GROUNDS = [
  'NON_CONFORMING_REQUEST',
  'ESSENTIAL_INTERESTS',
  'DOMESTIC_PROHIBITION',
  'CONTRARY_TO_MLA_LEGAL_SYSTEM',
  'DISCRIMINATORY_PURPOSE',
  'NO_DUAL_CRIMINALITY',
  'DATA_PROTECTION_INCOMPATIBLE',
] as const;

/** Named so they can be rejected with a clear message: UNTOC 18(8) and 18(22). */
export const FORBIDDEN_REFUSAL_GROUNDS: Record<string, string> = {
  BANK_SECRECY: 'bank secrecy is not a ground for refusing assistance (UNTOC 18(8))',
  FISCAL_ONLY: 'an offence also involving fiscal matters is not a ground for refusal (UNTOC 18(22))',
};

export class RefusePayload {
  @ApiProperty({ enum: REFUSAL_GROUNDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn([...REFUSAL_GROUNDS, ...Object.keys(FORBIDDEN_REFUSAL_GROUNDS)], { each: true })
  grounds!: string[];

  @ApiProperty({ description: 'Reasons are mandatory for every refusal (UNTOC 18(23))', maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;

  @ApiPropertyOptional({ type: [ConditionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditionsOffered?: ConditionDto[];
}
