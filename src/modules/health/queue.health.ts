import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { QueueHealth } from '@/workflows';

/** The queue backend's health, asked of the engine (which knows the backend in use). */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly queues: QueueHealth,
  ) {}

  async check(key: string) {
    const indicator = this.health.check(key);
    try {
      const pong = await this.queues.ping(2000);
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: `unexpected reply ${pong}` });
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
