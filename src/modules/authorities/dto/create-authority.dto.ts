import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { AUTHORITY_KINDS, type AuthorityKind } from '@/common/auth/authority-kind';

export class CreateAuthorityDto {
  @ApiProperty({ example: 'VNM-MPS-CA', pattern: '^[A-Z0-9][A-Z0-9-]{1,62}[A-Z0-9]$' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,62}[A-Z0-9]$/, {
    message: 'code must be 3-64 upper-case letters, digits or dashes',
  })
  code!: string;

  @ApiProperty({ example: 'Ministry of Public Security, central authority', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiProperty({ example: 'VNM', description: 'ISO 3166-1 alpha-3' })
  @Matches(/^[A-Z]{3}$/, { message: 'country must be an ISO 3166-1 alpha-3 code such as VNM' })
  country!: string;

  @ApiProperty({ enum: AUTHORITY_KINDS })
  @IsIn(AUTHORITY_KINDS)
  kind!: AuthorityKind;

  @ApiProperty({ example: ['vi', 'en'], description: 'ISO 639-1 codes of accepted languages' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(/^[a-z]{2}$/, { each: true, message: 'each language must be an ISO 639-1 code such as en' })
  languages!: string[];
}
