import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EngineGauges, JobHandlers, type JobRun, WorkflowService } from '@/workflows';
import { FederationJob } from '../federation/envelope/federation.constants';
import { NotificationJob } from '../notifications/notifications.constants';

/** A clock (a job scheduled for later) that starts more than this after its time counts as fired late. */
export const CLOCK_LATE_AFTER_MS = 60_000;
/** How long a scrape waits for each queue's counts before leaving the queue out. */
const QUEUE_COUNTS_TIMEOUT_MS = 1000;

/** The label of a request that matched no route (404s, static files): never its raw path. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The Prometheus metrics of this application instance, in a registry of its own (several apps in one
 * process, as in the tests, never share one). Counters and histograms are updated in memory on the way
 * (HTTP, commits, jobs); the gauges of the database and the queues are read when scraped (refresh).
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'ccr_http_request_duration_seconds',
    help: 'HTTP requests: time to the response, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly transitions = new Counter({
    name: 'ccr_transitions_total',
    help: 'Committed changes of requests (transitions, side events, drafts), by channel and action',
    labelNames: ['channel', 'action'] as const,
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'ccr_job_duration_seconds',
    help: 'Job attempts run by this process: running time, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly jobLatency = new Histogram({
    name: 'ccr_job_latency_seconds',
    help: 'Jobs run by this process: from when they were due to the start of their first attempt, by queue',
    labelNames: ['queue'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });

  private readonly clocksFired = new Counter({
    name: 'ccr_clocks_fired_total',
    help: 'Clocks (jobs scheduled for a later time) fired by this process, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  private readonly clocksFiredLate = new Counter({
    name: 'ccr_clocks_fired_late_total',
    help: `Clocks fired more than ${CLOCK_LATE_AFTER_MS / 1000} s after their time, by queue`,
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  private readonly webhookDeliveries = new Counter({
    name: 'ccr_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome (delivered, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly federationDeliveries = new Counter({
    name: 'ccr_federation_deliveries_total',
    help: 'Envelope sends to other nodes (attempts), by outcome (delivered, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly queueJobs = new Gauge({
    name: 'ccr_queue_jobs',
    help: 'Jobs in each queue by state (waiting, delayed, active, prioritized, failed), read at scrape',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  private readonly outboxLag = new Gauge({
    name: 'ccr_outbox_lag_seconds',
    help: 'Age of the oldest unprocessed outbox row that is due (0 when none), read at scrape',
    registers: [this.registry],
  });

  private readonly clocksDue = new Gauge({
    name: 'ccr_clocks_due',
    help: 'Legal clocks due now and not yet fired (unprocessed timer rows whose time has passed), read at scrape',
    registers: [this.registry],
  });

  constructor(
    private readonly workflows: WorkflowService,
    private readonly jobs: JobHandlers,
    private readonly gauges: EngineGauges,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  onModuleInit(): void {
    this.workflows.onCommitted((c) =>
      this.transitions.inc({ channel: c.request.channel, action: c.event.action }),
    );
    this.jobs.observe((run) => this.recordJob(run));
  }

  /** Express middleware timing every request, labelled by the route pattern that served it. */
  httpMiddleware(): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.httpDuration.observe(
          { method: req.method, route: routePattern(req), status: String(res.statusCode) },
          seconds,
        );
      });
      next();
    };
  }

  recordJob(run: JobRun): void {
    this.jobDuration.observe({ queue: run.queue, outcome: run.outcome }, run.durationMs / 1000);
    if (run.latencyMs !== null) {
      this.jobLatency.observe({ queue: run.queue }, run.latencyMs / 1000);
      if (run.delayed) {
        this.clocksFired.inc({ queue: run.queue });
        if (run.latencyMs > CLOCK_LATE_AFTER_MS) {
          this.clocksFiredLate.inc({ queue: run.queue });
        }
      }
    }
    const outcome = run.outcome === 'completed' ? 'delivered' : 'failed';
    if (run.name === String(NotificationJob.WebhookDeliver)) {
      this.webhookDeliveries.inc({ outcome });
    } else if (run.name === FederationJob.Send) {
      this.federationDeliveries.inc({ outcome });
    }
  }

  /** The exposition text, after reading the scrape-time gauges (queues, outbox). */
  async scrape(): Promise<string> {
    await Promise.all([this.refreshQueues(), this.refreshOutbox()]);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async refreshQueues(): Promise<void> {
    const depths = await this.gauges.queueDepths(QUEUE_COUNTS_TIMEOUT_MS);
    this.queueJobs.reset();
    for (const { queue, counts } of depths) {
      for (const [state, n] of Object.entries(counts)) {
        this.queueJobs.set({ queue, state }, n);
      }
    }
  }

  private async refreshOutbox(): Promise<void> {
    try {
      const outbox = await this.gauges.outbox();
      this.outboxLag.set(outbox.lagSeconds);
      this.clocksDue.set(outbox.clocksDue);
    } catch {
      // The database does not answer: the gauges keep their last values; /health says why.
    }
  }
}

/** `/v1/requests/:id/actions/:action` for a request Express routed; UNMATCHED_ROUTE otherwise. */
export function routePattern(req: Pick<Request, 'baseUrl'> & { route?: { path?: unknown } }): string {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : UNMATCHED_ROUTE;
}
