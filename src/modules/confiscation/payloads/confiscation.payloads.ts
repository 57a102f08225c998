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
import { FORBIDDEN_REFUSAL_GROUNDS, REFUSAL_GROUNDS } from '@/modules/mla/payloads/refuse.payload';
import { EvidenceItemDto } from '@/workflows';
import { ConfiscationContentsDto, ConfiscationOrderDto } from '../dto/confiscation-details.dto';

/**
 * The UN Convention's own grounds for refusing cooperation under art. 50 or lifting a provisional measure
 * (DOMAIN.md 3.14, [GK]: as in UNCAC 55(7)), each with its basis kept as data.
 */
export const CONFISCATION_EXTRA_GROUNDS: Readonly<Record<string, string>> = {
  EVIDENCE_NOT_SUFFICIENT: 'UNCC art. 50 [GK]: sufficient evidence was not received',
  EVIDENCE_NOT_TIMELY: 'UNCC art. 50 [GK]: the evidence was not received in time',
  MINIMAL_VALUE: 'UNCC art. 50 [GK]: the property is of minimal value',
};

/** Grounds for refusing a confiscation request: the MLA list (DOMAIN.md 2.5) and the UN extra grounds. */
export const CONFISCATION_REFUSAL_GROUNDS = [
  ...REFUSAL_GROUNDS,
  ...Object.keys(CONFISCATION_EXTRA_GROUNDS),
] as readonly string[];

/** Grounds for lifting a freeze or seizure: the UN extra grounds, or another reason of domestic law. */
export const LIFT_GROUNDS = [...Object.keys(CONFISCATION_EXTRA_GROUNDS), 'OTHER'] as readonly string[];

/** How the requested State disposes of confiscated property (art. 52; UNTOC 14). */
export const DISPOSAL_OUTCOMES = ['RETURNED_TO_REQUESTER', 'SHARED', 'RETAINED'] as const;

/** How a bona fide third party's claim ended (UNTOC 13(8)). */
export const CLAIM_OUTCOMES = ['UPHELD', 'PARTLY_UPHELD', 'DISMISSED', 'WITHDRAWN'] as const;

/** Freezing (no transfer) or seizure (custody) of the property (art. 2 definitions). */
export const FREEZE_MEASURES = ['freezing', 'seizure'] as const;

const ISO_4217 = /^[A-Z]{3}$/;

/** Positions in details.properties (from 0); none: all the property of the request. */
function PropertyIndexes(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({
      type: [Number],
      description: 'The property concerned, by its position in details.properties (from 0); none: all',
    })(target, key);
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMinSize(1)(target, key);
    ArrayMaxSize(200)(target, key);
    ArrayUnique()(target, key);
    IsInt({ each: true })(target, key);
    Min(0, { each: true })(target, key);
  };
}

/** Reasons: mandatory, plain text. */
function Reasons(description: string): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiProperty({ maxLength: 20000, description })(target, key);
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(20000)(target, key);
  };
}

export class DomesticMeasureDto {
  @ApiProperty({ maxLength: 300, example: 'Investigating judge, Hanoi People’s Court' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  issuingAuthority!: string;

  @ApiProperty({ maxLength: 300, example: 'QD-118/2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  reference!: string;
}

export class FreezePayload {
  @ApiProperty({ enum: FREEZE_MEASURES, description: 'Freezing (no transfer) or seizure (custody)' })
  @IsIn(FREEZE_MEASURES)
  measureTaken!: (typeof FREEZE_MEASURES)[number];

  @ApiProperty({
    type: DomesticMeasureDto,
    description: "The requested State's own freezing or seizure order",
  })
  @IsObject()
  @ValidateNested()
  @Type(() => DomesticMeasureDto)
  domesticOrder!: DomesticMeasureDto;

  @PropertyIndexes()
  properties?: number[];

  @ApiPropertyOptional({ maxLength: 20000, description: 'What was found and frozen, or what could not be' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  note?: string;
}

export class ConfiscationConsultationPayload {
  @ApiProperty({
    enum: CONFISCATION_REFUSAL_GROUNDS,
    isArray: true,
    description: 'The grounds on which the requested State is inclined to refuse',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CONFISCATION_REFUSAL_GROUNDS, { each: true })
  grounds!: string[];

  @Reasons('Why the requested State is inclined to refuse (UNTOC 18(26))')
  reasons!: string;
}

export class ConfiscationRefusePayload {
  @ApiProperty({ enum: CONFISCATION_REFUSAL_GROUNDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn([...CONFISCATION_REFUSAL_GROUNDS, ...Object.keys(FORBIDDEN_REFUSAL_GROUNDS)], { each: true })
  grounds!: string[];

  @Reasons('Reasons are mandatory for every refusal (UNTOC 18(23))')
  reasons!: string;
}

/** The confiscation request after a freeze: its type and contents (art. 50(1), (3)). */
export class RequestConfiscationPayload extends ConfiscationContentsDto {}

export class ObtainOrderPayload {
  @ApiProperty({ type: ConfiscationOrderDto, description: "The requested State's own confiscation order" })
  @IsObject()
  @ValidateNested()
  @Type(() => ConfiscationOrderDto)
  order!: ConfiscationOrderDto;

  @PropertyIndexes()
  properties?: number[];
}

export class RecogniseOrderPayload {
  @ApiProperty({ type: DomesticMeasureDto, description: 'The decision giving effect to the foreign order' })
  @IsObject()
  @ValidateNested()
  @Type(() => DomesticMeasureDto)
  decision!: DomesticMeasureDto;

  @ApiProperty({ enum: ['full', 'partial'], description: 'Whether the order is given effect in full' })
  @IsIn(['full', 'partial'])
  extent!: 'full' | 'partial';

  @ApiPropertyOptional({ maxLength: 20000, description: 'What is not given effect, and why' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  limits?: string;
}

export class MoneyDto {
  @ApiProperty({ minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  amount!: number;

  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR' })
  @Matches(ISO_4217, { message: 'currency must be an ISO 4217 code (three capital letters)' })
  currency!: string;
}

export class EnforcePayload {
  @ApiProperty({ maxLength: 20000, description: 'What was confiscated and how (sale, transfer, custody)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  summary!: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'The value realised by the enforcement' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  realised?: MoneyDto;
}

export class DeductedCostDto {
  @ApiProperty({ maxLength: 2000, example: 'Custody and sale of the vehicle' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description!: string;

  @ApiProperty({ minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  amount!: number;
}

export class ShareDto {
  @ApiProperty({
    maxLength: 100,
    example: 'AUT',
    description: 'The State (ISO 3166-1 alpha-3) or the body (e.g. the UN account) receiving a share',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  recipient!: string;

  @ApiProperty({ minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  amount!: number;
}

export class DecideDisposalPayload {
  @ApiProperty({ enum: DISPOSAL_OUTCOMES, description: 'Art. 52: returned, shared or retained' })
  @IsIn(DISPOSAL_OUTCOMES)
  outcome!: (typeof DISPOSAL_OUTCOMES)[number];

  @ApiProperty({ minimum: 0, description: 'The value of the confiscated property disposed of' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  amount!: number;

  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR' })
  @Matches(ISO_4217, { message: 'currency must be an ISO 4217 code (three capital letters)' })
  currency!: string;

  @ApiPropertyOptional({
    type: [DeductedCostDto],
    description: 'Reasonable costs of investigation, prosecution or proceedings deducted (art. 52 [GK])',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DeductedCostDto)
  costsDeducted?: DeductedCostDto[];

  @ApiPropertyOptional({
    type: [ShareDto],
    description: 'Only when SHARED: who receives which part (UNTOC 14(3))',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ShareDto)
  shares?: ShareDto[];

  @ApiPropertyOptional({
    maxLength: 20000,
    description: 'Required when a return was asked for and the property is not returned (art. 52)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons?: string;
}

export class ProposeLiftPayload {
  @ApiProperty({ enum: LIFT_GROUNDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(LIFT_GROUNDS, { each: true })
  grounds!: string[];

  @Reasons('Why the requested State intends to lift the measure (art. 50 [GK])')
  reasons!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Until when the requesting State may give its reasons for keeping it; in the future',
  })
  @IsDateTime()
  respondBy!: string;
}

export class ArgueAgainstLiftPayload {
  @Reasons('Why the measure should be kept (art. 50 [GK])')
  position!: string;

  @ApiPropertyOptional({ type: [EvidenceItemDto], description: 'Further evidence, by SHA-256' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EvidenceItemDto)
  items?: EvidenceItemDto[];
}

export class KeepFrozenPayload {
  @Reasons("Why the measure is kept, e.g. the requesting State's reasons")
  reasons!: string;
}

export class LiftPayload {
  @Reasons('Why the measure is lifted, after hearing the requesting State')
  reasons!: string;
}

export class RecordThirdPartyClaimPayload {
  @ApiProperty({ maxLength: 500, description: 'Who claims a right in the property' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  claimant!: string;

  @ApiProperty({ maxLength: 20000, description: 'The right claimed and why the claimant is in good faith' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  interest!: string;

  @PropertyIndexes()
  properties?: number[];
}

export class ResolveThirdPartyClaimPayload {
  @ApiProperty({ minimum: 0, description: 'The claim, by its position in the case file (from 0)' })
  @IsInt()
  @Min(0)
  claim!: number;

  @ApiProperty({ enum: CLAIM_OUTCOMES })
  @IsIn(CLAIM_OUTCOMES)
  outcome!: (typeof CLAIM_OUTCOMES)[number];

  @Reasons('The decision on the claim (UNTOC 13(8))')
  reasons!: string;
}
