import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListRequestsQuery {
  @ApiPropertyOptional({ enum: ['outgoing', 'incoming'], default: 'outgoing' })
  @IsOptional()
  @IsIn(['outgoing', 'incoming'])
  box?: 'outgoing' | 'incoming';

  @ApiPropertyOptional({ example: 'UNDER_REVIEW' })
  @IsOptional()
  @Matches(/^[A-Z_]{2,64}$/, { message: 'status must be a status name such as UNDER_REVIEW' })
  status?: string;

  @ApiPropertyOptional({ example: 'mla' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,32}$/, { message: 'channel must be a channel name such as mla' })
  channel?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
