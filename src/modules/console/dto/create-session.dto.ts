import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreateSessionDto {
  @ApiProperty({
    description: 'A personal access token (as for Authorization: Bearer); exchanged, never stored',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  token!: string;
}
