import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '@/common/auth/access.decorators';
import { looksLikeToken } from '@/common/auth/token';
import { ForbiddenError, UnauthenticatedError } from '@/common/errors/domain-error';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import type { AllConfig } from '@/config/all-config.type';
import { AuthoritiesService } from '../authorities/authorities.service';
import { MetricsService } from './metrics.service';

/**
 * GET /metrics: the Prometheus exposition of this process. The global guard lets it through (@Public) so
 * that a scraper may use METRICS_TOKEN, a token that reads nothing else; this controller then requires
 * that token or an admin's (401 without a valid token, 403 for a token of another role).
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly authorities: AuthoritiesService,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  @Get()
  @Public()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Prometheus metrics of this process (text exposition format): HTTP latency by route and status, ' +
      'transitions by channel and action, queue depth and job latency by queue, outbox lag, clocks, ' +
      'webhook and federation deliveries, process metrics. Bearer METRICS_TOKEN or an admin token',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The metrics, as `text/plain; version=0.0.4` (Prometheus exposition format)',
    schema: { type: 'string', example: 'ccr_transitions_total{channel="mla",action="submit"} 1\n' },
  })
  @ApiErrors(401, 403, 503)
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    await this.authorize(authorization);
    const text = await this.metrics.scrape();
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return text;
  }

  private async authorize(header: string | undefined): Promise<void> {
    const token = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (!token) {
      throw new UnauthenticatedError();
    }
    const app = this.config.get('app', { infer: true });
    if ([app.metricsToken, app.adminToken].some((t) => t !== undefined && sameSecret(token, t))) {
      return;
    }
    const principal = looksLikeToken(token) ? await this.authorities.authenticate(token) : null;
    if (!principal) {
      throw new UnauthenticatedError('Unknown or revoked token');
    }
    if (!principal.roles.includes('admin')) {
      throw new ForbiddenError('Requires METRICS_TOKEN or the role: admin');
    }
  }
}

/** Constant-time comparison of two secrets of any length (through their digests). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
