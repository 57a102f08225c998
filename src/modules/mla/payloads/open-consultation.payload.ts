import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class OpenConsultationPayload {
  @ApiProperty({ enum: ['refuse', 'postpone'], description: 'What the requested State is inclined to do' })
  @IsIn(['refuse', 'postpone'])
  intendedOutcome!: 'refuse' | 'postpone';

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}
