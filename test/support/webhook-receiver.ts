import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** Whether the package's Webhook.verify accepted it on arrival with `secret`; null when no secret was set. */
  verified: boolean | null;
  /** Why verification failed, when it did. */
  verifyError?: string;
}

/** The Standard Webhooks check of one request, as a receiver does it with the package. */
export function verifyStandard(secret: string, body: string, headers: IncomingHttpHeaders): string | null {
  try {
    new Webhook(secret).verify(body, headers as Record<string, string>);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * A local HTTP server standing in for an authority's system: records every POST, may fail on purpose, and
 * verifies each one's Standard Webhooks signature on arrival once `secret` is set.
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  /** Status to answer: given the call's 0-based number, and how many earlier calls carried the same webhook-id. */
  answer: (n: number, sameDeliveryBefore: number) => number = () => 200;
  /** The webhook's signing secret, as the API returned it at creation. */
  secret?: string;
  private server?: Server;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const n = this.received.length;
        const id = req.headers['webhook-id'];
        const before = this.received.filter((r) => r.headers['webhook-id'] === id).length;
        const body = Buffer.concat(chunks).toString('utf8');
        const failure = this.secret ? verifyStandard(this.secret, body, req.headers) : null;
        this.received.push({
          headers: req.headers,
          body,
          at: Date.now(),
          verified: this.secret ? failure === null : null,
          ...(failure ? { verifyError: failure } : {}),
        });
        res.statusCode = this.answer(n, before);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
