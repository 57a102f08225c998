import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { ScheduledJob } from './queue.constants';

/** What a processor saw of one attempt of a job (for the metrics; see JobHandlers.observe). */
export interface JobRun {
  queue: string;
  name: string;
  /** 'completed', or 'failed' (the attempt threw; BullMQ may retry it). */
  outcome: 'completed' | 'failed';
  /** The attempt's running time. */
  durationMs: number;
  /** From when the job was due (enqueued, plus its delay) to the start of its first attempt; null on a retry. */
  latencyMs: number | null;
  /** Whether the job was scheduled for a later time when enqueued (a clock, e.g. a reminder or a deadline). */
  delayed: boolean;
}

export type JobObserver = (run: JobRun) => void;

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
  private readonly observers: JobObserver[] = [];

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

  /** Code told of every attempt this process runs, in memory and synchronously (the metrics' counters). */
  observe(observer: JobObserver): void {
    this.observers.push(observer);
  }

  /** Tells the observers of an attempt; an observer that throws is ignored (it must not fail the job). */
  notify(run: JobRun): void {
    for (const observer of this.observers) {
      try {
        observer(run);
      } catch {
        // Metrics are best effort.
      }
    }
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
