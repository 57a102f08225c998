import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FaultProxy } from './fault-proxy';
import { type AddressInput, formatAddress, type LoopbackAddress, loopbackAddress } from './loopback';
import { parseRuleSpec, RuleError } from './rules';

/** The control endpoint of a fault proxy that runs as its own process (README.md lists the routes). */
export interface ControlServer {
  address: LoopbackAddress;
  /** `http://<host>:<port>`, for FaultProxyClient. */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Serves the controls of `proxy` as JSON over HTTP on a loopback address of its own (never the proxied
 * port, so that control calls are never subject to the faults):
 *
 *   GET    /status            { stats, rules, partition, listen, upstream }
 *   GET    /log?after=<seq>   { records }
 *   GET    /report            text/plain (?requests=1: one line per request too)
 *   POST   /rules             a RuleSpec -> 201 the rule (400 naming the problem)
 *   DELETE /rules             { removed }
 *   DELETE /rules/<id>        { removed: true } or 404
 *   POST   /partition         { "mode": "hang" | "refuse" }
 *   POST   /heal
 *   POST   /stats/reset
 */
export async function startControlServer(proxy: FaultProxy, listen: AddressInput): Promise<ControlServer> {
  const at = loopbackAddress(listen, 'control', true);
  const server: Server = createServer((req, res) => {
    route(proxy, req)
      .then((answer) => send(res, answer.status ?? 200, answer.body))
      .catch((err: unknown) => {
        const status = err instanceof HttpError ? err.status : err instanceof RuleError ? 400 : 500;
        send(res, status, { statusCode: status, message: err instanceof Error ? err.message : String(err) });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  const address = { host: at.host, port };
  return {
    address,
    url: `http://${formatAddress(address)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(proxy: FaultProxy, req: IncomingMessage): Promise<{ status?: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://control');
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (method === 'GET' && path === '/status') {
    return { body: { stats: proxy.stats(), rules: proxy.rules(), partition: proxy.partitioned } };
  }
  if (method === 'GET' && path === '/log') {
    const after = Number(url.searchParams.get('after') ?? '0');
    if (!Number.isInteger(after) || after < 0) {
      throw new HttpError(400, 'after must be a whole number (a record seq)');
    }
    return { body: { records: proxy.log(after) } };
  }
  if (method === 'GET' && path === '/report') {
    return { body: proxy.report({ requests: url.searchParams.get('requests') === '1' }) };
  }
  if (method === 'POST' && path === '/rules') {
    return { status: 201, body: proxy.addRule(parseRuleSpec(await readJson(req))) };
  }
  if (method === 'DELETE' && path === '/rules') {
    return { body: { removed: proxy.clearRules() } };
  }
  const one = /^\/rules\/(\d+)$/.exec(path);
  if (method === 'DELETE' && one) {
    if (!proxy.removeRule(Number(one[1]))) {
      throw new HttpError(404, `no rule ${one[1]}`);
    }
    return { body: { removed: true } };
  }
  if (method === 'POST' && path === '/partition') {
    const body = (await readJson(req)) as { mode?: unknown } | null;
    const mode = body?.mode;
    if (mode !== 'hang' && mode !== 'refuse') {
      throw new HttpError(400, 'mode must be "hang" or "refuse"');
    }
    await proxy.partition(mode);
    return { body: { partition: proxy.partitioned } };
  }
  if (method === 'POST' && path === '/heal') {
    await proxy.heal();
    return { body: { partition: proxy.partitioned } };
  }
  if (method === 'POST' && path === '/stats/reset') {
    proxy.resetStats();
    return { body: { reset: true } };
  }
  throw new HttpError(404, `no route ${method} ${path}`);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) {
      throw new HttpError(413, `body over ${MAX_BODY} bytes`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
