import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A local HTTP server standing in for an authority's system: records every POST, may fail on purpose. */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  /** Status to answer: given the call's 0-based number, and how many earlier calls carried the same delivery. */
  answer: (n: number, sameDeliveryBefore: number) => number = () => 200;
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
        const id = req.headers['x-coop-delivery'];
        const before = this.received.filter((r) => r.headers['x-coop-delivery'] === id).length;
        this.received.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
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
