import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConditionDto } from '@/workflows';

/**
 * Art. 40 information on a criminal matter (UNTOC 18(4)), or art. 51 information on proceeds of offences
 * established under the Convention [GK]: one channel, this field tells them apart.
 */
export const SPONTANEOUS_KINDS = ['criminal-matter', 'proceeds-of-crime'] as const;

/** Why the sender thinks the information helps the receiver (UNTOC 18(4); art. 51 [GK]). */
export const SPONTANEOUS_USEFUL_FOR = ['start-inquiry', 'complete-inquiry', 'prompt-request'] as const;

export class ProceedsItemDto {
  @ApiProperty({ example: 'Bitcoin wallet bc1q…', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description!: string;

  @ApiPropertyOptional({ example: 'Held at an exchange in Vienna', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  location?: string;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  estimatedValue?: number;

  @ApiPropertyOptional({ pattern: '^[A-Z]{3}$', example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code (three capital letters)' })
  currency?: string;
}

export class SpontaneousDetailsDto {
  @ApiPropertyOptional({
    enum: SPONTANEOUS_KINDS,
    description: 'criminal-matter: art. 40; proceeds-of-crime: art. 51 (forwarding information on proceeds)',
  })
  @IsOptional()
  @IsIn(SPONTANEOUS_KINDS)
  kind?: (typeof SPONTANEOUS_KINDS)[number];

  @ApiPropertyOptional({
    maxLength: 20000,
    description: 'What the information is, without its content: the receiver decides on the offer from this',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  informationSummary?: string;

  @ApiPropertyOptional({ enum: SPONTANEOUS_USEFUL_FOR, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SPONTANEOUS_USEFUL_FOR, { each: true })
  usefulFor?: (typeof SPONTANEOUS_USEFUL_FOR)[number][];

  @ApiPropertyOptional({
    type: [ConditionDto],
    description:
      'Conditions set before sending (confidentiality, use limits...); none: an unconditional offer',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions?: ConditionDto[];

  @ApiPropertyOptional({
    type: [ProceedsItemDto],
    description: 'Art. 51: the proceeds the information is about',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ProceedsItemDto)
  proceeds?: ProceedsItemDto[];
}
