// First: the queue classes @nestjs/bullmq builds are chosen before any module below declares a queue.
import './common/lifecycle/bounded-queues';
import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { QueueShutdown } from './common/lifecycle/queue-shutdown';
import type { AllConfig } from './config/all-config.type';
import { appConfig } from './config/app.config';
import { attachmentsConfig } from './config/attachments.config';
import { auditConfig } from './config/audit.config';
import { databaseConfig } from './config/database.config';
import { readHttpConfig } from './config/http.config';
import { readLifecycleConfig } from './config/lifecycle.config';
import { queueConfig } from './config/queue.config';
import { redisConfig } from './config/redis.config';
import { timersConfig } from './config/timers.config';
import { postgresQueueConnection, useQueueBackend } from './config/queue-connection';
import { redisOptionsFromUrl } from './config/redis-connection';
import { typeormOptions } from './database/typeorm-options';
import { AttachmentsModule } from './modules/attachments/attachments.module';
import { ConditionsModule } from './modules/conditions/conditions.module';
import { AuditApiModule } from './modules/audit/audit-api.module';
import { asAppRole } from './modules/audit/database-role';
import { AuthoritiesModule } from './modules/authorities/authorities.module';
import { ConsoleModule } from './modules/console/console.module';
import { CHANNEL_MODULES } from './modules/channels';
import { FourEyesModule } from './modules/four-eyes/four-eyes.module';
import { FederationModule } from './modules/federation/federation.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { RateLimitStore } from './common/http/rate-limit-store';
import { JurisdictionsModule } from './modules/jurisdictions/jurisdictions.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { RequestsModule } from './modules/requests/requests.module';
import { WorkflowsModule, WorkflowWorkersModule } from './workflows';

export interface AppModuleOptions {
  /** HTTP controllers (the API process). */
  http: boolean;
  /** Queue workers and the outbox safety net (the worker process). */
  workers: boolean;
}

/** Core infrastructure shared by both entry points. */
function coreImports(): (DynamicModule | Promise<DynamicModule>)[] {
  return [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      envFilePath: ['.env'],
      load: [
        appConfig,
        databaseConfig,
        redisConfig,
        queueConfig,
        timersConfig,
        auditConfig,
        attachmentsConfig,
      ],
    }),
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AllConfig, true>) => {
        const db = config.get('database', { infer: true });
        return {
          ...asAppRole(typeormOptions(db.url, db.poolSize)),
          // No retries of its own (ten, 3 s apart, a stack trace each): start-up has waited for PostgreSQL
          // already (STARTUP_WAIT_S), and a failure now ends start-up with one line naming DATABASE_URL.
          toRetry: () => false,
        };
      },
    }),
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AllConfig, true>) => {
        const queue = config.get('queue', { infer: true });
        const redisUrl = config.get('redis', { infer: true }).url;
        useQueueBackend(queue.backend);
        return {
          connection:
            queue.backend === 'redis' && redisUrl
              ? redisOptionsFromUrl(redisUrl)
              : postgresQueueConnection(config.get('database', { infer: true }).url),
          prefix: queue.prefix,
        };
      },
    }),
  ];
}

/** The API's rate-limit counts: in the queues' Redis (shared by the install's API processes), else in the process. */
function rateLimitStore(): RateLimitStore {
  const http = readHttpConfig();
  const queue = queueConfig();
  const redisUrl = process.env.REDIS_URL;
  return new RateLimitStore({
    windowMs: http.rateLimitWindowMs,
    perIp: http.rateLimitPerIp,
    perToken: http.rateLimitPerToken,
    shared:
      queue.backend === 'redis' && redisUrl
        ? { redis: redisOptionsFromUrl(redisUrl), prefix: queue.prefix }
        : undefined,
  });
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreImports(),
        DiscoveryModule,
        AuthoritiesModule,
        ConsoleModule,
        JurisdictionsModule,
        WorkflowsModule,
        ...CHANNEL_MODULES,
        NotificationsModule,
        AttachmentsModule,
        ConditionsModule,
        RequestsModule,
        FourEyesModule,
        AuditApiModule,
        FederationModule,
        HealthModule,
        // GET /metrics: an HTTP process's own metrics (a worker process serves no HTTP).
        ...(options.http ? [MetricsModule] : []),
        ...(options.workers ? [WorkflowWorkersModule.register()] : []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        ...(options.http ? [{ provide: RateLimitStore, useFactory: rateLimitStore }] : []),
        {
          // Time-boxed queue and worker closes at shutdown, whatever state the queue backend is in.
          provide: QueueShutdown,
          inject: [DiscoveryService],
          useFactory: (discovery: DiscoveryService) =>
            new QueueShutdown(discovery, {
              // Running jobs may finish, within the shutdown deadline and a margin to close the rest.
              jobsGraceMs: Math.max(1000, readLifecycleConfig().shutdownTimeoutMs - 5000),
            }),
        },
      ],
    };
  }
}
