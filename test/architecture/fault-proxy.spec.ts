import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import {
  FaultProxy,
  FaultProxyClient,
  forwardableHeaders,
  isLoopbackIPv4,
  loopbackAddress,
  parseRuleSpec,
  startControlServer,
  startFaultProxyProcess,
} from '../../tools/fault-proxy';
import { parseCliArgs } from '../../tools/fault-proxy/main';
import { pathHasPrefix } from '../../tools/fault-proxy/rules';

/*
 * The fault proxy (tools/fault-proxy) against a real upstream HTTP server on 127.0.0.1, with real clients
 * (node:http without keep-alive, and raw sockets where the bytes matter). No database: the unit project.
 */

const BLOB_SIZE = 20 * 1024 * 1024;
/** A 20 MB document the upstream serves (Range-capable) with its RFC 9530 digest. */
const BLOB = randomBytes(BLOB_SIZE);
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const contentDigest = (data: Buffer): string =>
  `sha-256=:${createHash('sha256').update(data).digest('base64')}:`;

interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  bodyBytes: number;
  bodySha256: string;
}

/** The upstream: records every request it fully read, and answers by path. */
class Upstream {
  readonly seen: Seen[] = [];
  /** Requests that broke off before their end (the proxy cut them). */
  aborted = 0;
  server!: Server;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      req.on('error', () => this.aborted++);
      req.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      req.on('end', () => {
        const seen: Seen = {
          method: req.method ?? '',
          url: req.url ?? '',
          rawHeaders: req.rawHeaders,
          bodyBytes: bytes,
          bodySha256: hash.digest('hex'),
        };
        this.seen.push(seen);
        this.answer(req, seen, res);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  private answer(req: IncomingMessage, seen: Seen, res: import('node:http').ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/blob') {
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = range[2] === '' ? BLOB_SIZE - 1 : Number(range[2]);
        const part = BLOB.subarray(start, end + 1);
        res.writeHead(206, {
          'content-type': 'application/octet-stream',
          'content-range': `bytes ${start}-${end}/${BLOB_SIZE}`,
          'content-length': part.length,
          'accept-ranges': 'bytes',
        });
        res.end(part);
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-digest': contentDigest(BLOB),
        'accept-ranges': 'bytes',
        'content-length': BLOB_SIZE,
      });
      // Streamed in 64 KiB pieces, so that the proxy relays a stream, not one buffer.
      Readable.from(
        (function* () {
          for (let i = 0; i < BLOB_SIZE; i += 65536) {
            yield BLOB.subarray(i, i + 65536);
          }
        })(),
      ).pipe(res);
      return;
    }
    if (path === '/no-date') {
      res.sendDate = false;
      res.writeHead(204, { 'x-signed': 'yes' });
      res.end();
      return;
    }
    if (path === '/federation/v1/inbox' && req.method === 'POST') {
      res.writeHead(202, { 'content-type': 'application/json', signature: 'sig1=:receipt:' });
      res.end(JSON.stringify({ stored: this.seen.length }));
      return;
    }
    const body = JSON.stringify({
      method: seen.method,
      url: seen.url,
      bytes: seen.bodyBytes,
      sha256: seen.bodySha256,
    });
    res.writeHead(200, [
      'Content-Type',
      'application/json',
      'X-Multi',
      'one',
      'x-multi',
      'two',
      'Content-Length',
      String(Buffer.byteLength(body)),
    ]);
    res.end(body);
  }

  count(filter: (s: Seen) => boolean = () => true): number {
    return this.seen.filter(filter).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Answer {
  status: number;
  rawHeaders: string[];
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

/** One request on a fresh connection; rejects with the socket error when there is no answer. */
function send(
  port: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string> | string[]; body?: Buffer | Readable; host?: string } = {},
): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: options.host ?? '127.0.2.1', port, method, path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            rawHeaders: res.rawHeaders,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: Date.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body instanceof Readable) {
      options.body.pipe(req);
    } else {
      req.end(options.body);
    }
  });
}

/** The error a request ended with (fails the test if it got an answer). */
async function failure(promise: Promise<Answer>): Promise<NodeJS.ErrnoException> {
  try {
    const answer = await promise;
    throw new Error(`expected no answer, got ${answer.status}`);
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

const isReset = (err: NodeJS.ErrnoException): boolean =>
  err.code === 'ECONNRESET' && err.message !== 'socket hang up';
const isClosed = (err: NodeJS.ErrnoException): boolean => err.message === 'socket hang up';

describe('fault proxy', () => {
  let upstream: Upstream;
  let proxy: FaultProxy;
  let port: number;

  beforeAll(async () => {
    upstream = await new Upstream().start();
  });

  afterAll(() => upstream.close());

  beforeEach(async () => {
    upstream.seen.length = 0;
    upstream.aborted = 0;
    proxy = await FaultProxy.start({
      listen: '127.0.2.1:0',
      upstream: `127.0.0.1:${upstream.port}`,
      name: 'A->B',
    });
    port = proxy.address.port;
  });

  afterEach(() => proxy.close());

  describe('loopback only', () => {
    it('accepts 127.0.0.0/8 literals and refuses every other address, name or form', () => {
      expect(loopbackAddress('127.0.0.3:4000', 'upstream')).toEqual({ host: '127.0.0.3', port: 4000 });
      expect(loopbackAddress('http://127.255.0.9:80', 'upstream')).toEqual({ host: '127.255.0.9', port: 80 });
      expect(loopbackAddress({ host: '127.0.2.1', port: 0 }, 'listen', true).port).toBe(0);
      for (const bad of [
        '10.0.0.1:80',
        '0.0.0.0:80',
        '128.0.0.1:80',
        'localhost:80',
        '[::1]:80',
        '127.1:80',
        'http://example.org:80',
        'https://127.0.0.1:443',
        'http://127.0.0.1:80/path',
        '127.0.0.1',
      ]) {
        expect(() => loopbackAddress(bad, 'upstream')).toThrow(/upstream/);
      }
      expect(() => loopbackAddress('127.0.0.1:0', 'upstream')).toThrow(/port 0/);
      expect(isLoopbackIPv4('::ffff:127.0.0.1')).toBe(false);
    });

    it('will not start listening or forwarding outside 127.0.0.0/8', async () => {
      await expect(FaultProxy.start({ listen: '0.0.0.0:0', upstream: '127.0.0.1:1' })).rejects.toThrow(
        /listen: 0.0.0.0 is not a 127.0.0.0\/8 address/,
      );
      await expect(FaultProxy.start({ listen: '127.0.2.1:0', upstream: '192.168.1.1:80' })).rejects.toThrow(
        /upstream: 192.168.1.1/,
      );
      await expect(startControlServer(proxy, '0.0.0.0:0')).rejects.toThrow(/control/);
      expect(() => new FaultProxyClient('http://10.1.1.1:80')).toThrow(/control/);
    });
  });

  describe('pass', () => {
    it('forwards the target, Host and every end-to-end header unchanged, and relays the answer as sent', async () => {
      const body = Buffer.from('{"v":1,"id":"e1"}');
      const headers = [
        'Host',
        'b.example:8443',
        'Content-Type',
        'application/json',
        'Content-Digest',
        contentDigest(body),
        'Signature-Input',
        'sig1=("@method" "@target-uri" "content-digest" "content-type");created=1;keyid="k1"',
        'Signature',
        'sig1=:c2lnbmF0dXJl:',
        'X-Dup',
        'a',
        'x-dup',
        'b',
        'Connection',
        'keep-alive, X-Hop',
        'X-Hop',
        'hop-by-hop, not forwarded',
        'Content-Length',
        String(body.length),
      ];
      const answer = await send(port, 'POST', '/federation/v1/inbox/../x?after=3&y=%2F', { headers, body });
      expect(answer.status).toBe(200);
      const seen = upstream.seen[0];
      expect(seen.url).toBe('/federation/v1/inbox/../x?after=3&y=%2F');
      expect(seen.bodySha256).toBe(sha256(body));
      // Every header but the connection's own, in the sender's order and letter case, duplicates kept.
      expect(seen.rawHeaders.slice(0, 16)).toEqual(headers.slice(0, 14).concat(headers.slice(18)));
      expect(seen.rawHeaders).not.toContain('X-Hop');
      // The answer's headers as the upstream wrote them, duplicates kept.
      expect(answer.rawHeaders.slice(0, 6)).toEqual([
        'Content-Type',
        'application/json',
        'X-Multi',
        'one',
        'x-multi',
        'two',
      ]);
      expect(proxy.stats().outcomes.passed).toBe(1);
    });

    it('adds no header of its own to a relayed answer (no Date the upstream did not send)', async () => {
      const answer = await send(port, 'GET', '/no-date');
      expect(answer.status).toBe(204);
      expect(answer.headers.date).toBeUndefined();
      expect(answer.headers['x-signed']).toBe('yes');
    });

    it('rewrites Host only when configured to', async () => {
      const rewriting = await FaultProxy.start({
        listen: '127.0.2.1:0',
        upstream: `127.0.0.1:${upstream.port}`,
        rewriteHost: true,
      });
      try {
        await send(rewriting.address.port, 'GET', '/x', { headers: { host: 'b.example' } });
        expect(headerOf(upstream.seen[0], 'host')).toBe(`127.0.0.1:${upstream.port}`);
      } finally {
        await rewriting.close();
      }
    });

    it('keeps a client connection alive across requests (keep-alive to the client, one upstream connection each)', async () => {
      const socket = await openSocket(port);
      const answers = await exchange(
        socket,
        'GET /a HTTP/1.1\r\nHost: b\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\n\r\n',
        2,
      );
      socket.destroy();
      expect(answers.filter((a) => a.startsWith('HTTP/1.1 200'))).toHaveLength(2);
      expect(upstream.seen.map((s) => s.url)).toEqual(['/a', '/b']);
      expect(proxy.stats().connections).toBe(1);
    });
  });

  describe('streaming', () => {
    it('streams a 20 MB upload to the upstream, chunked or with a length, the digest unchanged', async () => {
      const digest = contentDigest(BLOB);
      const chunked = await send(port, 'POST', '/upload', {
        headers: { 'content-type': 'application/octet-stream', 'content-digest': digest },
        body: Readable.from(
          (function* () {
            for (let i = 0; i < BLOB_SIZE; i += 100000) {
              yield BLOB.subarray(i, i + 100000);
            }
          })(),
        ),
      });
      const sized = await send(port, 'PUT', '/upload', {
        headers: { 'content-length': String(BLOB_SIZE), 'content-digest': digest },
        body: BLOB,
      });
      for (const [answer, seen] of [
        [chunked, upstream.seen[0]],
        [sized, upstream.seen[1]],
      ] as const) {
        expect(JSON.parse(answer.body.toString())).toMatchObject({ bytes: BLOB_SIZE, sha256: sha256(BLOB) });
        expect(
          seen.rawHeaders[seen.rawHeaders.findIndex((h) => h.toLowerCase() === 'content-digest') + 1],
        ).toBe(digest);
      }
      expect(upstream.seen[0].rawHeaders.map((h) => h.toLowerCase())).toContain('transfer-encoding');
      expect(proxy.log().map((r) => r.requestBytes)).toEqual([BLOB_SIZE, BLOB_SIZE]);
    });

    it('streams a 20 MB download to the client, digest header and bytes unchanged', async () => {
      const answer = await send(port, 'GET', '/blob');
      expect(answer.status).toBe(200);
      expect(answer.body.length).toBe(BLOB_SIZE);
      expect(sha256(answer.body)).toBe(sha256(BLOB));
      expect(answer.headers['content-digest']).toBe(contentDigest(BLOB));
      expect(answer.headers['content-length']).toBe(String(BLOB_SIZE));
      expect(proxy.log()[0]).toMatchObject({ outcome: 'passed', status: 200, responseBytes: BLOB_SIZE });
    });

    it('passes Range requests through: a part, then the rest resumed, make the whole document', async () => {
      const first = await send(port, 'GET', '/blob', { headers: { range: 'bytes=0-999999' } });
      expect(first.status).toBe(206);
      expect(first.headers['content-range']).toBe(`bytes 0-999999/${BLOB_SIZE}`);
      const rest = await send(port, 'GET', '/blob', { headers: { range: 'bytes=1000000-' } });
      expect(rest.status).toBe(206);
      expect(rest.headers['content-range']).toBe(`bytes 1000000-${BLOB_SIZE - 1}/${BLOB_SIZE}`);
      expect(sha256(Buffer.concat([first.body, rest.body]))).toBe(sha256(BLOB));
      expect(upstream.seen.map((s) => headerOf(s, 'range'))).toEqual(['bytes=0-999999', 'bytes=1000000-']);
    });
  });

  describe('faults', () => {
    it('delay: holds each request the fixed time before forwarding', async () => {
      proxy.addRule({ fault: { mode: 'delay', ms: 300 } });
      const answer = await send(port, 'GET', '/x');
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeGreaterThanOrEqual(290);
      expect(proxy.log()[0]).toMatchObject({ outcome: 'passed', delayMs: 300, fault: 'pass' });
      expect(proxy.stats().delayed).toBe(1);
    });

    it('delay: a random time within the range', async () => {
      const draws = [0, 0.999, 0.5];
      const seeded = await FaultProxy.start({
        listen: '127.0.2.1:0',
        upstream: `127.0.0.1:${upstream.port}`,
        random: () => draws.shift() ?? 0,
      });
      try {
        seeded.addRule({ fault: { mode: 'delay', ms: { min: 50, max: 150 } } });
        for (let i = 0; i < 3; i++) {
          await send(seeded.address.port, 'GET', '/x');
        }
        expect(seeded.log().map((r) => r.delayMs)).toEqual([50, 150, 100]);
      } finally {
        await seeded.close();
      }
    });

    it('drop-request: the request is read and never forwarded; the connection is closed without an answer', async () => {
      proxy.addRule({ fault: { mode: 'drop-request' } });
      const err = await failure(send(port, 'POST', '/federation/v1/inbox', { body: Buffer.from('{"a":1}') }));
      expect(isClosed(err)).toBe(true);
      expect(upstream.count()).toBe(0);
      expect(proxy.log()[0]).toMatchObject({ outcome: 'dropped-request', requestBytes: 7 });
      expect(proxy.log()[0].status).toBeUndefined();
    });

    it('drop-answer: the upstream receives and processes the request and answers; the client sees a reset', async () => {
      proxy.addRule({ fault: { mode: 'drop-answer' } });
      const body = Buffer.from('{"v":1,"id":"submission"}');
      const err = await failure(
        send(port, 'POST', '/federation/v1/inbox', { headers: { 'content-type': 'application/json' }, body }),
      );
      expect(isReset(err)).toBe(true);
      expect(upstream.count((s) => s.url === '/federation/v1/inbox' && s.bodySha256 === sha256(body))).toBe(
        1,
      );
      expect(proxy.log()[0]).toMatchObject({
        outcome: 'dropped-answer',
        upstreamStatus: 202,
        fault: 'drop-answer',
      });
      expect(proxy.log()[0].status).toBeUndefined();
    });

    it('unavailable: answers 503 (or the given status, with Retry-After) without forwarding', async () => {
      proxy.addRule({ fault: { mode: 'unavailable' }, times: 1 });
      proxy.addRule({ fault: { mode: 'unavailable', status: 429, retryAfterS: 7 }, times: 1 });
      const first = await send(port, 'POST', '/federation/v1/inbox', { body: Buffer.from('x') });
      const second = await send(port, 'POST', '/federation/v1/inbox', { body: Buffer.from('x') });
      expect(first.status).toBe(503);
      expect(first.headers['x-fault-proxy']).toBe('unavailable');
      expect(second.status).toBe(429);
      expect(second.headers['retry-after']).toBe('7');
      expect(upstream.count()).toBe(0);
      expect(proxy.stats().outcomes.unavailable).toBe(2);
    });

    it('respond: answers the status, body and headers without forwarding (an impostor)', async () => {
      proxy.addRule({
        fault: {
          mode: 'respond',
          status: 200,
          body: '{"forged":true}',
          headers: { 'cache-control': 'no-cache' },
        },
        match: { method: 'GET', path: '/federation/v1/key-log' },
        times: 1,
      });
      const forged = await send(port, 'GET', '/federation/v1/key-log');
      expect(forged.status).toBe(200);
      expect(forged.body.toString()).toBe('{"forged":true}');
      expect(forged.headers['cache-control']).toBe('no-cache');
      expect(forged.headers['x-fault-proxy']).toBe('respond');
      expect(upstream.count()).toBe(0);
      expect(proxy.log()[0]).toMatchObject({ outcome: 'responded', status: 200, fault: 'respond' });
      expect(() => parseRuleSpec({ fault: { mode: 'respond', status: 200 } })).toThrow('rule.fault.body');
    });

    it('reset: a TCP reset as soon as the request arrives; nothing forwarded', async () => {
      proxy.addRule({ fault: { mode: 'reset' } });
      const err = await failure(send(port, 'GET', '/x'));
      expect(isReset(err)).toBe(true);
      expect(upstream.count()).toBe(0);
      expect(proxy.log()[0].outcome).toBe('reset');
    });

    it('hang: holds matching requests until heal(), then closes their connections', async () => {
      proxy.addRule({ fault: { mode: 'hang' }, match: { path: '/slow' } });
      const held = failure(send(port, 'GET', '/slow'));
      await waitFor(() => proxy.stats().inFlight === 1);
      expect((await send(port, 'GET', '/other')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(proxy.stats().inFlight).toBe(1);
      await proxy.heal();
      expect(isClosed(await held)).toBe(true);
      expect(upstream.count((s) => s.url === '/slow')).toBe(0);
      expect(proxy.log().find((r) => r.target === '/slow')).toMatchObject({
        outcome: 'hung',
        note: 'released by heal()',
      });
    });

    it('partition (hang): every request is held, none forwarded, until healed; then traffic passes', async () => {
      await proxy.partition('hang');
      const a = failure(send(port, 'GET', '/a'));
      const b = failure(send(port, 'POST', '/federation/v1/inbox', { body: Buffer.from('x') }));
      await waitFor(() => proxy.stats().inFlight === 2);
      await new Promise((r) => setTimeout(r, 200));
      expect(upstream.count()).toBe(0);
      await proxy.heal();
      expect(isClosed(await a)).toBe(true);
      expect(isClosed(await b)).toBe(true);
      expect((await send(port, 'GET', '/after')).status).toBe(200);
      expect(proxy.stats().outcomes).toMatchObject({ hung: 2, passed: 1 });
    });

    it('partition (refuse): new connections are refused, open ones reset; after heal, the same port serves again', async () => {
      // An idle keep-alive connection, and one whose request is in flight (delayed) when the partition starts.
      const idle = await openSocket(port);
      await exchange(idle, 'GET /before HTTP/1.1\r\nHost: b\r\n\r\n', 1);
      proxy.addRule({ fault: { mode: 'delay', ms: 300 }, match: { path: '/in-flight' } });
      const busy = await openSocket(port);
      const inFlight = exchange(busy, 'GET /in-flight HTTP/1.1\r\nHost: b\r\n\r\n', 1);
      await waitFor(() => proxy.stats().inFlight === 1);
      await proxy.partition('refuse');
      expect(proxy.partitioned).toBe('refuse');
      expect((await failure(send(port, 'GET', '/x'))).code).toBe('ECONNREFUSED');
      await waitFor(() => idle.destroyed);
      // The request already under way finishes; the next one on that connection is reset.
      expect((await inFlight)[0]).toMatch(/^HTTP\/1\.1 200/);
      const err = await new Promise<Error>((resolve) => {
        busy.once('error', resolve);
        busy.write('GET /during HTTP/1.1\r\nHost: b\r\n\r\n');
      });
      expect(err.message).toMatch(/ECONNRESET/);
      await proxy.heal();
      expect(proxy.address.port).toBe(port);
      expect((await send(port, 'GET', '/after')).status).toBe(200);
      expect(upstream.seen.map((s) => s.url)).toEqual(['/before', '/in-flight', '/after']);
      expect(proxy.log().map((r) => r.outcome)).toEqual(['passed', 'passed', 'refused', 'passed']);
    });

    it('upstream down: 502 naming the upstream (or a reset when configured)', async () => {
      const dead = await FaultProxy.start({ listen: '127.0.2.1:0', upstream: '127.0.0.1:1' });
      const resetting = await FaultProxy.start({
        listen: '127.0.2.1:0',
        upstream: '127.0.0.1:1',
        upstreamErrors: 'reset',
      });
      try {
        const answer = await send(dead.address.port, 'POST', '/x', { body: Buffer.from('x') });
        expect(answer.status).toBe(502);
        expect(answer.headers['x-fault-proxy']).toBe('upstream-error');
        expect(answer.body.toString()).toMatch(/127\.0\.0\.1:1.*ECONNREFUSED/);
        expect(isReset(await failure(send(resetting.address.port, 'GET', '/x')))).toBe(true);
        expect(dead.log()[0].outcome).toBe('upstream-error');
      } finally {
        await dead.close();
        await resetting.close();
      }
    });

    it('a client that breaks off an upload: the upstream exchange is cut too, nothing completes', async () => {
      const socket = await openSocket(port);
      socket.write(`PUT /upload HTTP/1.1\r\nHost: b\r\nContent-Length: ${BLOB_SIZE}\r\n\r\n`);
      socket.write(BLOB.subarray(0, 1024 * 1024));
      await waitFor(() => proxy.stats().inFlight === 1 && proxy.log().length === 0);
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      await waitFor(() => proxy.stats().requests === 1);
      expect(proxy.log()[0].outcome).toBe('client-aborted');
      await waitFor(() => upstream.aborted === 1);
      expect(upstream.count()).toBe(0);
    });

    it('a client that gives up during a delay: recorded, nothing forwarded', async () => {
      proxy.addRule({ fault: { mode: 'delay', ms: 500 } });
      const socket = await openSocket(port);
      socket.write('GET /abandoned HTTP/1.1\r\nHost: b\r\n\r\n');
      await waitFor(() => proxy.stats().inFlight === 1);
      socket.destroy();
      await waitFor(() => proxy.stats().requests === 1);
      expect(proxy.log()[0].outcome).toBe('client-aborted');
      await new Promise((r) => setTimeout(r, 600));
      expect(upstream.count()).toBe(0);
    });
  });

  describe('rules', () => {
    it('apply to the next N requests only, then requests pass; spent rules stay listed', async () => {
      const rule = proxy.addRule({ fault: { mode: 'unavailable' }, times: 2, label: 'two 503s' });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await send(port, 'GET', '/x')).status);
      }
      expect(statuses).toEqual([503, 503, 200, 200]);
      expect(proxy.rules()).toEqual([
        expect.objectContaining({ id: rule.id, applied: 2, remaining: 0, label: 'two 503s' }),
      ]);
    });

    it('match a method and a path prefix on segment boundaries: only POST /federation/v1/inbox', async () => {
      proxy.addRule({
        fault: { mode: 'unavailable' },
        match: { method: 'POST', path: '/federation/v1/inbox' },
      });
      const inbox = await send(port, 'POST', '/federation/v1/inbox', { body: Buffer.from('x') });
      const query = await send(port, 'POST', '/federation/v1/inbox?x=1', { body: Buffer.from('x') });
      const get = await send(port, 'GET', '/federation/v1/inbox');
      const other = await send(port, 'POST', '/federation/v1/inboxes', { body: Buffer.from('x') });
      const blob = await send(port, 'GET', '/blob', { headers: { range: 'bytes=0-9' } });
      expect([inbox.status, query.status, get.status, other.status, blob.status]).toEqual([
        503, 503, 200, 200, 206,
      ]);
      expect(pathHasPrefix('/federation/v1/blobs/sha256/ab', '/federation/v1/blobs/')).toBe(true);
      expect(pathHasPrefix('/federation/v1/blobsx', '/federation/v1/blobs')).toBe(false);
    });

    it('match a header (e.g. the signing key named in Signature-Input)', async () => {
      proxy.addRule({
        fault: { mode: 'reset' },
        match: { header: { name: 'Signature-Input', includes: 'keyid="old"' } },
      });
      const bad = failure(send(port, 'GET', '/x', { headers: { 'signature-input': 'sig1=();keyid="old"' } }));
      expect(isReset(await bad)).toBe(true);
      expect(
        (await send(port, 'GET', '/x', { headers: { 'signature-input': 'sig1=();keyid="new"' } })).status,
      ).toBe(200);
    });

    it('combine: delays add up, the first deciding rule wins, pass shields, and clearRules ends them all', async () => {
      proxy.addRule({ fault: { mode: 'delay', ms: 100 } });
      proxy.addRule({ fault: { mode: 'delay', ms: 50 }, match: { method: 'POST' } });
      proxy.addRule({ fault: { mode: 'pass' }, match: { path: '/health' } });
      const lost = proxy.addRule({
        fault: { mode: 'drop-answer' },
        match: { method: 'POST', path: '/federation/v1/inbox' },
        times: 1,
      });
      proxy.addRule({ fault: { mode: 'unavailable' } });

      expect(
        isReset(await failure(send(port, 'POST', '/federation/v1/inbox', { body: Buffer.from('e1') }))),
      ).toBe(true);
      expect((await send(port, 'POST', '/federation/v1/inbox', { body: Buffer.from('e1') })).status).toBe(
        503,
      );
      expect((await send(port, 'GET', '/health/ready')).status).toBe(200);
      const log = proxy.log();
      expect(log.map((r) => [r.outcome, r.delayMs])).toEqual([
        ['dropped-answer', 150],
        ['unavailable', 150],
        ['passed', 100],
      ]);
      expect(log[0].rules).toEqual([1, 2, lost.id]);
      expect(upstream.seen.map((s) => s.url)).toEqual(['/federation/v1/inbox', '/health/ready']);

      expect(proxy.clearRules()).toBe(5);
      const plain = await send(port, 'POST', '/federation/v1/inbox', { body: Buffer.from('e2') });
      expect(plain.status).toBe(202);
      expect(plain.ms).toBeLessThan(100);
    });

    it('refuse malformed rules with the field named', () => {
      expect(() => proxy.addRule({ fault: { mode: 'explode' } } as never)).toThrow(
        /rule.fault.mode must be one of/,
      );
      expect(() => parseRuleSpec({ fault: { mode: 'delay', ms: -1 } })).toThrow(/rule.fault.ms/);
      expect(() => parseRuleSpec({ fault: { mode: 'delay', ms: { min: 9, max: 1 } } })).toThrow(/max/);
      expect(() => parseRuleSpec({ fault: { mode: 'reset' }, times: 0 })).toThrow(/rule.times/);
      expect(() => parseRuleSpec({ fault: { mode: 'reset' }, match: { pth: '/x' } })).toThrow(
        /rule.match.pth is not a known field/,
      );
      expect(() => parseRuleSpec({ fault: { mode: 'reset' }, match: { path: 'x' } })).toThrow(
        /rule.match.path/,
      );
      expect(() => parseRuleSpec({ fault: { mode: 'unavailable', status: 200 } })).toThrow(
        /rule.fault.status/,
      );
      expect(proxy.rules()).toEqual([]);
    });
  });

  describe('counters and log', () => {
    it('count every request by outcome and keep a record of what was done to each', async () => {
      proxy.addRule({ fault: { mode: 'unavailable' }, times: 1 });
      proxy.addRule({ fault: { mode: 'reset' }, times: 1 });
      await send(port, 'GET', '/one');
      await failure(send(port, 'GET', '/two'));
      await send(port, 'POST', '/three', { body: Buffer.from('12345') });
      const stats = proxy.stats();
      expect(stats).toMatchObject({
        name: 'A->B',
        requests: 3,
        inFlight: 0,
        outcomes: expect.objectContaining({ unavailable: 1, reset: 1, passed: 1 }),
      });
      const log = proxy.log();
      expect(log.map((r) => [r.seq, r.method, r.target, r.outcome, r.status])).toEqual([
        [1, 'GET', '/one', 'unavailable', 503],
        [2, 'GET', '/two', 'reset', undefined],
        [3, 'POST', '/three', 'passed', 200],
      ]);
      expect(proxy.log(2).map((r) => r.seq)).toEqual([3]);
      expect(log[2]).toMatchObject({ host: `127.0.2.1:${port}`, requestBytes: 5 });
      const report = proxy.report({ requests: true });
      expect(report).toContain('fault proxy A->B');
      expect(report).toContain('3 requests: passed 1, unavailable 1, reset 1');
      expect(report).toContain('#2 GET /two -> reset');
      const waited = await proxy.waitForRequests(1, (r) => r.outcome === 'reset');
      expect(waited[0].target).toBe('/two');
      proxy.resetStats();
      expect(proxy.stats().requests).toBe(0);
      await send(port, 'GET', '/four');
      expect(proxy.log().map((r) => r.seq)).toEqual([4]);
    });
  });

  describe('control endpoint (the proxy as its own process)', () => {
    it('drives rules, partitions, counters and the log over HTTP', async () => {
      const control = await startControlServer(proxy, '127.0.2.1:0');
      try {
        const client = new FaultProxyClient(control.url);
        const rule = await client.addRule({
          fault: { mode: 'unavailable' },
          match: { method: 'POST' },
          times: 1,
        });
        expect(rule).toMatchObject({ id: 1, remaining: 1 });
        expect((await send(port, 'POST', '/x', { body: Buffer.from('x') })).status).toBe(503);
        expect((await client.rules())[0]).toMatchObject({ applied: 1, remaining: 0 });
        await expect(client.addRule({ fault: { mode: 'nope' } } as never)).rejects.toThrow(
          /400 rule.fault.mode/,
        );
        expect(await client.removeRule(99)).toBe(false);
        expect(await client.removeRule(rule.id)).toBe(true);

        await client.partition('refuse');
        expect((await failure(send(port, 'GET', '/x'))).code).toBe('ECONNREFUSED');
        expect((await client.stats()).partition).toBe('refuse');
        await client.heal();
        expect((await send(port, 'GET', '/x')).status).toBe(200);

        const log = await client.log();
        expect(log.map((r) => r.outcome)).toEqual(['unavailable', 'passed']);
        expect(await client.report()).toContain('2 requests');
        await client.resetStats();
        expect((await client.stats()).requests).toBe(0);
        expect(await client.clearRules()).toBe(0);
      } finally {
        await control.close();
      }
    });

    it('starts from command-line arguments, refusing bad ones', async () => {
      expect(() => parseCliArgs(['--listen', '127.0.2.1:0'])).toThrow(/--upstream is required/);
      expect(() => parseCliArgs(['--bogus'])).toThrow(/unknown argument/);
      const running = await startFaultProxyProcess([
        '--listen',
        '127.0.2.2:0',
        '--upstream',
        `127.0.0.1:${upstream.port}`,
        '--control',
        '127.0.2.2:0',
        '--name',
        'B->A',
      ]);
      try {
        const client = new FaultProxyClient(running.control.url);
        await client.addRule({ fault: { mode: 'drop-answer' }, times: 1 });
        const err = await failure(
          send(running.proxy.address.port, 'POST', '/federation/v1/inbox', {
            host: '127.0.2.2',
            body: Buffer.from('x'),
          }),
        );
        expect(isReset(err)).toBe(true);
        expect(upstream.count()).toBe(1);
        expect((await client.stats()).outcomes['dropped-answer']).toBe(1);
      } finally {
        await running.close();
      }
      await expect(
        startFaultProxyProcess([
          '--listen',
          '127.0.2.2:0',
          '--upstream',
          '8.8.8.8:53',
          '--control',
          '127.0.2.2:0',
        ]),
      ).rejects.toThrow(/upstream: 8.8.8.8 is not a 127.0.0.0\/8 address/);
    });
  });

  it('forwardableHeaders drops the connection headers and those Connection names, nothing else', () => {
    expect(
      forwardableHeaders([
        'Host',
        'h',
        'Connection',
        'close, X-A',
        'X-A',
        '1',
        'Keep-Alive',
        't=5',
        'TE',
        'trailers',
        'Signature',
        's',
        'Transfer-Encoding',
        'chunked',
      ]),
    ).toEqual(['Host', 'h', 'Signature', 's', 'Transfer-Encoding', 'chunked']);
    expect(forwardableHeaders(['host', 'h', 'Signature', 's'], '127.0.0.3:1')).toEqual([
      'host',
      '127.0.0.3:1',
      'Signature',
      's',
    ]);
  });
});

/** A header as the upstream received it (first occurrence, any letter case). */
function headerOf(seen: Seen, name: string): string | undefined {
  const i = seen.rawHeaders.findIndex((h, k) => k % 2 === 0 && h.toLowerCase() === name);
  return i < 0 ? undefined : seen.rawHeaders[i + 1];
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.2.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Writes raw bytes and collects the text until `answers` HTTP status lines have arrived. */
function exchange(socket: Socket, text: string, answers: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('latin1');
      const parts = received.split(/(?=HTTP\/1\.1 \d{3})/).filter((p) => p.startsWith('HTTP/1.1'));
      if (parts.length >= answers && /\r\n\r\n[\s\S]*\}$/.test(received)) {
        socket.off('data', onData);
        resolve(parts);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(text);
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
