import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

/** The offences the convention defines (UNCC arts 7-21), by article, as a State's declarations name them. */
export const CONVENTION_OFFENCE_ARTICLES = { min: 7, max: 21 } as const;

export class UpdateStateSettingsDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Preservation period after confirmation, in days; at least the legal floor (60 by default)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(3650)
  preservationDays?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Days for the formal extradition request after a provisional arrest',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(3650)
  provisionalArrestDays?: number | null;

  @ApiPropertyOptional({
    type: [Number],
    nullable: true,
    example: [7, 8, 9, 11],
    description:
      'UNCC articles (7-21) of the offences for which the State allows interception of content data ' +
      '(art. 46); null: none declared, interception is not available from this State',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CONVENTION_OFFENCE_ARTICLES.max - CONVENTION_OFFENCE_ARTICLES.min + 1)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(CONVENTION_OFFENCE_ARTICLES.min, { each: true })
  @Max(CONVENTION_OFFENCE_ARTICLES.max, { each: true })
  interceptionOffences?: number[] | null;
}

export class StateSettingsResponse {
  @ApiProperty({ example: 'AUT' }) country!: string;
  @ApiProperty({ description: 'In force for requests to this State (its own value or the default)' })
  preservationDays!: number;
  @ApiProperty() provisionalArrestDays!: number;
  @ApiProperty({
    type: [Number],
    nullable: true,
    description: 'Offences (UNCC articles) for which the State allows interception (art. 46); null: none',
  })
  interceptionOffences!: number[] | null;
  @ApiProperty({ description: 'Whether the State declared its own values (false: engine defaults)' })
  declared!: boolean;
}
