import type { Committed, EngineGauges, OutboxGauges, QueueDepth, WorkflowService } from '@/workflows';
import { JobHandlers, type JobRun } from '@/workflows';
import { CLOCK_LATE_AFTER_MS, MetricsService, routePattern, UNMATCHED_ROUTE } from './metrics.service';

function setup(gauges: { depths?: QueueDepth[]; outbox?: () => Promise<OutboxGauges> } = {}) {
  const observers: ((c: Committed) => void)[] = [];
  const workflows = {
    onCommitted: (o: (c: Committed) => void) => observers.push(o),
  } as unknown as WorkflowService;
  const jobs = new JobHandlers();
  const engine = {
    queueDepths: () => Promise.resolve(gauges.depths ?? []),
    outbox: gauges.outbox ?? (() => Promise.resolve({ lagSeconds: 0, clocksDue: 0 })),
  } as unknown as EngineGauges;
  const sut = new MetricsService(workflows, jobs, engine);
  sut.onModuleInit();
  const commit = (channel: string, action: string): void =>
    observers.forEach((o) => o({ request: { channel }, event: { action } } as unknown as Committed));
  return { sut, jobs, commit };
}

const run = (overrides: Partial<JobRun> = {}): JobRun => ({
  queue: 'mla',
  name: 'RequestDeliver',
  outcome: 'completed',
  durationMs: 12,
  latencyMs: 5,
  delayed: false,
  ...overrides,
});

async function value(
  sut: MetricsService,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = sut.registry.getSingleMetric(name);
  const data = await metric!.get();
  const found = data.values.find(
    (v) =>
      (v as { metricName?: string }).metricName === undefined &&
      Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
  );
  return found?.value ?? 0;
}

describe('MetricsService', () => {
  it('should keep one registry per instance: two apps in one process collide on nothing', async () => {
    const a = setup();
    const b = setup();
    a.commit('mla', 'submit');
    expect(a.sut.registry).not.toBe(b.sut.registry);
    expect(await value(a.sut, 'ccr_transitions_total', { channel: 'mla', action: 'submit' })).toBe(1);
    expect(await value(b.sut, 'ccr_transitions_total', { channel: 'mla', action: 'submit' })).toBe(0);
    expect(await a.sut.registry.metrics()).toContain('process_cpu_user_seconds_total');
  });

  it('should count committed changes by channel and action', async () => {
    const { sut, commit } = setup();
    commit('mla', 'submit');
    commit('mla', 'submit');
    commit('preservation', 'deliver');
    expect(await value(sut, 'ccr_transitions_total', { channel: 'mla', action: 'submit' })).toBe(2);
    expect(await value(sut, 'ccr_transitions_total', { channel: 'preservation', action: 'deliver' })).toBe(1);
  });

  it('should count clocks fired and fired late, and deliveries of webhooks and envelopes by outcome', async () => {
    const { sut, jobs } = setup();
    jobs.notify(run({ delayed: true, latencyMs: 100 }));
    jobs.notify(run({ delayed: true, latencyMs: CLOCK_LATE_AFTER_MS + 1 }));
    // A retry (no latency) is not a clock firing again.
    jobs.notify(run({ delayed: true, latencyMs: null, outcome: 'failed' }));
    jobs.notify(run({ queue: 'notifications', name: 'WebhookDeliver' }));
    jobs.notify(run({ queue: 'notifications', name: 'WebhookDeliver', outcome: 'failed' }));
    jobs.notify(run({ queue: 'federation', name: 'federation-send', outcome: 'failed' }));
    expect(await value(sut, 'ccr_clocks_fired_total', { queue: 'mla' })).toBe(2);
    expect(await value(sut, 'ccr_clocks_fired_late_total', { queue: 'mla' })).toBe(1);
    expect(await value(sut, 'ccr_webhook_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(await value(sut, 'ccr_webhook_deliveries_total', { outcome: 'failed' })).toBe(1);
    expect(await value(sut, 'ccr_federation_deliveries_total', { outcome: 'failed' })).toBe(1);
    const text = await sut.registry.metrics();
    expect(text).toMatch(/ccr_job_duration_seconds_count\{queue="mla",outcome="failed"\} 1/);
    expect(text).toMatch(/ccr_job_latency_seconds_count\{queue="mla"\} 2/);
  });

  it('should read queue depths and the outbox at scrape, and keep serving when the database fails', async () => {
    let fail = false;
    const { sut } = setup({
      depths: [{ queue: 'mla', counts: { waiting: 3, delayed: 1 } }],
      outbox: () =>
        fail ? Promise.reject(new Error('down')) : Promise.resolve({ lagSeconds: 7.5, clocksDue: 2 }),
    });
    const text = await sut.scrape();
    expect(text).toContain('ccr_queue_jobs{queue="mla",state="waiting"} 3');
    expect(text).toContain('ccr_outbox_lag_seconds 7.5');
    expect(text).toContain('ccr_clocks_due 2');
    fail = true;
    expect(await sut.scrape()).toContain('ccr_outbox_lag_seconds 7.5');
  });

  it('should label requests by their route pattern, never their path', () => {
    expect(routePattern({ baseUrl: '', route: { path: '/v1/requests/:id/actions/:action' } })).toBe(
      '/v1/requests/:id/actions/:action',
    );
    expect(routePattern({ baseUrl: '/v1', route: { path: '/requests/:id' } })).toBe('/v1/requests/:id');
    expect(routePattern({ baseUrl: '' })).toBe(UNMATCHED_ROUTE);
  });
});

describe('JobHandlers.observe', () => {
  it('should tell every observer and ignore one that throws', () => {
    const jobs = new JobHandlers();
    const seen: JobRun[] = [];
    jobs.observe(() => {
      throw new Error('broken observer');
    });
    jobs.observe((r) => seen.push(r));
    expect(() => jobs.notify(run())).not.toThrow();
    expect(seen).toHaveLength(1);
  });
});
