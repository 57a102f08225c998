import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { type DialOverrides, readDialConfig } from '@/config/federation-dial.config';

/*
 * The one way this node opens a connection to a peer (inbox POSTs, node documents and key logs, gap
 * filling, document pulls): `peerFetch(url, init)`, the same call and answer as fetch(). When
 * FEDERATION_CONNECT_TO names the URL's origin (src/config/federation-dial.config.ts), the TCP connection
 * goes to the address named there and the request is otherwise unchanged: same target, same Host, same
 * signed `@target-uri`. Node's fetch cannot do that (it sets Host from the URL), so those requests go
 * through node:http and their answer is wrapped in a Response.
 */

let overrides: DialOverrides | undefined;

/** The overrides read from the environment (validated at start-up by checkEnvironment). */
function dialOverrides(): DialOverrides {
  overrides ??= readDialConfig();
  return overrides;
}

/** For tests: use these overrides instead of the environment's (undefined: read it again). */
export function setDialOverridesForTest(next: DialOverrides | undefined): void {
  overrides = next;
}

export async function peerFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const target = new URL(url);
  const dial = dialOverrides().get(target.origin);
  if (!dial) {
    return fetch(url, init);
  }
  const headers = new Headers(init.headers);
  const outgoing: Record<string, string> = {};
  headers.forEach((value, name) => {
    outgoing[name] = value;
  });
  outgoing.host = target.host;
  const body = await bodyBytes(init.body);
  if (body !== undefined) {
    outgoing['content-length'] = String(body.byteLength);
  }
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest({
      host: dial.host,
      port: dial.port,
      method: init.method ?? 'GET',
      path: `${target.pathname}${target.search}`,
      headers: outgoing,
      signal: init.signal ?? undefined,
    });
    req.once('response', resolve);
    req.once('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
    req.end(body);
  });
  const answerHeaders = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    answerHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  }
  const status = res.statusCode ?? 502;
  if (status < 200 || status > 599 || [204, 205, 304].includes(status) || init.method === 'HEAD') {
    res.resume();
    return new Response(null, {
      status: status < 200 || status > 599 ? 502 : status,
      headers: answerHeaders,
    });
  }
  const stream = Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>;
  return new Response(stream, { status, statusText: res.statusMessage, headers: answerHeaders });
}

/** The request body as bytes (the federation sends JSON text or bytes; a stream is read whole). */
async function bodyBytes(body: RequestInit['body']): Promise<Buffer | undefined> {
  if (body === undefined || body === null) {
    return undefined;
  }
  if (typeof body === 'string') {
    return Buffer.from(body, 'utf8');
  }
  if (body instanceof ArrayBuffer) {
    return Buffer.from(body);
  }
  if (ArrayBuffer.isView(body)) {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  if (body instanceof ReadableStream) {
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.fromWeb(body)) {
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks);
  }
  throw new TypeError('peerFetch: the body must be a string, bytes or a stream');
}
