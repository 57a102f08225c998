import { IsDateTime } from '@/common/validation/is-date-time';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ACCESS_VIEWS, type AccessView } from '../entities/access-log-entry.entity';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

/** Keyset pages of at most 200 (default 50), newest first. */
class PageQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class SearchEventsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() requestId?: string;
  @ApiPropertyOptional({ example: 'refuse' })
  @IsOptional()
  @Matches(/^[a-z][a-z-]{0,63}$/, { message: 'action must be an action name such as refuse' })
  action?: string;
  @ApiPropertyOptional({ example: 'REFUSED', description: 'The status the event led to' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z_]{0,63}$/, { message: 'status must be a status name such as REFUSED' })
  status?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The acting user' })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;
  @ApiPropertyOptional({ enum: ['user', 'system'], description: 'system: deliveries and timers' })
  @IsOptional()
  @IsIn(['user', 'system'])
  actorType?: 'user' | 'system';
  @ApiPropertyOptional({ format: 'uuid', description: "The acting user's authority" })
  @IsOptional()
  @IsUUID()
  actorAuthorityId?: string;
  @ApiPropertyOptional({ example: 'mla' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,32}$/, { message: 'channel must be a channel name such as mla' })
  channel?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "The other party of the request, whichever side the auditor's authority is on",
  })
  @IsOptional()
  @IsUUID()
  counterpartAuthorityId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'occurredAt >= from' })
  @IsOptional()
  @IsDateTime()
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'occurredAt < to' })
  @IsOptional()
  @IsDateTime()
  to?: string;
}

export class VerifyQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One request; without it, the whole log (every chain and every checkpoint)',
  })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

export class ExportQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() requestId!: string;
}

export class CheckpointsQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'cursor must be a nextCursor returned by this API' })
  cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class AccessLogQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() requestId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The reader' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ enum: ACCESS_VIEWS })
  @IsOptional()
  @IsIn(ACCESS_VIEWS)
  view?: AccessView;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateTime() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateTime() to?: string;
}

export class StatsQuery {
  @ApiPropertyOptional({ example: 'mla' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,32}$/, { message: 'channel must be a channel name such as mla' })
  channel?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() counterpartAuthorityId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Requests created at or after' })
  @IsOptional()
  @IsDateTime()
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Requests created before' })
  @IsOptional()
  @IsDateTime()
  to?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Or send Accept: text/csv' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
