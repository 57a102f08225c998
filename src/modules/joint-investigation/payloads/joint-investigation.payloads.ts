import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDateTime } from '@/common/validation/is-date-time';
import { DATE_ONLY, JitTermsDto } from '../dto/joint-investigation-details.dto';

/** What a team's activity was (an activity record, DOMAIN.md 4.7 guard: it carries the host State). */
export const JIT_ACTIVITY_KINDS = [
  'investigative-measure',
  'evidence-exchange',
  'operational-meeting',
  'arrest-or-search',
  'other',
] as const;

class ReasonsPayload {
  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}

/** A party declines to take part in the team (art. 48: States "consider" joint investigations). */
export class DeclineTeamPayload extends ReasonsPayload {}

/** A party leaves an active team. */
export class LeaveTeamPayload extends ReasonsPayload {}

/** The proposer ends the team before its agreed end. */
export class EndTeamPayload extends ReasonsPayload {}

/** The proposer withdraws the proposal before the team starts. */
export class WithdrawProposalPayload extends ReasonsPayload {}

/** A party declines a proposed extension. */
export class DeclineTeamExtensionPayload extends ReasonsPayload {}

/** Other terms for the agreement, replacing the current draft (signatures given to it lapse). */
export class ProposeTermsPayload {
  @ApiProperty({ type: JitTermsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => JitTermsDto)
  terms!: JitTermsDto;
}

/** A party signs the agreement: a signature is given to one version of the terms. */
export class SignAgreementPayload {
  @ApiProperty({
    minimum: 1,
    description: 'The version of the terms signed (caseData.agreementDraft.version)',
  })
  @IsInt()
  @Min(1)
  termsVersion!: number;

  @ApiPropertyOptional({ maxLength: 300, description: 'Who signed for the party, as on the agreement' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  signatory?: string;
}

/** A party proposes to extend the team's period (every party must agree). */
export class ProposeExtensionPayload extends ReasonsPayload {
  @ApiProperty({ format: 'date', example: '2027-12-31', description: 'The new last day of the period' })
  @Matches(DATE_ONLY, { message: 'newEndDate must be a date such as 2027-12-31' })
  @IsDateTime()
  newEndDate!: string;
}

/** An activity of the team, carried out in the territory of a host party (its sovereignty respected). */
export class RecordActivityPayload {
  @ApiProperty({ enum: JIT_ACTIVITY_KINDS })
  @IsIn(JIT_ACTIVITY_KINDS)
  kind!: (typeof JIT_ACTIVITY_KINDS)[number];

  @ApiProperty({ format: 'uuid', description: 'The party in whose territory the activity took place' })
  @IsUUID()
  hostAuthorityId!: string;

  @ApiProperty({ format: 'date', example: '2027-02-03' })
  @Matches(DATE_ONLY, { message: 'date must be a date such as 2027-02-03' })
  @IsDateTime()
  date!: string;

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  summary!: string;

  @ApiPropertyOptional({
    maxLength: 500,
    description: "The host State's authorisation, required when another party acts in its territory",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  hostAuthorisation?: string;
}

/** A party's evaluation of the team once it ended. */
export class EvaluateTeamPayload {
  @ApiProperty({ maxLength: 20000, description: 'What the team achieved, for this party' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  assessment!: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'Lessons for future teams' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  lessons?: string;
}
