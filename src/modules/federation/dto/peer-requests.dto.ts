import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class AddPeerDto {
  @ApiProperty({
    example: 'https://coop.moj.example',
    description: "The peer node's origin (https; http only with FEDERATION_ALLOW_HTTP=true)",
    maxLength: 300,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  origin!: string;
}

export class ConfirmPeerDto {
  @ApiProperty({
    example: '9F3A 01BC 77E0 4D21 9F3A 01BC 77E0 4D21 9F3A 01BC 77E0 4D21 9F3A 01BC 77E0 4D21',
    description:
      'The fingerprint received through an official channel: 64 hex digits (spaces, colons, dashes and case ignored)',
  })
  @IsString()
  @MaxLength(200)
  @Matches(/^[\s:-]*(?:[0-9a-fA-F][\s:-]*){64}$/, {
    message: 'fingerprint must be the 64 hex digits of the SHA-256 fingerprint (groups separated by spaces)',
  })
  fingerprint!: string;
}

export class SuspendPeerDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Why, for the audit trail' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
