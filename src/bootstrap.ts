import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { BODY_LIMIT_BYTES, refuseOversizedBodies } from './common/http/body-limit.middleware';
import { answerClientErrorsInJson } from './common/http/client-errors';
import { rateLimit } from './common/http/rate-limit.middleware';
import { securityHeaders } from './common/http/security-headers';
import { JsonLogger } from './common/logging/json-logger';
import { requestLogging } from './common/logging/request-logging.middleware';
import { BEARER_AUTH } from './common/openapi/bearer-auth';
import { createValidationPipe } from './common/validation/validation.pipe';
import { appConfig } from './config/app.config';
import { checkEnvironment } from './config/check-environment';
import { readDatabaseConfig } from './config/database.config';
import { readHttpConfig } from './config/http.config';
import { prepareBackends } from './database/embedded/embedded-lifecycle';
import { prepareDatabase } from './database/prepare-database';
import { addActionPaths, ChannelRegistry } from './workflows';

export interface StartOptions {
  workers: boolean;
  logger?: JsonLogger;
  /** Port to listen on; 0 picks a free one (tests). Defaults to PORT. */
  port?: number;
}

/** Builds the HTTP application (API, and the workers when asked) with migrations applied first. */
export async function createHttpApp(options: StartOptions): Promise<NestExpressApplication> {
  checkEnvironment();
  const logger = options.logger ?? defaultLogger();
  const backends = await prepareBackends((msg) => logger.log({ msg }, 'Database'));
  logger.log({ msg: backends }, 'Backends');
  const db = readDatabaseConfig();
  if (db.runMigrations) {
    const applied = await prepareDatabase(db.url);
    if (applied.length > 0) {
      logger.log({ msg: 'migrations applied', applied }, 'Database');
    }
  }
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({ http: true, workers: options.workers }),
    { logger, bufferLogs: false, bodyParser: false },
  );
  configureHttp(app);
  return app;
}

export function defaultLogger(): JsonLogger {
  return new JsonLogger(appConfig().logLevel);
}

export function configureHttp(app: NestExpressApplication): void {
  answerClientErrorsInJson(app.getHttpServer());
  app.use(requestLogging);
  app.use(securityHeaders('/docs'));
  // Before body parsing and authentication: a refused request costs neither.
  const http = readHttpConfig();
  // The client address the per-address limit counts: the connection's, or X-Forwarded-For as set by the
  // proxies named in TRUST_PROXY.
  app.set('trust proxy', http.trustProxy);
  app.use(
    rateLimit({
      windowMs: http.rateLimitWindowMs,
      perIp: http.rateLimitPerIp,
      perToken: http.rateLimitPerToken,
    }),
  );
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
