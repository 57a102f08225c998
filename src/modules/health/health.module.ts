import { Module } from '@nestjs/common';
import { ApiExtraModels } from '@nestjs/swagger';
import { WorkflowsModule } from '@/workflows';
import { DependencyChecks } from './dependency-checks';
import { HealthController } from './health.controller';
import { DependencyStateResponse } from './health.response';

/** Liveness and readiness for orchestrators and load balancers (GET /health, /health/live, /health/ready). */
@ApiExtraModels(DependencyStateResponse)
@Module({
  imports: [WorkflowsModule],
  controllers: [HealthController],
  providers: [DependencyChecks],
})
export class HealthModule {}
