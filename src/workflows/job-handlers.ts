import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type JobPayload } from './queue.constants';

export interface JobHandler<K extends JobName = JobName> {
  /** Runs the job; throws to let BullMQ retry it. Returns a short outcome for the logs. */
  run(job: Job<JobPayload[K]>): Promise<string>;
  /** Called once the last attempt failed (the outbox row stays undone unless the handler settles it). */
  onFinalFailure?(job: Job<JobPayload[K]>, error: Error): Promise<void>;
}

/**
 * Which code runs each job. Modules register their handlers at start-up; processes that run workers
 * check at boot that every JobName has exactly one, so a job can never arrive with nobody to run it.
 */
@Injectable()
export class JobHandlers {
  private readonly handlers = new Map<JobName, JobHandler>();

  register<K extends JobName>(name: K, handler: JobHandler<K>): void {
    if (this.handlers.has(name)) {
      throw new Error(`Job ${name} has two handlers`);
    }
    this.handlers.set(name, handler);
  }

  get(name: string): JobHandler | undefined {
    return this.handlers.get(name as JobName);
  }

  assertComplete(): void {
    const missing = Object.values(JobName).filter((n) => !this.handlers.has(n));
    if (missing.length > 0) {
      throw new Error(`No handler registered for jobs: ${missing.join(', ')}`);
    }
  }
}
