import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
import { IsDateTime } from '@/common/validation/is-date-time';
import { EvidenceItemDto } from '@/workflows';

/**
 * What the request starts with: freezing or seizure for later confiscation (art. 50(2)), or confiscation
 * itself (art. 50(1)); a freeze request is followed by its confiscation request on the same case.
 */
export const CONFISCATION_MEASURES = ['freeze-seize', 'confiscation'] as const;

/** Art. 50(1)(a): obtain a domestic confiscation order; (b): enforce the requesting State's order. */
export const CONFISCATION_TYPES = ['obtain-domestic-order', 'enforce-order'] as const;

/** What kind of property it is (proceeds of crime, property of equivalent value, instrumentalities). */
export const PROPERTY_KINDS = [
  'bank-account',
  'virtual-asset',
  'real-estate',
  'vehicle',
  'securities',
  'cash',
  'business-interest',
  'instrumentality',
  'other',
] as const;

/** Why the requesting State asks for the property back (art. 52 with UNTOC 14(2)). */
export const RETURN_PURPOSES = ['compensate-victims', 'return-to-rightful-owners'] as const;

export class ConfiscationPropertyDto {
  @ApiProperty({ example: 'Account IBAN AT61 1904 3002 3457 3201', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description!: string;

  @ApiProperty({ enum: PROPERTY_KINDS })
  @IsIn(PROPERTY_KINDS)
  kind!: (typeof PROPERTY_KINDS)[number];

  @ApiPropertyOptional({ example: 'Bank in Vienna', maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
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

  @ApiPropertyOptional({ maxLength: 500, example: 'Registered holder of the account' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  holder?: string;
}

/** A judicial or other order: who issued it, its reference and date, and a copy by its SHA-256. */
export class ConfiscationOrderDto {
  @ApiProperty({ maxLength: 300, example: 'Regional Criminal Court, Vienna' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  issuingAuthority!: string;

  @ApiProperty({ maxLength: 300, example: '12 Hv 34/26' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  reference!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  issuedOn?: string;

  @ApiProperty({ type: EvidenceItemDto, description: 'A copy of the order, by its SHA-256' })
  @IsObject()
  @ValidateNested()
  @Type(() => EvidenceItemDto)
  copy!: EvidenceItemDto;
}

export class ReturnRequestDto {
  @ApiProperty({ enum: RETURN_PURPOSES })
  @IsIn(RETURN_PURPOSES)
  purpose!: (typeof RETURN_PURPOSES)[number];

  @ApiProperty({ maxLength: 20000, description: 'The victims or rightful owners, and their claims' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  particulars!: string;
}

/** The contents of a confiscation request (art. 50(1) and (3) with the UNTOC 13 template). */
export class ConfiscationContentsDto {
  @ApiProperty({
    enum: CONFISCATION_TYPES,
    description: 'obtain-domestic-order: art. 50(1)(a); enforce-order: art. 50(1)(b)',
  })
  @IsIn(CONFISCATION_TYPES)
  type!: (typeof CONFISCATION_TYPES)[number];

  @ApiPropertyOptional({
    maxLength: 50000,
    description: 'Art. 50(1)(a): facts sufficient for the requested State to seek its own order',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50000)
  factsForDomesticOrder?: string;

  @ApiPropertyOptional({
    type: ConfiscationOrderDto,
    description: "Art. 50(1)(b): a legally admissible copy of the requesting State's confiscation order",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConfiscationOrderDto)
  order?: ConfiscationOrderDto;

  @ApiPropertyOptional({
    maxLength: 20000,
    description: 'Art. 50(1)(b): the extent to which execution of the order is requested',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  extentOfExecution?: string;

  @ApiPropertyOptional({
    maxLength: 20000,
    description: 'Art. 50(1)(b): how bona fide third parties were notified and due process ensured [GK]',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  thirdPartyNotice?: string;

  @ApiPropertyOptional({ description: 'Art. 50(1)(b): the order is final [GK]' })
  @IsOptional()
  @IsBoolean()
  orderIsFinal?: boolean;

  @ApiPropertyOptional({
    type: ReturnRequestDto,
    description: 'Art. 52: return of the confiscated property, to compensate victims or to its owners',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReturnRequestDto)
  returnRequest?: ReturnRequestDto;
}

export class ConfiscationDetailsDto {
  @ApiPropertyOptional({
    enum: CONFISCATION_MEASURES,
    description: 'freeze-seize: art. 50(2), confiscation follows; confiscation: art. 50(1) directly',
  })
  @IsOptional()
  @IsIn(CONFISCATION_MEASURES)
  measure?: (typeof CONFISCATION_MEASURES)[number];

  @ApiPropertyOptional({
    type: [ConfiscationPropertyDto],
    description: 'The property concerned (location and estimated value where relevant)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ConfiscationPropertyDto)
  properties?: ConfiscationPropertyDto[];

  @ApiPropertyOptional({ description: 'Freezing or seizure: whether the requesting State issued an order' })
  @IsOptional()
  @IsBoolean()
  orderIssued?: boolean;

  @ApiPropertyOptional({
    type: ConfiscationOrderDto,
    description: 'Art. 50(2): a copy of the freezing or seizure order, when one was issued [GK]',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConfiscationOrderDto)
  freezeOrder?: ConfiscationOrderDto;

  @ApiPropertyOptional({
    type: ConfiscationContentsDto,
    description: 'When the request starts at confiscation: its contents (art. 50(1))',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConfiscationContentsDto)
  confiscation?: ConfiscationContentsDto;
}
