/** A minimal JSON client for the demo (and the bench): what a counterpart's system would do over HTTP. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    readonly token: string,
  ) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : {};
    if (!res.ok) {
      throw new ApiError(res.status, json);
    }
    return json as T;
  }

  act<T = Record<string, unknown>>(id: string, action: string, payload: unknown = {}): Promise<T> {
    return this.call<T>('POST', `/v1/requests/${id}/actions/${action}`, payload);
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}
