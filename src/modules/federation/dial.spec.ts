import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { peerFetch, setDialOverridesForTest } from './dial';

interface Seen {
  method: string;
  url: string;
  host: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A server on 127.0.0.1 that records what it got and answers JSON (or 204 for DELETE). */
async function recorder(): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        host: req.headers.host ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (req.method === 'DELETE') {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(202, { 'content-type': 'application/json', 'x-two': ['a', 'b'] });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

describe('peerFetch', () => {
  let rec: Awaited<ReturnType<typeof recorder>>;

  beforeEach(async () => {
    rec = await recorder();
  });

  afterEach(async () => {
    setDialOverridesForTest(undefined);
    await new Promise<void>((resolve) => rec.server.close(() => resolve()));
  });

  it('should dial the override of the origin with the target, Host, headers and body unchanged', async () => {
    setDialOverridesForTest(new Map([['http://peer.example:4100', { host: '127.0.0.1', port: rec.port }]]));
    const res = await peerFetch('http://peer.example:4100/federation/v1/inbox?x=1', {
      method: 'POST',
      body: '{"v":1}',
      headers: { 'content-type': 'application/json', signature: 'sig=:abc:' },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-two')).toBe('a, b');
    expect(await res.json()).toEqual({ ok: true });
    expect(rec.seen).toHaveLength(1);
    expect(rec.seen[0]).toMatchObject({
      method: 'POST',
      url: '/federation/v1/inbox?x=1',
      host: 'peer.example:4100',
      body: '{"v":1}',
    });
    expect(rec.seen[0].headers).toMatchObject({ signature: 'sig=:abc:', 'content-length': '7' });
  });

  it('should answer a body-less status without a body', async () => {
    setDialOverridesForTest(new Map([['http://peer.example', { host: '127.0.0.1', port: rec.port }]]));
    const res = await peerFetch('http://peer.example/x', { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('should use fetch itself for an origin without an override', async () => {
    setDialOverridesForTest(new Map());
    const res = await peerFetch(`http://127.0.0.1:${rec.port}/direct`);
    expect(res.status).toBe(202);
    expect(rec.seen[0]).toMatchObject({ url: '/direct', host: `127.0.0.1:${rec.port}` });
  });

  it('should fail like fetch when the override does not answer, and honour the signal', async () => {
    const closed = await recorder();
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    setDialOverridesForTest(new Map([['http://peer.example', { host: '127.0.0.1', port: closed.port }]]));
    await expect(peerFetch('http://peer.example/x')).rejects.toThrow('fetch failed');
    const aborted = AbortSignal.abort();
    await expect(peerFetch('http://peer.example/x', { signal: aborted })).rejects.toThrow();
  });
});
