import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Prometheus metrics (GET /metrics), one registry per application instance (see MetricsService). */
@Module({
  imports: [WorkflowsModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
