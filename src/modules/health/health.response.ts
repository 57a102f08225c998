import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DependencyStateResponse {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';
  @ApiPropertyOptional({ enum: ['redis', 'postgres'], description: 'For the queue: where BullMQ runs' })
  backend?: 'redis' | 'postgres';
  @ApiPropertyOptional()
  responseTimeMs?: number;
  @ApiPropertyOptional({ description: 'Why it is down' })
  message?: string;
}

export class HealthReportResponse {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';
  @ApiPropertyOptional({ example: 'redis is down: connect ECONNREFUSED 127.0.0.1:6379' })
  message?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStateResponse' },
  })
  info!: Record<string, DependencyStateResponse>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStateResponse' },
  })
  error!: Record<string, DependencyStateResponse>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStateResponse' },
  })
  details!: Record<string, DependencyStateResponse>;
}

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
  @ApiProperty()
  uptimeSeconds!: number;
}
