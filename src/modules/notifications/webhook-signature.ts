import { createHmac, timingSafeEqual } from 'node:crypto';

/** X-Coop-Signature: sha256=hex(HMAC-SHA256(secret, "<timestamp>.<raw body>")). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (exported for tests and as reference for integrators). */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
