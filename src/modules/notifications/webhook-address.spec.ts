import { isPrivateAddress, refusedWebhookTarget } from './webhook-address';

describe('webhook target guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.9',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::7',
    '::ffff:127.0.0.1',
    'not-an-address',
  ])('should treat %s as not public', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '203.0.114.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])(
    'should treat %s as public',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );

  it('should refuse URLs to loopback, private or metadata addresses, naming the address', async () => {
    await expect(refusedWebhookTarget('http://127.0.0.1:8080/hooks')).resolves.toMatch(/127\.0\.0\.1/);
    await expect(refusedWebhookTarget('http://169.254.169.254/latest/meta-data')).resolves.toMatch(
      /reserved/,
    );
    await expect(refusedWebhookTarget('http://[::1]:9000/x')).resolves.toMatch(/::1/);
    await expect(refusedWebhookTarget('https://localhost/hooks')).resolves.toMatch(/localhost resolves to/);
  });

  it('should accept a public address', async () => {
    await expect(refusedWebhookTarget('https://8.8.8.8/hooks')).resolves.toBeNull();
  });
});
