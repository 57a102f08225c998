// The typed client of the engine's public API (openapi-fetch over the types generated from /docs-json),
// same origin, with the session cookie; every write carries the session's CSRF token.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type RequestSummary = Schemas['RequestSummaryResponse'];
export type RequestDetail = Schemas['RequestResponse'];
export type Workflow = Schemas['WorkflowDescription'];
export type WorkflowAction = Schemas['ActionDescription'];
export type Timer = Schemas['TimerResponse'];
export type AuditEvent = Schemas['AuditEventResponse'];
export type Attachment = Schemas['AttachmentResponse'];

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => undefined;

/** The session's CSRF token, sent as X-CSRF-Token on every non-GET call. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when any call answers 401 (back to sign-in). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export function notifyUnauthenticated(): void {
  onUnauthenticated();
}

export function csrfHeaders(method: string): Record<string, string> {
  return method !== 'GET' && method !== 'HEAD' && csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

const session: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(csrfHeaders(request.method))) {
      request.headers.set(name, value);
    }
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) {
      notifyUnauthenticated();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(session);
