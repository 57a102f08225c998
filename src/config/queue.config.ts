import { registerAs } from '@nestjs/config';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { type QueueBackendKind, queueBackendOf } from './backends';
import { validateConfig } from './validate-config';

export interface QueueConfig {
  /** Where BullMQ keeps its queues: Redis when REDIS_URL is set, else PostgreSQL (backends.ts). */
  backend: QueueBackendKind;
  /** BullMQ key prefix, so several installs can share one Redis. */
  prefix: string;
  /** How often the relay looks for outbox rows never handed to BullMQ. */
  outboxPollMs: number;
  /** How often every undone outbox row is re-offered to BullMQ (recovers from a flushed Redis). */
  outboxSweepMs: number;
  jobAttempts: number;
  workerConcurrency: number;
  /** Webhook deliveries: attempts, and the first retry delay (doubling each time). */
  webhookAttempts: number;
  webhookBackoffMs: number;
  /** Allow webhooks to loopback, private and reserved addresses (an internal hub; tests). */
  webhookAllowPrivateNetworks: boolean;
}

class QueueEnv {
  @IsOptional()
  @Matches(/^[A-Za-z0-9_:-]{1,64}$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ : - (1-64)' })
  QUEUE_PREFIX?: string;
  @IsOptional() @IsInt() @Min(10) @Max(60000) OUTBOX_POLL_MS?: number;
  @IsOptional() @IsInt() @Min(50) @Max(3600000) OUTBOX_SWEEP_MS?: number;
  @IsOptional() @IsInt() @Min(1) @Max(50) JOB_ATTEMPTS?: number;
  @IsOptional() @IsInt() @Min(1) @Max(200) WORKER_CONCURRENCY?: number;
  @IsOptional() @IsInt() @Min(1) @Max(50) WEBHOOK_ATTEMPTS?: number;
  @IsOptional() @IsInt() @Min(10) @Max(3600000) WEBHOOK_BACKOFF_MS?: number;
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_NETWORKS?: string;
}

export const queueConfig = registerAs('queue', (): QueueConfig => {
  const env = validateConfig(QueueEnv, { ...process.env });
  return {
    backend: queueBackendOf(),
    prefix: env.QUEUE_PREFIX ?? 'coop',
    outboxPollMs: env.OUTBOX_POLL_MS ?? 500,
    outboxSweepMs: env.OUTBOX_SWEEP_MS ?? 15000,
    jobAttempts: env.JOB_ATTEMPTS ?? 8,
    workerConcurrency: env.WORKER_CONCURRENCY ?? 8,
    webhookAttempts: env.WEBHOOK_ATTEMPTS ?? 10,
    webhookBackoffMs: env.WEBHOOK_BACKOFF_MS ?? 2000,
    webhookAllowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true',
  };
});
