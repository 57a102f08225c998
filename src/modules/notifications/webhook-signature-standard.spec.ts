import { createHmac, randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import {
  newWebhookSecret,
  standardWebhookSecret,
  verifyWebhook,
  type WebhookAttempt,
  webhookHeaders,
} from './webhook-signature';

// The specification's test vector, as in the reference JavaScript library's tests
// (standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts, "sign function works").
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const DELIVERY = 'dddddddd-0000-4000-8000-000000000004';
const BODY = JSON.stringify({
  id: DELIVERY,
  event: { id: '7', seq: 7, action: 'confirm-preservation', toStatus: 'PRESERVED_ACTIVE' },
});

function attempt(over: Partial<WebhookAttempt> = {}): WebhookAttempt {
  return {
    id: DELIVERY,
    action: 'confirm-preservation',
    timestamp: Math.floor(Date.now() / 1000),
    body: BODY,
    ...over,
  };
}

/** What a receiver does with the package: throws WebhookVerificationError unless the headers sign the body. */
function verify(secret: string, body: string, headers: Record<string, string>): unknown {
  return new Webhook(secret).verify(body, headers);
}

describe('Standard Webhooks signature', () => {
  describe('the specification test vector', () => {
    it('should give the signature the specification gives', () => {
      const headers = webhookHeaders(VECTOR.secret, attempt(VECTOR));
      expect(headers['webhook-signature']).toBe(VECTOR.signature);
      expect(headers['webhook-id']).toBe(VECTOR.id);
      expect(headers['webhook-timestamp']).toBe(String(VECTOR.timestamp));
    });

    it('should match a value computed independently with node:crypto', () => {
      const key = Buffer.from(VECTOR.secret.slice('whsec_'.length), 'base64');
      const mac = createHmac('sha256', key)
        .update(`${VECTOR.id}.${VECTOR.timestamp}.${VECTOR.body}`)
        .digest('base64');
      expect(`v1,${mac}`).toBe(VECTOR.signature);
    });

    it("should be accepted by the package's Webhook.verify at the time it was signed", () => {
      jest.useFakeTimers({ now: VECTOR.timestamp * 1000 + 30_000 });
      try {
        const headers = webhookHeaders(VECTOR.secret, attempt(VECTOR));
        expect(verify(VECTOR.secret, VECTOR.body, headers)).toEqual({ test: 2432232314 });
      } finally {
        jest.useRealTimers();
      }
    });
  });

  describe('verified by the package', () => {
    const secret = newWebhookSecret();

    it('should verify a delivery signed now, with its headers as an HTTP server lowercases them or not', () => {
      const headers = webhookHeaders(secret, attempt());
      expect(verify(secret, BODY, headers)).toEqual(JSON.parse(BODY));
      const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
      expect(verify(secret, BODY, upper)).toEqual(JSON.parse(BODY));
    });

    it('should verify an empty body and one with non-ASCII text (signed as UTF-8)', () => {
      for (const body of ['', '{"name":"Nguyễn Văn A","note":"Zürich → Hà Nội"}']) {
        expect(() => verify(secret, body, webhookHeaders(secret, attempt({ body })))).not.toThrow();
      }
    });

    it('should refuse a replay of the body under another delivery id (the id is signed)', () => {
      const headers = webhookHeaders(secret, attempt());
      const other = 'eeeeeeee-0000-4000-8000-000000000005';
      expect(() => verify(secret, BODY, { ...headers, 'webhook-id': other })).toThrow(
        WebhookVerificationError,
      );
      // Nor can another delivery's signature be lent to this body.
      const theirs = webhookHeaders(secret, attempt({ id: other }));
      expect(() =>
        verify(secret, BODY, { ...headers, 'webhook-signature': theirs['webhook-signature'] }),
      ).toThrow(WebhookVerificationError);
    });

    it.each([
      { change: 'one character changed', body: BODY.replace('PRESERVED_ACTIVE', 'PRESERVED_ACTIVF') },
      { change: 'a space appended', body: `${BODY} ` },
      { change: 're-serialised with indentation', body: JSON.stringify(JSON.parse(BODY), null, 2) },
      { change: 'emptied', body: '' },
    ])('should refuse a body $change', ({ body }) => {
      expect(() => verify(secret, body, webhookHeaders(secret, attempt()))).toThrow(WebhookVerificationError);
    });

    it('should refuse a changed timestamp, and one outside the five minutes the package tolerates', () => {
      const now = Math.floor(Date.now() / 1000);
      const headers = webhookHeaders(secret, attempt({ timestamp: now }));
      for (const t of [now + 1, now - 1]) {
        expect(() => verify(secret, BODY, { ...headers, 'webhook-timestamp': String(t) })).toThrow(
          WebhookVerificationError,
        );
      }
      // Correctly signed, but replayed too late (or sent from a clock far ahead).
      for (const t of [now - 301, now + 301]) {
        expect(() => verify(secret, BODY, webhookHeaders(secret, attempt({ timestamp: t })))).toThrow(
          WebhookVerificationError,
        );
      }
    });

    it('should refuse another secret, and a missing header', () => {
      const headers = webhookHeaders(secret, attempt());
      expect(() => verify(newWebhookSecret(), BODY, headers)).toThrow(WebhookVerificationError);
      for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
        const without = { ...headers };
        delete without[name];
        expect(() => verify(secret, BODY, without)).toThrow(WebhookVerificationError);
      }
    });
  });

  describe('the headers of each attempt', () => {
    const secret = newWebhookSecret();

    it('should keep the delivery id across retries and sign each attempt at its own time', () => {
      const first = webhookHeaders(secret, attempt({ timestamp: 1772359200 }));
      const retry = webhookHeaders(secret, attempt({ timestamp: 1772359260 }));
      expect(retry['webhook-id']).toBe(first['webhook-id']);
      expect(retry['webhook-id']).toBe(DELIVERY);
      expect([first['webhook-timestamp'], retry['webhook-timestamp']]).toEqual(['1772359200', '1772359260']);
      expect(retry['webhook-signature']).not.toBe(first['webhook-signature']);
      expect(first['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    });

    it('should still carry the deprecated X-Coop headers, verified with the same secret string as before', () => {
      const headers = webhookHeaders(secret, attempt({ timestamp: 1772359200 }));
      expect(headers).toMatchObject({
        'x-coop-delivery': DELIVERY,
        'x-coop-event': 'confirm-preservation',
        'x-coop-timestamp': '1772359200',
      });
      expect(verifyWebhook(secret, headers['x-coop-timestamp'], BODY, headers['x-coop-signature'])).toBe(
        true,
      );
      const hex = createHmac('sha256', secret).update(`1772359200.${BODY}`).digest('hex');
      expect(headers['x-coop-signature']).toBe(`sha256=${hex}`);
    });
  });

  describe('secrets', () => {
    it('should issue whsec_ + standard base64 of 32 random bytes, usable as is by the package', () => {
      const secret = newWebhookSecret();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
      expect(standardWebhookSecret(secret)).toBe(secret);
      expect(newWebhookSecret()).not.toBe(secret);
    });

    it('should sign for a secret issued before (whsec_ + base64url) with the key bytes it encodes', () => {
      // Bytes whose base64url has both '-' and '_', as most of the earlier secrets do.
      const key = Buffer.concat([Buffer.from([0xfb, 0xef, 0xff]), randomBytes(21)]);
      const earlier = `whsec_${key.toString('base64url')}`;
      expect(earlier).toMatch(/^whsec_-[-_]/);
      expect(standardWebhookSecret(earlier)).toBe(`whsec_${key.toString('base64')}`);
      const headers = webhookHeaders(earlier, attempt());
      // As is, the package cannot read it (base64url is not base64):
      expect(() => new Webhook(earlier).verify(BODY, headers)).toThrow();
      // The receiver's one line, a no-op for a secret issued since: the same key in standard base64.
      const converted = `whsec_${earlier.slice(6).replace(/-/g, '+').replace(/_/g, '/')}`;
      expect(() => verify(converted, BODY, headers)).not.toThrow();
      expect(() => new Webhook(key, { format: 'raw' }).verify(BODY, headers)).not.toThrow();
      // Its X-Coop-Signature is unchanged: existing receivers keep verifying it with the secret as they have it.
      expect(verifyWebhook(earlier, headers['x-coop-timestamp'], BODY, headers['x-coop-signature'])).toBe(
        true,
      );
    });

    it.each(['', 'whsec_', 'whsec_x', 'whsec_Zm9', 'whsec_Zm9v!', 'whsec_Zm 9v', 'Zm9vYmFy', 'whsec_Zm9v=x'])(
      'should refuse to sign with %j, which encodes no key (not canonical base64 after whsec_)',
      (secret) => {
        expect(() => standardWebhookSecret(secret)).toThrow(/whsec_/);
        expect(() => webhookHeaders(secret, attempt())).toThrow(/whsec_/);
      },
    );
  });
});
