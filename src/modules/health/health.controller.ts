import { Controller, Get } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@/common/auth/access.decorators';
import type { AllConfig } from '@/config/all-config.type';
import { QueueHealthIndicator } from './queue.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Liveness and readiness of PostgreSQL and of the queue backend (`redis`, or `queue` when the queues ' +
      'run on PostgreSQL); 503 when one is down',
  })
  check() {
    const queueKey = this.config.get('queue', { infer: true }).backend === 'redis' ? 'redis' : 'queue';
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 2000 }),
      () => this.queue.check(queueKey),
    ]);
  }
}
