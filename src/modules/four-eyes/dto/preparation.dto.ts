import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PREPARATION_STATUSES, type PreparationStatus } from '../entities/action-preparation.entity';

export class CreatePreparationDto {
  @ApiProperty({ example: 'refuse', description: "The lifecycle action to prepare (the channel's table)" })
  @IsString()
  @Matches(/^[a-z][a-z-]{0,63}$/, { message: 'action must be a kebab-case action name' })
  action!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "The action's payload, as POST /v1/requests/:id/actions/:action takes it",
  })
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}

export class WithdrawPreparationDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reasons?: string;
}

export class ListPreparationsQuery {
  @ApiPropertyOptional({ enum: PREPARATION_STATUSES })
  @IsOptional()
  @IsIn(PREPARATION_STATUSES)
  status?: PreparationStatus;
}

export class PreparationUser {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class PreparationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty({ enum: ['officer', 'approver'] }) confirmerRole!: string;
  @ApiProperty({ enum: PREPARATION_STATUSES }) status!: PreparationStatus;
  @ApiProperty({
    description:
      'Pending, but its action is no longer open on the request (its status moved on): a confirmation is ' +
      'refused; withdraw it',
  })
  stale!: boolean;
  @ApiProperty({ type: PreparationUser }) preparedBy!: PreparationUser;
  @ApiProperty({ format: 'date-time' }) preparedAt!: string;
  @ApiPropertyOptional({ type: PreparationUser, nullable: true, description: 'Who confirmed or withdrew it' })
  closedBy!: PreparationUser | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) closedAt!: string | null;
}
