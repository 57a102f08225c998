import { Injectable } from '@nestjs/common';
import { peerFetch } from './dial';

/** Largest node document or key log accepted from a peer. */
export const MAX_PEER_RESPONSE_BYTES = 1024 * 1024;
export const PEER_FETCH_TIMEOUT_MS = 10_000;

export type FetchResult = { ok: true; body: unknown } | { ok: false; why: string };

/**
 * Reads a peer's public federation documents (node document, key log): GET with a timeout, no redirects
 * followed, at most MAX_PEER_RESPONSE_BYTES, JSON only. The caller has checked the URL (https, or http
 * with FEDERATION_ALLOW_HTTP). Never throws.
 */
@Injectable()
export class PeerClient {
  async getJson(url: string, timeoutMs = PEER_FETCH_TIMEOUT_MS): Promise<FetchResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await peerFetch(url, {
        method: 'GET',
        redirect: 'manual',
        signal: controller.signal,
        headers: { accept: 'application/json', 'user-agent': 'cooperation-engine-federation/1' },
      });
      if (res.status !== 200) {
        await res.body?.cancel();
        return { ok: false, why: `${url} answered HTTP ${res.status}` };
      }
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > MAX_PEER_RESPONSE_BYTES) {
        await res.body?.cancel();
        return { ok: false, why: `${url} sent more than ${MAX_PEER_RESPONSE_BYTES} bytes` };
      }
      const text = await readLimited(res, MAX_PEER_RESPONSE_BYTES);
      if (text === null) {
        return { ok: false, why: `${url} sent more than ${MAX_PEER_RESPONSE_BYTES} bytes` };
      }
      try {
        return { ok: true, body: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, why: `${url} did not answer JSON` };
      }
    } catch (err) {
      const why = controller.signal.aborted
        ? `no answer from ${url} within ${timeoutMs} ms`
        : `${url}: ${describe(err)}`;
      return { ok: false, why };
    } finally {
      clearTimeout(timer);
    }
  }
}

async function readLimited(res: Response, max: number): Promise<string | null> {
  if (!res.body) {
    return '';
  }
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
