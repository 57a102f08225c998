import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDateTime } from '@/common/validation/is-date-time';

export class QueryStatusPayload {
  @ApiProperty({ description: 'A status or progress enquiry (UNTOC 18(24))', maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  question!: string;
}

export class AnswerStatusPayload {
  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  answer!: string;
}

export class NotifyDelayPayload {
  @ApiProperty({
    description: 'Why execution is impossible or significantly delayed (Budapest 27(7))',
    maxLength: 20000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the requested State now expects to act' })
  @IsOptional()
  @IsDateTime()
  expectedBy?: string;
}
