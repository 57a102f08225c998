import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

const SECRET = 'whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const TIMESTAMP = 1772359200;
const BODY = JSON.stringify({
  event: 'request.transitioned',
  requestId: 'dddddddd-0000-4000-8000-000000000004',
  action: 'confirm-preservation',
  toStatus: 'PRESERVED_ACTIVE',
});

describe('webhook signature', () => {
  describe('signWebhook', () => {
    it('should sign "<timestamp>.<raw body>" with HMAC-SHA256 in the sha256=<hex> form', () => {
      const expected = createHmac('sha256', SECRET).update(`${TIMESTAMP}.${BODY}`).digest('hex');
      expect(signWebhook(SECRET, TIMESTAMP, BODY)).toBe(`sha256=${expected}`);
      expect(signWebhook(SECRET, TIMESTAMP, BODY)).toMatch(/^sha256=[0-9a-f]{64}$/);
    });

    it('should match a value computed independently (openssl dgst -sha256 -hmac)', () => {
      expect(signWebhook('Jefe', 1772359200, '{"ok":true}')).toBe(
        'sha256=97c7ade5e3a83811ffeb5162ce2365335b7b210fcaad631e1add112e9f333364',
      );
    });

    it('should be deterministic and change with the secret, the timestamp and the body', () => {
      const base = signWebhook(SECRET, TIMESTAMP, BODY);
      expect(signWebhook(SECRET, TIMESTAMP, BODY)).toBe(base);
      expect(signWebhook(`${SECRET}x`, TIMESTAMP, BODY)).not.toBe(base);
      expect(signWebhook(SECRET, TIMESTAMP + 1, BODY)).not.toBe(base);
      expect(signWebhook(SECRET, TIMESTAMP, `${BODY} `)).not.toBe(base);
    });
  });

  describe('verifyWebhook', () => {
    const signature = signWebhook(SECRET, TIMESTAMP, BODY);

    it('should accept what was signed (round trip)', () => {
      expect(verifyWebhook(SECRET, String(TIMESTAMP), BODY, signature)).toBe(true);
    });

    it('should accept a round trip of an empty body and of a body with non-ASCII text', () => {
      for (const body of ['', '{"name":"Nguyễn Văn A","note":"Zürich → Hà Nội"}']) {
        expect(verifyWebhook(SECRET, String(TIMESTAMP), body, signWebhook(SECRET, TIMESTAMP, body))).toBe(
          true,
        );
      }
    });

    it('should reject a signature made with another secret', () => {
      expect(verifyWebhook('another-secret', String(TIMESTAMP), BODY, signature)).toBe(false);
      expect(
        verifyWebhook(SECRET, String(TIMESTAMP), BODY, signWebhook('another-secret', TIMESTAMP, BODY)),
      ).toBe(false);
    });

    it.each([
      { change: 'one character changed', body: BODY.replace('PRESERVED_ACTIVE', 'PRESERVED_ACTIVF') },
      { change: 'a space appended', body: `${BODY} ` },
      { change: 'the body re-serialised with indentation', body: JSON.stringify(JSON.parse(BODY), null, 2) },
      { change: 'an empty body', body: '' },
    ])('should reject an altered body ($change)', ({ body }) => {
      expect(verifyWebhook(SECRET, String(TIMESTAMP), body, signature)).toBe(false);
    });

    it.each([String(TIMESTAMP + 1), String(TIMESTAMP - 1), '0', String(TIMESTAMP * 10)])(
      'should reject an altered timestamp %s',
      (timestamp) => {
        expect(verifyWebhook(SECRET, timestamp, BODY, signature)).toBe(false);
      },
    );

    it('should not let part of the body move into the timestamp', () => {
      expect(verifyWebhook(SECRET, `${TIMESTAMP}.${BODY.slice(0, 1)}`, BODY.slice(1), signature)).toBe(false);
    });

    it.each([
      { kind: 'truncated', given: signature.slice(0, -1) },
      { kind: 'one character longer', given: `${signature}0` },
      { kind: 'empty', given: '' },
      { kind: 'without the sha256= prefix', given: signature.slice('sha256='.length) },
      { kind: 'of the same length in characters but not in bytes', given: `${signature.slice(0, -1)}é` },
    ])('should reject a signature that is $kind, without throwing', ({ given }) => {
      expect(() => verifyWebhook(SECRET, String(TIMESTAMP), BODY, given)).not.toThrow();
      expect(verifyWebhook(SECRET, String(TIMESTAMP), BODY, given)).toBe(false);
    });

    it('should reject a same-length signature that differs in one hex digit or in case', () => {
      const last = signature.at(-1) === '0' ? '1' : '0';
      expect(verifyWebhook(SECRET, String(TIMESTAMP), BODY, `${signature.slice(0, -1)}${last}`)).toBe(false);
      const upper = `sha256=${signature.slice('sha256='.length).toUpperCase()}`;
      expect(upper).not.toBe(signature);
      expect(verifyWebhook(SECRET, String(TIMESTAMP), BODY, upper)).toBe(false);
    });
  });
});
