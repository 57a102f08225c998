import { IsDateTime } from '@/common/validation/is-date-time';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class PostponePayload {
  @ApiProperty({
    description: 'Why execution would interfere with own proceedings (UNTOC 18(25))',
    maxLength: 20000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;

  @ApiProperty({ format: 'date-time', description: 'When review resumes by itself; must be in the future' })
  @IsDateTime()
  until!: string;
}
