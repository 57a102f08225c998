import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { QueueName } from '@/workflows/queue.constants';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(getQueueToken(QueueName.EvidenceSharing)) private readonly queue: Queue,
  ) {}

  async check(key: string) {
    const indicator = this.health.check(key);
    try {
      const client = (await this.queue.getBackend().client) as unknown as { ping(): Promise<string> };
      const pong = await Promise.race([
        client.ping(),
        new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: `unexpected reply ${pong}` });
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
