import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** Contents of a preservation request (art. 42(2) as in Budapest 29(2)(a)-(f), plus (g) [GK]). */
export class PreservationDetailsDto {
  @ApiPropertyOptional({ description: 'The stored electronic data to be preserved', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  dataToPreserve?: string;

  @ApiPropertyOptional({ description: 'Its relationship to the offence', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  relationToOffence?: string;

  @ApiPropertyOptional({ description: 'Custodian of the data (e.g. the service provider)', maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  custodian?: string;

  @ApiPropertyOptional({
    description: 'Location of the computer system, where the custodian is unknown',
    maxLength: 1000,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  systemLocation?: string;

  @ApiPropertyOptional({ description: 'Why preservation is necessary', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  necessity?: string;

  @ApiPropertyOptional({
    description:
      'The conduct is also an offence in the requested State (dual criminality): required at submission ' +
      'when that State declared dualCriminalityForPreservation and an offence is not one the Convention ' +
      'establishes (no conventionArticle)',
  })
  @IsOptional()
  @IsBoolean()
  dualCriminality?: boolean;

  @ApiPropertyOptional({
    description: 'The requesting State intends to submit an MLA request for the data (must be true)',
  })
  @IsOptional()
  @IsBoolean()
  intentToRequestMla?: boolean;

  @ApiPropertyOptional({
    description: 'Keep the request confidential and do not notify the user',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  doNotNotifyUser?: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'With followsUpRequestId: the traffic-data disclosure (art. 43) that identified this State',
  })
  @IsOptional()
  @IsUUID()
  disclosureId?: string;
}
