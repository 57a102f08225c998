import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { BODY_LIMIT_BYTES, refuseOversizedBodies } from './common/http/body-limit.middleware';
import { answerClientErrorsInJson } from './common/http/client-errors';
import { RateLimitStore } from './common/http/rate-limit-store';
import { rateLimit } from './common/http/rate-limit.middleware';
import { securityHeaders } from './common/http/security-headers';
import { type ProcessLifecycle, handleProcessSignals } from './common/lifecycle/graceful-shutdown';
import { JsonLogger } from './common/logging/json-logger';
import { routeProcessOutput } from './common/logging/process-output';
import { requestLogging } from './common/logging/request-logging.middleware';
import { BEARER_AUTH } from './common/openapi/bearer-auth';
import { createValidationPipe } from './common/validation/validation.pipe';
import { appConfig } from './config/app.config';
import { readConsoleConfig } from './config/console.config';
import { checkEnvironment } from './config/check-environment';
import { readHttpConfig } from './config/http.config';
import { loadEnvFile } from './config/load-env-file';
import { readLifecycleConfig } from './config/lifecycle.config';
import { releaseEmbeddedDatabase } from './database/embedded/embedded-lifecycle';
import { consoleStatic } from './modules/console/console-static';
import { MetricsService } from './modules/metrics/metrics.service';
import { describeStartupFailure, prepareBackendsAndDatabase } from './database/start-up';
import { addActionPaths, ChannelRegistry } from './workflows';

export interface StartOptions {
  workers: boolean;
  logger?: JsonLogger;
  /** Port to listen on; 0 picks a free one (tests). Defaults to PORT. */
  port?: number;
  /** A stop signal during start-up (see runServerProcess): the wait for the backends ends at once. */
  signal?: AbortSignal;
}

/**
 * Builds the HTTP application (API, and the workers when asked) once the backends answer and the
 * migrations are applied (see database/start-up.ts).
 */
export async function createHttpApp(options: StartOptions): Promise<NestExpressApplication> {
  checkEnvironment();
  const logger = options.logger ?? defaultLogger();
  await prepareBackendsAndDatabase(logger, options.signal);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({ http: true, workers: options.workers }),
    // abortOnError: a failed initialisation throws (to be said in one line) instead of process.abort().
    { logger, bufferLogs: false, bodyParser: false, abortOnError: false },
  );
  configureHttp(app);
  return app;
}

/** The worker process's application: queue processors and the outbox relay, no HTTP. */
export async function createWorkerContext(options: {
  logger: JsonLogger;
  signal?: AbortSignal;
}): Promise<INestApplicationContext> {
  checkEnvironment();
  await prepareBackendsAndDatabase(options.logger, options.signal);
  return NestFactory.createApplicationContext(AppModule.register({ http: false, workers: true }), {
    logger: options.logger,
    abortOnError: false,
  });
}

/** The logger of LOG_LEVEL; `info` while LOG_LEVEL is invalid (start-up then says so and stops). */
export function defaultLogger(): JsonLogger {
  let level: 'debug' | 'info' | 'warn' | 'error' = 'info';
  try {
    level = appConfig().logLevel;
  } catch {
    // Reported, with every other bad variable, by checkEnvironment.
  }
  return new JsonLogger(level);
}

/**
 * Runs a server process (dist/main.js, dist/worker.js): every line it writes is a JSON line of its logger
 * (console output, Node warnings and the fatal error included); a signal during start-up stops it at once
 * (exit 0), a failed start-up exits 1 with one line per problem, and once `start` returns the running
 * application a signal shuts it down (time-boxed; see common/lifecycle/graceful-shutdown.ts).
 */
export function runServerProcess(
  start: (logger: JsonLogger, lifecycle: ProcessLifecycle) => Promise<INestApplicationContext>,
): void {
  let envProblem: Error | undefined;
  try {
    loadEnvFile();
  } catch (err) {
    envProblem = err instanceof Error ? err : new Error('the environment could not be read');
  }
  const logger = defaultLogger();
  routeProcessOutput(logger);
  let deadlineMs: number | undefined;
  try {
    deadlineMs = readLifecycleConfig().shutdownTimeoutMs;
  } catch {
    // Reported by checkEnvironment; the default deadline meanwhile.
  }
  const lifecycle = handleProcessSignals(logger, {
    deadlineMs,
    afterClose: releaseEmbeddedDatabase,
    describeFailure: describeStartupFailure,
  });
  const starting = envProblem === undefined ? start(logger, lifecycle) : Promise.reject(envProblem);
  void starting.then(
    (app) => lifecycle.started(app),
    (err: unknown) => lifecycle.startFailed(err),
  );
}

export function configureHttp(app: NestExpressApplication): void {
  answerClientErrorsInJson(app.getHttpServer());
  app.use(requestLogging);
  // In-memory timing by route pattern for GET /metrics (never the raw path).
  app.use(app.get(MetricsService).httpMiddleware());
  app.use(securityHeaders('/docs'));
  // Before body parsing and authentication: a refused request costs neither.
  const http = readHttpConfig();
  // The client address the per-address limit counts: the connection's, or X-Forwarded-For as set by the
  // proxies named in TRUST_PROXY.
  app.set('trust proxy', http.trustProxy);
  app.use(rateLimit(app.get(RateLimitStore).counters));
  // The built web console (static files, its own CSP; docs/console.md), before the API's routes.
  app.use('/console', consoleStatic(readConsoleConfig().dir));
  // Request bodies are JSON and small; anything bigger is refused with 413 before parsing.
  app.use(refuseOversizedBodies(BODY_LIMIT_BYTES));
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES, strict: true });
  app.disable('x-powered-by');
  // ETags are the request's version, set where they mean something (If-Match); Express would otherwise
  // hash every response body for one.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
}

export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Cooperation requests engine (UN Convention against Cybercrime)')
    .setDescription(
      'Mutual legal assistance and other cooperation requests between central authorities. ' +
        'See GET /v1/workflows for the lifecycle tables.',
    )
    .setVersion('1')
    .addBearerAuth(BEARER_AUTH)
    .build();
  // Every channel's payload and details classes, so that a client generated from /docs-json knows them.
  const extraModels = app.get(ChannelRegistry).schemaClasses();
  const document = SwaggerModule.createDocument(app, config, { extraModels });
  addActionPaths(document, app.get(ChannelRegistry));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
