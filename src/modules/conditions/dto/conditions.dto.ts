import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CONSENT_STATUSES, USE_KINDS, type RequestConsent, type UseKind } from '../entities/consent.entity';
import type { MaterialUse } from '../entities/material-use.entity';
import {
  MATERIAL_CONDITION_TYPES,
  type MaterialConditionType,
  type RequestCondition,
} from '../entities/request-condition.entity';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class CreateConditionDto {
  @ApiProperty({ enum: MATERIAL_CONDITION_TYPES })
  @IsIn(MATERIAL_CONDITION_TYPES)
  type!: MaterialConditionType;

  @ApiProperty({ maxLength: 5000, description: 'The condition as the sending State words it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text!: string;

  @ApiPropertyOptional({
    maxLength: 1000,
    description: "USE_LIMIT only: the proceedings the material may be used in (default: the request's own)",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  proceedings?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 36500,
    description: 'RETENTION only (this or retentionUntil): keep for this many days after receipt',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36500)
  retentionDays?: number;

  @ApiPropertyOptional({
    format: 'date',
    description: 'RETENTION only (this or retentionDays): keep until this date (YYYY-MM-DD)',
  })
  @IsOptional()
  @IsString()
  @Matches(ISO_DATE, { message: 'retentionUntil must be a date YYYY-MM-DD' })
  retentionUntil?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 100,
    description:
      "The sender's documents on this request that the condition governs; absent or empty: all of them, " +
      'those added later included',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  items?: string[];
}

export class CreateConsentDto {
  @ApiProperty({ enum: USE_KINDS })
  @IsIn(USE_KINDS)
  kind!: UseKind;

  @ApiProperty({
    maxLength: 300,
    description: 'The other proceedings, or the third State or international organisation',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  recipient!: string;

  @ApiProperty({ maxLength: 5000, description: 'Why the material is needed there' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  purpose!: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  items!: string[];
}

export class GrantConsentDto {
  @ApiPropertyOptional({
    maxLength: 300,
    description: "The sending State's written authorisation (art. 36(5)), e.g. its letter's reference",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  writtenRef?: string;
}

export class RefuseConsentDto {
  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reasons!: string;
}

export class RecordUseDto {
  @ApiProperty({ enum: USE_KINDS })
  @IsIn(USE_KINDS)
  kind!: UseKind;

  @ApiProperty({ maxLength: 300, description: 'As named in the granted consent' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  recipient!: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  items!: string[];
}

export class ConditionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid', description: 'The sending authority' }) authorityId!: string;
  @ApiProperty({ enum: MATERIAL_CONDITION_TYPES }) type!: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) proceedings!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) retentionDays!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) retentionUntil!: string | null;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: "Documents governed; empty: every document of the sender's",
  })
  items!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'uuid' }) createdByUserId!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) acceptedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) acceptedByUserId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  acceptedByAuthorityId!: string | null;
}

export class ConsentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ enum: USE_KINDS }) kind!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) items!: string[];
  @ApiProperty({ format: 'uuid', description: 'The authority whose documents these are (it answers)' })
  senderAuthorityId!: string;
  @ApiProperty({ format: 'uuid' }) requestedByAuthorityId!: string;
  @ApiProperty({ format: 'uuid' }) requestedByUserId!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ enum: CONSENT_STATUSES }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) answeredByUserId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) answeredAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) writtenRef!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) answerReasons!: string | null;
}

export class UseResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid', description: 'The granted consent it was recorded under' })
  consentId!: string;
  @ApiProperty({ enum: USE_KINDS }) kind!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) items!: string[];
  @ApiProperty({ format: 'uuid' }) authorityId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class ItemReadResponse {
  @ApiProperty({ enum: ['documents', 'document'], description: 'documents: listed; document: downloaded' })
  view!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) userName!: string | null;
  @ApiProperty({ format: 'uuid' }) authorityId!: string;
  @ApiProperty({ format: 'date-time' }) accessedAt!: string;
}

export class UseReportItem {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ type: [ItemReadResponse], description: 'Reads by other authorities, oldest first' })
  reads!: ItemReadResponse[];
  @ApiProperty({ description: 'How many of the reads were downloads' }) downloads!: number;
  @ApiProperty({ type: [UseResponse], description: 'Uses in other proceedings and onward transfers' })
  uses!: UseResponse[];
}

export class UseReportResponse {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid', description: 'The sending authority (the caller’s)' }) authorityId!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: [UseReportItem] }) items!: UseReportItem[];
}

export function toConditionResponse(c: RequestCondition): ConditionResponse {
  return {
    id: c.id,
    requestId: c.requestId,
    authorityId: c.authorityId,
    type: c.type,
    text: c.text,
    proceedings: c.proceedings,
    retentionDays: c.retentionDays,
    retentionUntil: c.retentionUntil,
    items: c.itemIds,
    createdAt: c.createdAt.toISOString(),
    createdByUserId: c.createdByUserId,
    acceptedAt: c.acceptedAt?.toISOString() ?? null,
    acceptedByUserId: c.acceptedByUserId,
    acceptedByAuthorityId: c.acceptedByAuthorityId,
  };
}

export function toConsentResponse(c: RequestConsent): ConsentResponse {
  return {
    id: c.id,
    requestId: c.requestId,
    kind: c.kind,
    recipient: c.recipient,
    purpose: c.purpose,
    items: c.itemIds,
    senderAuthorityId: c.senderAuthorityId,
    requestedByAuthorityId: c.requestedByAuthorityId,
    requestedByUserId: c.requestedByUserId,
    requestedAt: c.requestedAt.toISOString(),
    status: c.status,
    answeredByUserId: c.answeredByUserId,
    answeredAt: c.answeredAt?.toISOString() ?? null,
    writtenRef: c.writtenRef,
    answerReasons: c.answerReasons,
  };
}

export function toUseResponse(u: MaterialUse): UseResponse {
  return {
    id: u.id,
    requestId: u.requestId,
    consentId: u.consentId,
    kind: u.kind,
    recipient: u.recipient,
    items: u.itemIds,
    authorityId: u.authorityId,
    userId: u.userId,
    recordedAt: u.recordedAt.toISOString(),
  };
}
