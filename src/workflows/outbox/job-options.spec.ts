import { jobOptionsFor } from './job-options';

const CONFIG = { jobAttempts: 8, webhookAttempts: 10, webhookBackoffMs: 2000 };
const NOW = Date.parse('2026-11-22T10:00:00.000Z');

describe('jobOptionsFor', () => {
  it('should give a transition its id, its delay until run_at, its priority and the job retries', () => {
    const e = {
      jobId: 'r_2_RequestDeliver_0',
      runAt: new Date(NOW + 5000),
      priority: 3,
      kind: 'transition' as const,
    };
    expect(jobOptionsFor(e, CONFIG, NOW)).toEqual({
      jobId: 'r_2_RequestDeliver_0',
      delay: 5000,
      priority: 3,
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: true,
    });
  });

  it('should give a webhook delivery its own retries and backoff, and never a negative delay', () => {
    const e = { jobId: 'w', runAt: new Date(NOW - 1000), priority: 5, kind: 'webhook' as const };
    expect(jobOptionsFor(e, CONFIG, NOW)).toMatchObject({
      delay: 0,
      attempts: 10,
      backoff: { type: 'exponential', delay: 2000 },
    });
  });
});
