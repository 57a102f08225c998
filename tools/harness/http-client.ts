import { Agent, request as httpRequest } from 'node:http';

export interface HttpResult {
  status: number;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: any;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
}

/** A small keep-alive JSON client over node:http: cheaper than fetch, so the load generator stays light. */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    maxSockets = 256,
    private readonly timeoutMs = 30000,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
            ...headers,
          },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            resolve({
              status: res.statusCode ?? 0,
              body: parsed,
              headers: res.headers,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
            });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`timeout after ${this.timeoutMs} ms: ${method} ${path}`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Latency samples in ms: percentiles by nearest rank. */
export class Latencies {
  private readonly samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  percentile(p: number): number {
    if (this.samples.length === 0) {
      return 0;
    }
    const sorted = [...this.samples].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank];
  }

  summary(): { count: number; p50: number; p99: number; max: number } {
    return {
      count: this.count,
      p50: round(this.percentile(50)),
      p99: round(this.percentile(99)),
      max: round(this.percentile(100)),
    };
  }
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Spreads calls over several API processes in turn, as a load balancer in front of them would. */
export class SpreadingClient extends HttpClient {
  private turn = 0;

  constructor(private readonly clients: HttpClient[]) {
    super(clients[0].baseUrl, 1);
  }

  override send(...args: Parameters<HttpClient['send']>): ReturnType<HttpClient['send']> {
    const client = this.clients[this.turn++ % this.clients.length];
    return client.send(...args);
  }

  override close(): void {
    this.clients.forEach((c) => c.close());
    super.close();
  }
}
