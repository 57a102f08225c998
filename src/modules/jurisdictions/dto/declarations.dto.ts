import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CONVENTION_OFFENCE_ARTICLES } from './state-settings.dto';

/** The routes by which a State accepts requests (DOMAIN.md 2.3 [DESIGN]). */
export const TRANSMISSION_ROUTES = [
  'electronic-secure',
  'central-authority',
  'diplomatic',
  'interpol',
  '24-7',
  'oral-pending-written-confirmation',
] as const;
export type TransmissionRoute = (typeof TRANSMISSION_ROUTES)[number];

/** Every field of the record, in the order the responses list them. */
export const DECLARATION_FIELDS = [
  'centralAuthorities',
  'contactPoint247',
  'languages',
  'dualCriminalityForPreservation',
  'interceptionOffences',
  'reservations',
  'preservationDays',
  'provisionalArrestDays',
  'channels',
  'transmissionRoutes',
  'conventionAsExtraditionBasis',
  'retentionDays',
] as const;
export type DeclarationField = (typeof DECLARATION_FIELDS)[number];

/** The export document's format marker and version. */
export const EXPORT_FORMAT = 'uncc-state-declarations';
export const EXPORT_FORMAT_VERSION = 1;

const AUTHORITY_CODE = /^[A-Z0-9][A-Z0-9-]{1,62}[A-Z0-9]$/;

export class ReservationDto {
  @ApiProperty({ example: 11, description: 'The Convention article reserved (1-68)' })
  @IsInt()
  @Min(1)
  @Max(68)
  article!: number;

  @ApiPropertyOptional({ example: 3, description: 'Its paragraph, when the reservation is to one' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  paragraph?: number;

  @ApiProperty({ maxLength: 2000, example: 'Applies art. 11(1) only where the act is committed with intent' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;
}

/**
 * A State's declarations and notifications under the Convention, as one machine-readable record. Every
 * field is optional: absent (or null) means not declared, and the engine's default applies.
 */
export class StateDeclarationsDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['AUT-BMJ'],
    description: 'Codes of the central authorities designated for mutual legal assistance (art. 40)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(AUTHORITY_CODE, {
    each: true,
    message: 'each central authority must be an authority code such as AUT-BMJ',
  })
  centralAuthorities?: string[] | null;

  @ApiPropertyOptional({ example: 'AUT-247', description: 'Code of the 24/7 point of contact (art. 41)' })
  @IsOptional()
  @IsString()
  @Matches(AUTHORITY_CODE, { message: 'contactPoint247 must be an authority code such as AUT-247' })
  contactPoint247?: string | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['de', 'en'],
    description: 'ISO 639-1 languages in which the State accepts requests (art. 40)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(/^[a-z]{2}$/, { each: true, message: 'each language must be an ISO 639-1 code such as en' })
  languages?: string[] | null;

  @ApiPropertyOptional({
    description:
      'The State requires dual criminality for preserving data on offences other than those the ' +
      'Convention establishes (art. 42; Budapest 29(4) [GK])',
  })
  @IsOptional()
  @IsBoolean()
  dualCriminalityForPreservation?: boolean | null;

  @ApiPropertyOptional({
    type: [Number],
    example: [7, 8, 11],
    description:
      'UNCC articles (7-21) of the offences for which the State allows interception of content data (art. 46)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CONVENTION_OFFENCE_ARTICLES.max - CONVENTION_OFFENCE_ARTICLES.min + 1)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(CONVENTION_OFFENCE_ARTICLES.min, { each: true })
  @Max(CONVENTION_OFFENCE_ARTICLES.max, { each: true })
  interceptionOffences?: number[] | null;

  @ApiPropertyOptional({
    type: [ReservationDto],
    description: 'Reservations, e.g. to arts 7(2), 9(2), 11(3), 63(3)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReservationDto)
  reservations?: ReservationDto[] | null;

  @ApiPropertyOptional({
    description: 'Preservation period after confirmation, in days; at least the legal floor (art. 42: 60)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(3650)
  preservationDays?: number | null;

  @ApiPropertyOptional({ description: 'Days for the formal extradition request after a provisional arrest' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(3650)
  provisionalArrestDays?: number | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['mla', 'preservation'],
    description: 'Channels (GET /v1/workflows) on which the State accepts requests; absent: all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[a-z0-9-]{1,40}$/, { each: true, message: 'each channel must be a channel id such as mla' })
  channels?: string[] | null;

  @ApiPropertyOptional({
    enum: TRANSMISSION_ROUTES,
    isArray: true,
    description: 'Routes by which the State accepts requests',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TRANSMISSION_ROUTES.length)
  @ArrayUnique()
  @IsIn(TRANSMISSION_ROUTES, { each: true })
  transmissionRoutes?: TransmissionRoute[] | null;

  @ApiPropertyOptional({
    description: 'Whether the State takes the Convention as the legal basis for extradition (art. 37)',
  })
  @IsOptional()
  @IsBoolean()
  conventionAsExtraditionBasis?: boolean | null;

  @ApiPropertyOptional({
    description:
      'How long the State keeps material received from another State, in days after receipt (art. 36(2)); ' +
      "a sender's earlier RETENTION condition prevails",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36500)
  retentionDays?: number | null;
}

export class DeclarationsWriter {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
}

export class EffectivePeriods {
  @ApiProperty({ description: 'In force: the declared period or the default' }) preservationDays!: number;
  @ApiProperty() provisionalArrestDays!: number;
}

export class StateDeclarationsResponse {
  @ApiProperty({ example: 'AUT' }) country!: string;
  @ApiProperty({ description: 'The version of the record; 0: the State declared nothing' }) version!: number;
  @ApiProperty({ description: 'Whether any version was written' }) declared!: boolean;
  @ApiProperty({
    type: StateDeclarationsDto,
    description: 'The declarations; absent fields are not declared',
  })
  declarations!: StateDeclarationsDto;
  @ApiProperty({
    enum: DECLARATION_FIELDS,
    isArray: true,
    description:
      "Fields not declared: the engine's defaults apply (all languages of the authority, all channels...)",
  })
  notDeclared!: DeclarationField[];
  @ApiProperty({ type: EffectivePeriods }) effective!: EffectivePeriods;
  @ApiPropertyOptional({ enum: ['declarations', 'settings', 'import'], nullable: true, type: String })
  source!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) note!: string | null;
  @ApiPropertyOptional({ type: DeclarationsWriter, nullable: true }) writtenBy!: DeclarationsWriter | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) writtenAt!: string | null;
  @ApiPropertyOptional({
    description: 'SHA-256 of this version, chained to the previous',
    nullable: true,
    type: String,
  })
  hash!: string | null;
}

export class DeclarationVersionsResponse {
  @ApiProperty({ example: 'AUT' }) country!: string;
  @ApiProperty({ type: [StateDeclarationsResponse], description: 'Newest first' })
  versions!: StateDeclarationsResponse[];
}

export class ExportedDeclarationsDto {
  @ApiProperty({ example: 'AUT' })
  @Matches(/^[A-Z]{3}$/, { message: 'country must be an ISO 3166-1 alpha-3 code such as AUT' })
  country!: string;

  @ApiPropertyOptional({ description: 'The version in the exporting register (informative)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;

  @ApiProperty({ type: StateDeclarationsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => StateDeclarationsDto)
  declarations!: StateDeclarationsDto;
}

/** The exchange document: every State's current declarations. */
export class DeclarationsExportDto {
  @ApiProperty({ enum: [EXPORT_FORMAT] })
  @Equals(EXPORT_FORMAT)
  format!: typeof EXPORT_FORMAT;

  @ApiProperty({ enum: [EXPORT_FORMAT_VERSION] })
  @Equals(EXPORT_FORMAT_VERSION)
  formatVersion!: typeof EXPORT_FORMAT_VERSION;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  exportedAt?: string;

  @ApiPropertyOptional({ description: 'Who exported it (a node origin, a ministry)', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  exportedBy?: string;

  @ApiProperty({ type: [ExportedDeclarationsDto] })
  @IsArray()
  @ArrayMaxSize(250)
  @ValidateNested({ each: true })
  @Type(() => ExportedDeclarationsDto)
  states!: ExportedDeclarationsDto[];
}

export class DeclarationsImportResponse {
  @ApiProperty({ type: [StateDeclarationsResponse] }) imported!: StateDeclarationsResponse[];
}
