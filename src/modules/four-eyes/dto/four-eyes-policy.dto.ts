import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches, ValidateNested } from 'class-validator';
import type { FourEyesPolicyRow, FourEyesRule } from '../entities/four-eyes-policy.entity';

export const CONFIRMER_ROLES = ['officer', 'approver'] as const;

const KEBAB = /^[a-z][a-z0-9-]{0,63}$/;

export class FourEyesRuleDto {
  @ApiProperty({ example: 'extradition', description: 'A channel of GET /v1/workflows' })
  @IsString()
  @Matches(KEBAB, { message: 'channel must be a channel name such as extradition' })
  channel!: string;

  @ApiProperty({ example: 'submit', description: "A user action of the channel's table" })
  @IsString()
  @Matches(KEBAB, { message: 'action must be a kebab-case action name' })
  action!: string;

  @ApiProperty({ enum: CONFIRMER_ROLES, description: 'The role the confirming user needs' })
  @IsIn(CONFIRMER_ROLES)
  confirmerRole!: (typeof CONFIRMER_ROLES)[number];
}

export class PutFourEyesPolicyDto {
  @ApiProperty({
    type: [FourEyesRuleDto],
    description: 'Every action that needs a second person (the whole policy; [] for none)',
  })
  @IsArray()
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @Type(() => FourEyesRuleDto)
  rules!: FourEyesRuleDto[];
}

export class FourEyesPolicyResponse {
  @ApiProperty({ example: 'AUT' }) country!: string;
  @ApiProperty({ type: [FourEyesRuleDto] }) rules!: FourEyesRule[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null: never set' })
  updatedAt!: string | null;
}

export function toFourEyesPolicyResponse(
  country: string,
  row: FourEyesPolicyRow | null,
): FourEyesPolicyResponse {
  return {
    country,
    rules: (row?.rules ?? []).map((r) => ({
      channel: r.channel,
      action: r.action,
      confirmerRole: r.confirmerRole,
    })),
    updatedAt: row ? row.updatedAt.toISOString() : null,
  };
}
