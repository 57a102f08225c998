import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';

export class UpdateStateSettingsDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Preservation period after confirmation, in days; at least the legal floor (60 by default)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(3650)
  preservationDays?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Days for the formal extradition request after a provisional arrest',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(3650)
  provisionalArrestDays?: number | null;
}

export class StateSettingsResponse {
  @ApiProperty({ example: 'AUT' }) country!: string;
  @ApiProperty({ description: 'In force for requests to this State (its own value or the default)' })
  preservationDays!: number;
  @ApiProperty() provisionalArrestDays!: number;
  @ApiProperty({ description: 'Whether the State declared its own values (false: engine defaults)' })
  declared!: boolean;
}
