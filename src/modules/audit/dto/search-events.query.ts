import { IsDateTime } from '@/common/validation/is-date-time';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class SearchEventsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() requestId?: string;
  @ApiPropertyOptional({ example: 'refuse' })
  @IsOptional()
  @Matches(/^[a-z][a-z-]{0,63}$/, { message: 'action must be an action name such as refuse' })
  action?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorUserId?: string;
  @ApiPropertyOptional({ example: 'mla' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,32}$/, { message: 'channel must be a channel name such as mla' })
  channel?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateTime() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateTime() to?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class VerifyQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsUUID() requestId!: string;
}
