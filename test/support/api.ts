import request from 'supertest';
import type { TestApp } from './test-app';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string>;
}

/** An HTTP client acting with one token, over the real network stack. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null,
  ) {}

  async send<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    let req = request(this.baseUrl)[method.toLowerCase() as 'get'](path);
    if (this.token !== null) {
      req = req.set('Authorization', `Bearer ${this.token}`);
    }
    for (const [k, v] of Object.entries(headers)) {
      req = req.set(k, v);
    }
    const res = body === undefined ? await req : await req.send(body as object);
    return { status: res.status, body: res.body as T, headers: res.headers };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.send<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.send<T>('POST', path, body ?? {}, headers);
  }
  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.send<T>('PATCH', path, body, headers);
  }
  act<T = any>(id: string, action: string, payload: unknown = {}, headers?: Record<string, string>) {
    return this.send<T>('POST', `/v1/requests/${id}/actions/${action}`, payload, headers);
  }
}

export function apiFor(t: TestApp, token: string | null): Api {
  return new Api(t.baseUrl, token);
}
