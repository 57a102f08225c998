import { Controller, Get, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@/common/auth/access.decorators';
import { isDraining } from '@/common/lifecycle/readiness';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import type { AllConfig } from '@/config/all-config.type';
import { DependencyChecks, type HealthReport } from './dependency-checks';
import { DependencyStateResponse, HealthReportResponse, LivenessResponse } from './health.response';

/**
 * GET /health/live: the process runs (no dependency asked: an orchestrator restarts a process that fails
 * it, which would not bring a database back). GET /health/ready: PostgreSQL and the queue backend answer
 * within a second and the process is not draining; 503 names what is down. GET /health: the same as ready.
 */
@ApiTags('health')
@ApiExtraModels(DependencyStateResponse)
@Controller('health')
export class HealthController {
  constructor(
    private readonly checks: DependencyChecks,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Readiness (as /health/ready): PostgreSQL and the queue backend (`redis`, or `queue` when the queues run ' +
      'on PostgreSQL); 503 names what is down',
  })
  @ApiOkResponse({ type: HealthReportResponse })
  @ApiServiceUnavailableResponse({ type: HealthReportResponse, description: 'Not ready: names what is down' })
  @ApiErrors()
  check(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    return this.ready(res);
  }

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process runs and answers (asks no dependency)' })
  @ApiOkResponse({ type: LivenessResponse })
  @ApiErrors()
  live(): LivenessResponse {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: dependencies up and not draining; 503 names what is down' })
  @ApiOkResponse({ type: HealthReportResponse })
  @ApiServiceUnavailableResponse({
    type: HealthReportResponse,
    description: 'Not ready (a dependency is down, or the process is draining): names what and why',
  })
  @ApiErrors()
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.checks.run(this.config.get('queue', { infer: true }).backend);
    const draining = isDraining();
    if (report.status !== 'ok' || draining) {
      res.status(503);
      return draining
        ? { ...report, status: 'error', message: 'draining: the process is shutting down' }
        : report;
    }
    return report;
  }
}
