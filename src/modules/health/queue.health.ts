import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { AllConfig } from '@/config/all-config.type';
import { QueueHealth } from '@/workflows';

/** The queue backend's health (Redis or PostgreSQL, whichever the queues run on), asked of the engine. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly queues: QueueHealth,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  /** Reported under `queue`, with the backend named. */
  async check(key: string) {
    const indicator = this.health.check(key);
    const backend = this.config.get('queue', { infer: true }).backend;
    try {
      await this.queues.check(2000);
      return indicator.up({ backend });
    } catch (err) {
      return indicator.down({ backend, message: err instanceof Error ? err.message : String(err) });
    }
  }
}
