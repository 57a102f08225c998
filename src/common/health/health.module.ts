import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { WorkflowsModule } from '@/workflows/workflows.module';
import { HealthController } from './health.controller';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), WorkflowsModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator],
})
export class HealthModule {}
