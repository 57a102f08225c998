import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Webhook signatures. Every attempt is signed per the Standard Webhooks specification
 * (https://www.standardwebhooks.com): `webhook-id` (the delivery id, the same on every retry),
 * `webhook-timestamp` (Unix seconds of the attempt) and `webhook-signature` =
 * `v1,` + base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")), where the key is the
 * bytes that the subscription's secret `whsec_<base64>` encodes. The id is signed, so a captured body cannot
 * be replayed under another delivery id.
 *
 * For this release only, each attempt also carries the older X-Coop-Timestamp and X-Coop-Signature
 * (deprecated: the delivery id is not signed there), computed with the same secret string as before.
 */

const SECRET_PREFIX = 'whsec_';
const SECRET = /^whsec_([A-Za-z0-9+/_-]+)(={0,2})$/;

/** A new subscription's secret: `whsec_` + standard base64 of 32 random bytes, taken as is by `new Webhook()`. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * The Standard Webhooks form of a stored secret, `whsec_` + standard base64 of the key bytes. Secrets issued
 * before Standard Webhooks signing are `whsec_` + base64url of their key: the same key bytes, written with
 * `-` and `_` where standard base64 has `+` and `/`, so the form returned differs from them only in those
 * characters (and is the secret itself for a secret issued since). Throws for a string that encodes no key.
 */
export function standardWebhookSecret(secret: string): string {
  const match = SECRET.exec(secret);
  const digits = match ? match[1].replace(/-/g, '+').replace(/_/g, '/') : '';
  const key = Buffer.from(digits, 'base64');
  // Canonical base64 only (Node's decoder skips what it cannot read): the key must re-encode to the digits.
  if (!match || key.length === 0 || key.toString('base64').replace(/=+$/, '') !== digits) {
    throw new Error('A webhook secret is whsec_ followed by the base64 of its key');
  }
  return `${SECRET_PREFIX}${key.toString('base64')}`;
}

export interface WebhookAttempt {
  /** The delivery id: the same on every attempt of one delivery, so that receivers de-duplicate on it. */
  id: string;
  /** The event's action (X-Coop-Event). */
  action: string;
  /** Unix time of this attempt, in seconds. */
  timestamp: number;
  /** The raw body POSTed, as signed. */
  body: string;
}

/** The headers of one attempt that identify and sign it: Standard Webhooks, then the deprecated X-Coop ones. */
export function webhookHeaders(secret: string, attempt: WebhookAttempt): Record<string, string> {
  const timestamp = String(attempt.timestamp);
  return {
    'webhook-id': attempt.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': new Webhook(standardWebhookSecret(secret)).sign(
      attempt.id,
      new Date(attempt.timestamp * 1000),
      attempt.body,
    ),
    // Deprecated, removed in the next release (docs/api.md §7): webhook-id, webhook-timestamp and
    // webhook-signature carry the same information, with the id signed.
    'x-coop-delivery': attempt.id,
    'x-coop-event': attempt.action,
    'x-coop-timestamp': timestamp,
    'x-coop-signature': signWebhook(secret, timestamp, attempt.body),
  };
}

/**
 * Deprecated X-Coop-Signature: sha256=hex(HMAC-SHA256(secret as UTF-8, "<timestamp>.<raw body>")), timestamp in
 * Unix seconds. Sent alongside the Standard Webhooks headers in this release only.
 */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret)
    .update(`${String(timestamp)}.${body}`)
    .digest('hex')}`;
}

/** What a receiver of the deprecated X-Coop-Signature does (for tests and integrators): the header as signed. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) {
    return false;
  }
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
