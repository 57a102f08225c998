import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class RequestInformationPayload {
  @ApiProperty({
    description: 'What the requested State needs to know to execute (UNTOC 18(16))',
    maxLength: 20000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  questions!: string;
}
