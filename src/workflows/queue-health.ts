import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { answerWithin } from '@/common/lifecycle/retry';
import { declaredQueues } from './queue-registry';

/** Whether the queue backend answers, for the health check (which may not reach into the engine). */
@Injectable()
export class QueueHealth {
  constructor(private readonly moduleRef: ModuleRef) {}

  /**
   * One round trip to the queue backend, whichever it is (Redis or PostgreSQL): resolves when it answered
   * within `timeoutMs`, rejects otherwise (down, or no queue declared).
   */
  async check(timeoutMs: number): Promise<void> {
    const [name] = declaredQueues();
    if (!name) {
      throw new Error('no queue declared');
    }
    const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
    // The whole exchange is timed: with the backend down, a command may wait for a reconnect forever.
    await answerWithin(queue.getJobCounts('wait'), timeoutMs);
  }
}
