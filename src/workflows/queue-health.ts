import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { declaredQueues } from './queue-registry';

/** Whether the queue backend answers, for the health check (which may not reach into the engine). */
@Injectable()
export class QueueHealth {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** Resolves with the backend's answer to a ping, or rejects (unreachable, or no queue declared). */
  async ping(timeoutMs: number): Promise<string> {
    const [name] = declaredQueues();
    if (!name) {
      throw new Error('no queue declared');
    }
    const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
    // The whole exchange is timed: with the backend down, even getting a client may wait forever.
    const attempt = (async () => {
      const client = (await queue.getBackend().client) as unknown as { ping(): Promise<string> };
      return client.ping();
    })();
    return Promise.race([
      attempt,
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
  }
}
