import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsDateTime } from '@/common/validation/is-date-time';

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** On what a team is set up (art. 48: an agreement, or case by case without one [UNTOC 19]). */
export const JIT_LEGAL_BASES = [
  'convention-art-48',
  'bilateral-agreement',
  'multilateral-agreement',
  'case-by-case',
] as const;

/** A member's place in the team (CETS 224 art. 12 / EU JIT model agreement [GK]). */
export const JIT_MEMBER_ROLES = ['leader', 'member', 'seconded-member'] as const;

export class JitMemberDto {
  @ApiProperty({ format: 'uuid', description: 'The party (authority) the member belongs to' })
  @IsUUID()
  partyAuthorityId!: string;

  @ApiProperty({ maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiProperty({ maxLength: 300, description: 'Function, e.g. prosecutor, investigator, analyst' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  function!: string;

  @ApiProperty({ enum: JIT_MEMBER_ROLES })
  @IsIn(JIT_MEMBER_ROLES)
  role!: (typeof JIT_MEMBER_ROLES)[number];
}

/**
 * The terms of the agreement setting up the team (art. 48 has no field list; DOMAIN.md 3.13 after the
 * CETS 224 art. 12 / EU JIT model agreement [GK]): purpose, duration, location, members and leaders, the
 * use of information gathered, costs. The proposer's terms open the negotiation; a party may propose others.
 */
export class JitTermsDto {
  @ApiProperty({ maxLength: 20000, description: 'The specific purpose of the team' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  purpose!: string;

  @ApiProperty({ format: 'date', example: '2027-01-15', description: 'First day of the agreed period' })
  @Matches(DATE_ONLY, { message: 'startDate must be a date such as 2027-01-15' })
  @IsDateTime()
  startDate!: string;

  @ApiProperty({ format: 'date', example: '2027-07-15', description: 'Last day of the agreed period' })
  @Matches(DATE_ONLY, { message: 'endDate must be a date such as 2027-07-15' })
  @IsDateTime()
  endDate!: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Where the team operates (host States, places)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  location?: string;

  @ApiPropertyOptional({ type: [JitMemberDto], description: 'Leaders and members, each of a party' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => JitMemberDto)
  members?: JitMemberDto[];

  @ApiPropertyOptional({
    maxLength: 20000,
    description: 'Terms for the use of information and evidence gathered by the team',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  useOfInformation?: string;

  @ApiPropertyOptional({ maxLength: 5000, description: 'Who bears which costs' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  costs?: string;
}

/** The joint investigation team's details (UNCC art. 48; DOMAIN.md 3.13). */
export class JointInvestigationDetailsDto {
  @ApiPropertyOptional({ enum: JIT_LEGAL_BASES, description: 'On what the team is set up (art. 48)' })
  @IsOptional()
  @IsIn(JIT_LEGAL_BASES)
  legalBasis?: (typeof JIT_LEGAL_BASES)[number];

  @ApiPropertyOptional({ maxLength: 500, description: 'The agreement or arrangement relied on, if any' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  basisReference?: string;

  @ApiPropertyOptional({ type: JitTermsDto, description: 'The proposed terms of the agreement' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => JitTermsDto)
  terms?: JitTermsDto;
}
