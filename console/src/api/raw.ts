// Calls the typed client cannot name statically (an action chosen at run time): plain fetch, same origin,
// the session's CSRF token on writes, a 401 ends the session as everywhere else.
import { csrfHeaders, notifyUnauthenticated } from './client';
import { toProblem, type ApiProblem } from './errors';

export type RawResult<T> = { ok: true; data: T } | { ok: false; problem: ApiProblem };

export async function rawJson<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...csrfHeaders(method),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, problem: { status: 0, code: 'NETWORK', message: '', fields: [] } };
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // no JSON body (e.g. 204)
  }
  if (res.status === 401) {
    notifyUnauthenticated();
  }
  return res.ok ? { ok: true, data: json as T } : { ok: false, problem: toProblem(res.status, json) };
}
