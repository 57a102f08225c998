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
import { IsDateTime } from '@/common/validation/is-date-time';
import { ConditionDto, EvidenceItemDto } from '@/workflows';

/** What the receiver did with the information (its account of use, DOMAIN.md 4.9 USE_LOGGED). */
export const SPONTANEOUS_USES = [
  'opened-investigation',
  'used-in-proceedings',
  'made-request',
  'no-action',
  'other',
] as const;

export class DeclineConditionsPayload {
  @ApiProperty({ maxLength: 20000, description: 'Why the receiving State cannot comply (Budapest 26(2))' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;

  @ApiPropertyOptional({
    type: [Number],
    description: 'The conditions it cannot comply with, by their position in the offer (from 0); none: all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  unacceptable?: number[];
}

export class ReviseConditionsPayload {
  @ApiProperty({ type: [ConditionDto], description: 'The new conditions, replacing the declined ones' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions!: ConditionDto[];
}

export class TransmitInformationPayload {
  @ApiProperty({ maxLength: 20000, description: 'What is transmitted, as a cover note' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  summary!: string;

  @ApiProperty({ type: [EvidenceItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EvidenceItemDto)
  items!: EvidenceItemDto[];
}

export class LogUsePayload {
  @ApiProperty({ enum: SPONTANEOUS_USES, description: 'What the receiving State did with the information' })
  @IsIn(SPONTANEOUS_USES)
  use!: (typeof SPONTANEOUS_USES)[number];

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  details!: string;

  @ApiPropertyOptional({
    maxLength: 300,
    description: 'Reference of the investigation or proceedings concerned',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  proceedingReference?: string;
}

export class NotifyExculpatoryDisclosurePayload {
  @ApiProperty({
    maxLength: 20000,
    description: 'What will be disclosed, in which proceedings (UNTOC 18(5))',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  disclosure!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When it will be disclosed; after the fact only where prior notice was impossible',
  })
  @IsOptional()
  @IsDateTime()
  disclosureDate?: string;
}

export class CancelOfferPayload {
  @ApiProperty({ maxLength: 20000, description: 'Why the sender withdraws the offer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}
