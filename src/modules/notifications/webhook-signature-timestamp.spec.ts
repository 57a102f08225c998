import { signWebhook, verifyWebhook } from './webhook-signature';

const SECRET = 'whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const BODY = '{"event":"request.transitioned"}';

describe('verifyWebhook: the timestamp header exactly as signed', () => {
  const signature = signWebhook(SECRET, 1772359200, BODY);

  it.each(['1772359200.0', ' 1772359200', '+1772359200', '1.7723592e9', '0x69a40e20', '1772359200\n'])(
    'should reject the timestamp header %j, which is not the one signed',
    (timestamp) => {
      expect(verifyWebhook(SECRET, timestamp, BODY, signature)).toBe(false);
    },
  );

  it('should reject an empty timestamp header', () => {
    expect(verifyWebhook(SECRET, '', BODY, signWebhook(SECRET, 0, BODY))).toBe(false);
  });
});
