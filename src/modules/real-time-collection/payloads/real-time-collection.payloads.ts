import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsDateTime } from '@/common/validation/is-date-time';
import { EvidenceItemDto } from '@/workflows';

/*
 * Payloads of the collection part of the lifecycle (DOMAIN.md 4.4). The review part reuses the MLA
 * channel's payloads (request and provide information, consultation, postponement, refusal).
 */

class ReasonsPayload {
  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  reasons!: string;
}

export class StartCollectionPayload {
  @ApiProperty({
    description: "Reference of the requested State's domestic authorisation (court order, warrant)",
    maxLength: 300,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  authorisationReference!: string;

  @ApiProperty({
    format: 'date-time',
    description:
      'End of the authorised period: in the future and not after the end requested (it may be shorter)',
  })
  @IsDateTime()
  endsAt!: string;
}

export class RequestRenewalPayload {
  @ApiProperty({ format: 'date-time', description: 'The new end asked for; after the current end' })
  @IsDateTime()
  requestedEnd!: string;

  @ApiProperty({
    description: 'Fresh justification of the longer period (arts 45(3)(f), 46(2)(f) [GK])',
    maxLength: 20000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  justification!: string;
}

export class GrantRenewalPayload {
  @ApiProperty({
    format: 'date-time',
    description: 'The new end authorised: after the current end, not after the end asked for',
  })
  @IsDateTime()
  endsAt!: string;

  @ApiProperty({ description: 'Reference of the domestic authorisation of the renewal', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  authorisationReference!: string;
}

/** Why the renewal is declined; the current end stands. */
export class DeclineRenewalPayload extends ReasonsPayload {}

/** Why collection is suspended (e.g. the domestic authorisation lapsed or is challenged). */
export class SuspendCollectionPayload extends ReasonsPayload {}

export class ResumeCollectionPayload {
  @ApiProperty({ description: 'Reference of the domestic authorisation in force again', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  authorisationReference!: string;
}

/** Why collection stops before the end of the authorised period. */
export class StopCollectionPayload extends ReasonsPayload {}

export class DeliverBatchPayload {
  @ApiProperty({ description: 'What this batch of collected data holds', maxLength: 20000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  summary!: string;

  @ApiProperty({ type: [EvidenceItemDto], description: 'The documents of the batch, each with its SHA-256' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EvidenceItemDto)
  items!: EvidenceItemDto[];

  @ApiPropertyOptional({ format: 'date-time', description: 'Start of the time the batch covers' })
  @IsOptional()
  @IsDateTime()
  coveredFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the time the batch covers' })
  @IsOptional()
  @IsDateTime()
  coveredTo?: string;
}

export class CompleteExecutionPayload {
  @ApiProperty({
    description: 'Outcome of the execution: what was collected and delivered',
    maxLength: 20000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  summary!: string;
}
