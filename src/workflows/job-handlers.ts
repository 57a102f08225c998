import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { ScheduledJob } from './queue.constants';

export interface JobHandler {
  /** Runs the job; throws to let BullMQ retry it. Returns a short outcome for the logs. */
  run(job: Job<ScheduledJob>): Promise<string>;
  /** Called once the last attempt failed (the outbox row stays undone unless the handler settles it). */
  onFinalFailure?(job: Job<ScheduledJob>, error: Error): Promise<void>;
}

/**
 * Which code runs each job. The engine registers the system actions of every channel's effects, other
 * modules their own jobs (webhook deliveries); processes that run workers check at boot that every job a
 * table or a module can schedule has exactly one handler, so a job can never arrive with nobody to run it.
 */
@Injectable()
export class JobHandlers {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly expected = new Set<string>();

  register(name: string, handler: JobHandler): void {
    if (this.handlers.has(name)) {
      throw new Error(`Job ${name} has two handlers`);
    }
    this.handlers.set(name, handler);
  }

  /** Declares a job that some code schedules, so that the boot check requires a handler for it. */
  expect(name: string): void {
    this.expected.add(name);
  }

  get(name: string): JobHandler | undefined {
    return this.handlers.get(name);
  }

  assertComplete(): void {
    const missing = [...this.expected].filter((n) => !this.handlers.has(n));
    if (missing.length > 0) {
      throw new Error(`No handler registered for jobs: ${missing.join(', ')}`);
    }
  }
}
