import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Kinds of condition (DOMAIN.md 7), with conditions of execution (art. 40) and of data protection (art. 36(2)). */
export const CONDITION_TYPES = [
  'EXECUTION',
  'CONFIDENTIALITY',
  'USE_LIMIT',
  'DATA_PROTECTION',
  'ONWARD_TRANSFER',
  'RETENTION',
  'OTHER',
] as const;

export class ConditionDto {
  @ApiProperty({ enum: CONDITION_TYPES })
  @IsIn(CONDITION_TYPES)
  type!: (typeof CONDITION_TYPES)[number];

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text!: string;
}

export class ProposeConditionsPayload {
  @ApiProperty({ type: [ConditionDto], description: 'Terms on which assistance can be given (UNTOC 18(26))' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions!: ConditionDto[];
}
