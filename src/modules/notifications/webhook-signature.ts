import { createHmac, timingSafeEqual } from 'node:crypto';

/** X-Coop-Signature: sha256=hex(HMAC-SHA256(secret, "<timestamp>.<raw body>")), timestamp in Unix seconds. */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret)
    .update(`${String(timestamp)}.${body}`)
    .digest('hex')}`;
}

/** What a receiver does (exported for tests and as reference for integrators): the header text as signed. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) {
    return false;
  }
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
