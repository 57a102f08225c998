import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDateTime } from '@/common/validation/is-date-time';

export class PersonSoughtDto {
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ type: [String], example: ['AUT'], description: 'ISO 3166-1 alpha-3 nationalities' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @Matches(/^[A-Z]{3}$/, { each: true, message: 'each nationality must be an ISO 3166-1 alpha-3 code' })
  nationalities?: string[];

  @ApiPropertyOptional({ description: 'Probable location in the requested State', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  probableLocation?: string;

  @ApiPropertyOptional({ description: 'Physical description, identity documents', maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

export class ExtraditionOffenceDto {
  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  description!: string;

  @ApiProperty({ example: 'Penal Code (VNM) art. 287', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  requestingStateProvision!: string;

  @ApiProperty({ example: 'StGB (AUT) § 126a', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  requestedStateProvision!: string;

  @ApiProperty({ description: 'Maximum penalty in the requesting State, in months' })
  @IsInt()
  @Min(0)
  @Max(1200)
  maxPenaltyMonthsRequesting!: number;

  @ApiProperty({ description: 'Maximum penalty in the requested State, in months' })
  @IsInt()
  @Min(0)
  @Max(1200)
  maxPenaltyMonthsRequested!: number;

  @ApiProperty({ description: 'The conduct is an offence in both States (dual criminality)' })
  @IsBoolean()
  dualCriminality!: boolean;

  @ApiPropertyOptional({
    description: 'Accompanies a principal offence; may fall below the penalty threshold (UNTOC 16(2))',
  })
  @IsOptional()
  @IsBoolean()
  accessory?: boolean;
}

export class WarrantDto {
  @ApiProperty({ enum: ['arrest-warrant', 'judgment'] })
  @IsIn(['arrest-warrant', 'judgment'])
  kind!: 'arrest-warrant' | 'judgment';

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference!: string;

  @ApiProperty({ format: 'date' })
  @IsDateTime()
  date!: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  issuingAuthority?: string;
}

/** The legal bases an extradition request may rest on (art. 37; DOMAIN.md 3.4 [GK]). */
export const EXTRADITION_LEGAL_BASES = [
  'convention',
  'bilateral-treaty',
  'multilateral-treaty',
  'domestic-law',
  'reciprocity',
] as const;

/** Contents of an extradition request (art. 37; contents per treaty or domestic law, UNTOC 16(7)). */
export class ExtraditionDetailsDto {
  @ApiPropertyOptional({ type: PersonSoughtDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PersonSoughtDto)
  personSought?: PersonSoughtDto;

  @ApiPropertyOptional({ type: [ExtraditionOffenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ExtraditionOffenceDto)
  offences?: ExtraditionOffenceDto[];

  @ApiPropertyOptional({ type: WarrantDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WarrantDto)
  warrant?: WarrantDto;

  @ApiPropertyOptional({ description: 'Whether the person is a national of the requested State' })
  @IsOptional()
  @IsBoolean()
  nationalOfRequestedState?: boolean;

  @ApiPropertyOptional({
    enum: EXTRADITION_LEGAL_BASES,
    description:
      'The legal basis of the request: the Convention (art. 37), a treaty, domestic law or reciprocity; ' +
      'a State that declared it does not take the Convention as a basis refuses convention at submission',
  })
  @IsOptional()
  @IsIn(EXTRADITION_LEGAL_BASES)
  legalBasis?: (typeof EXTRADITION_LEGAL_BASES)[number];

  @ApiPropertyOptional({
    description: 'Why provisional arrest is urgent (required to ask for it)',
    maxLength: 20000,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  provisionalArrestGrounds?: string;
}
