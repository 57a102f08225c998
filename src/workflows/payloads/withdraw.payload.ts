import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class WithdrawPayload {
  @ApiProperty({ description: 'Why assistance is no longer needed (UNTOC 18(24))', maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}
