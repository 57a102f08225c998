import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ACCESS_RULE, type AccessRule } from '@/common/auth/access.decorators';

/**
 * Every route of the API, as `METHOD /path/:param`. The access matrix (access-control.e2e-spec.ts) must
 * exercise each one for every caller, and the completeness test (hostile-input-surface.e2e-spec.ts) fails
 * when the running app registers a route that is missing here or declares no access rule. A new route:
 * add it here, give it rows in the matrix.
 */
export const MATRIX_ROUTES = [
  'POST /v1/authorities',
  'GET /v1/authorities',
  'POST /v1/authorities/:id/users',
  'GET /v1/authorities/:id/users',
  'POST /v1/users/:id/tokens',
  'DELETE /v1/users/:id/tokens',
  'GET /v1/workflows',
  'POST /v1/session',
  'GET /v1/session',
  'DELETE /v1/session',
  'GET /v1/states/:country/settings',
  'PUT /v1/states/:country/settings',
  'GET /v1/states/:country/four-eyes',
  'PUT /v1/states/:country/four-eyes',
  'POST /v1/requests/:id/preparations',
  'GET /v1/requests/:id/preparations',
  'GET /v1/preparations',
  'POST /v1/preparations/:pid/confirm',
  'POST /v1/preparations/:pid/withdraw',
  'GET /v1/states/:country/declarations',
  'PUT /v1/states/:country/declarations',
  'GET /v1/states/:country/declarations/versions',
  'GET /v1/states/:country/declarations/versions/:version',
  'GET /v1/declarations/export',
  'POST /v1/declarations/import',
  'POST /v1/webhooks',
  'GET /v1/webhooks',
  'DELETE /v1/webhooks/:id',
  'GET /v1/webhooks/:id/deliveries',
  'POST /v1/requests',
  'GET /v1/requests',
  'GET /v1/requests/:id',
  'GET /v1/requests/:id/timers',
  'GET /v1/requests/:id/receipts',
  'POST /v1/requests/:id/attachments',
  'GET /v1/requests/:id/attachments',
  'GET /v1/requests/:id/attachments/:attachmentId',
  'POST /v1/requests/:id/attachments/:attachmentId/review',
  'POST /v1/requests/:id/attachments/:attachmentId/delete',
  'GET /v1/requests/:id/conditions',
  'POST /v1/requests/:id/conditions',
  'POST /v1/requests/:id/conditions/:conditionId/accept',
  'GET /v1/requests/:id/consents',
  'POST /v1/requests/:id/consents',
  'POST /v1/requests/:id/consents/:consentId/grant',
  'POST /v1/requests/:id/consents/:consentId/refuse',
  'POST /v1/requests/:id/uses',
  'GET /v1/requests/:id/use-report',
  'PATCH /v1/requests/:id',
  'POST /v1/requests/:id/actions/:action',
  'GET /v1/requests/:id/history',
  'GET /v1/audit/events',
  'GET /v1/audit/verify',
  'GET /v1/audit/checkpoints',
  'POST /v1/audit/checkpoints',
  'GET /v1/audit/checkpoints/:seq',
  'GET /v1/audit/export',
  'GET /v1/audit/access-log',
  'GET /v1/audit/retention',
  'GET /v1/audit/stats',
  'GET /.well-known/coop-node.json',
  'GET /federation/v1/key-log',
  'GET /federation/v1/declarations',
  'POST /federation/v1/inbox',
  'GET /federation/v1/cases/:caseId/events',
  'GET /federation/v1/blobs/sha256/:hex',
  'GET /v1/federation/peers',
  'POST /v1/federation/peers',
  'POST /v1/federation/peers/:id/confirm',
  'POST /v1/federation/peers/:id/suspend',
  'POST /v1/federation/peers/:id/resume',
  'POST /v1/federation/peers/:id/declarations/import',
  'POST /v1/federation/peers/:id/resend',
  'POST /v1/federation/envelopes/:id/resend',
  'GET /v1/federation/alerts',
  'POST /v1/federation/alerts/:id/resolve',
  'GET /v1/federation/quarantine',
  'POST /v1/federation/quarantine/:requestId/lift',
  'POST /federation/v1/checkpoints/cosign',
  'POST /v1/federation/checkpoints/cosign',
  'GET /v1/federation/cosignatures',
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'GET /docs',
  'GET /docs-json',
  'GET /docs-yaml',
] as const;

/**
 * Routes served outside Nest's controllers, hence outside the global guard: the OpenAPI document and
 * Swagger UI, public by design. Anything else outside the controllers fails the completeness test.
 */
export const PUBLIC_DOCS_ROUTES = /^GET \/docs(\/.*|-json|-yaml)?$/;

/** The route (of `routes`) a concrete call such as `GET /v1/requests/<uuid>?x=1` goes to. */
export function routeOf(
  method: string,
  path: string,
  routes: readonly string[] = MATRIX_ROUTES,
): string | undefined {
  const bare = path.split('?')[0];
  return routes.find((route) => {
    const [m, pattern] = route.split(' ');
    const regex = new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
    return m === method.toUpperCase() && regex.test(bare);
  });
}

export interface RegisteredRoute {
  /** `METHOD /path/:param` */
  route: string;
  /** The controller method serving it, when it is one. */
  handler?: string;
  /** Its @Public()/@Roles() rule (method first, then class), when it is a controller route. */
  rule?: AccessRule;
}

/** Every route the running Express app serves, joined with the Nest controller method behind it. */
export function registeredRoutes(app: NestExpressApplication): RegisteredRoute[] {
  const nest = new Map<string, { handler: string; rule?: AccessRule }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => object) | null;
      if (!type) {
        continue;
      }
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const fn = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof fn !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, fn)) {
          continue;
        }
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
        const sub = String(Reflect.getMetadata(PATH_METADATA, fn) ?? '');
        const path = `/${[base, sub]
          .map((p) => p.replace(/^\/+|\/+$/g, ''))
          .filter(Boolean)
          .join('/')}`;
        const rule = (Reflect.getMetadata(ACCESS_RULE, fn) ?? Reflect.getMetadata(ACCESS_RULE, type)) as
          AccessRule | undefined;
        nest.set(`${method} ${path}`, { handler: `${type.name}.${name}`, rule });
      }
    }
  }
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  const routes: RegisteredRoute[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) {
      continue;
    }
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (!on || method === '_all') {
        continue;
      }
      const route = `${method.toUpperCase()} ${layer.route.path}`;
      routes.push({ route, ...nest.get(route) });
    }
  }
  return routes;
}
