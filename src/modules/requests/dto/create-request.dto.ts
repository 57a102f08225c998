import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { RequestFieldsDto } from './request-common.dto';

export class CreateRequestDto extends RequestFieldsDto {
  @ApiProperty({ example: 'mla', description: 'Cooperation channel; see GET /v1/workflows' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  channel!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  requestedAuthorityId!: string;
}
