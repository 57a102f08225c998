import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Grounds for refusing MLA (DOMAIN.md 2.5, UNTOC 18(21)). */
export const REFUSAL_GROUNDS = [
  'NON_CONFORMING_REQUEST',
  'ESSENTIAL_INTERESTS',
  'DOMESTIC_PROHIBITION',
  'CONTRARY_TO_MLA_LEGAL_SYSTEM',
  'DISCRIMINATORY_PURPOSE',
  'NO_DUAL_CRIMINALITY',
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
}
