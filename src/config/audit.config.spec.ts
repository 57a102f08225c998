import { readAuditConfig } from './audit.config';

describe('audit configuration', () => {
  it('should default to var/audit-signing-key.pem and a checkpoint every five minutes', () => {
    expect(readAuditConfig({})).toEqual({
      signingKeyPath: 'var/audit-signing-key.pem',
      checkpointIntervalMs: 300_000,
    });
  });

  it('should read AUDIT_SIGNING_KEY_PATH and AUDIT_CHECKPOINT_INTERVAL_MS, 0 turning the timer off', () => {
    expect(
      readAuditConfig({ AUDIT_SIGNING_KEY_PATH: '/srv/keys/node.pem', AUDIT_CHECKPOINT_INTERVAL_MS: '0' }),
    ).toEqual({ signingKeyPath: '/srv/keys/node.pem', checkpointIntervalMs: 0 });
    expect(readAuditConfig({ AUDIT_CHECKPOINT_INTERVAL_MS: '1000' }).checkpointIntervalMs).toBe(1000);
  });

  it('should treat empty variables as unset', () => {
    expect(readAuditConfig({ AUDIT_SIGNING_KEY_PATH: '', AUDIT_CHECKPOINT_INTERVAL_MS: '' })).toEqual(
      readAuditConfig({}),
    );
  });

  it.each([
    ['AUDIT_CHECKPOINT_INTERVAL_MS', 'often'],
    ['AUDIT_CHECKPOINT_INTERVAL_MS', '999'],
    ['AUDIT_CHECKPOINT_INTERVAL_MS', '-1'],
    ['AUDIT_CHECKPOINT_INTERVAL_MS', '1500.5'],
    ['AUDIT_CHECKPOINT_INTERVAL_MS', '86400001'],
    ['AUDIT_SIGNING_KEY_PATH', 'keys/\nnode.pem'],
    ['AUDIT_SIGNING_KEY_PATH', 'k'.repeat(1025)],
  ])('should refuse %s=%p, naming it', (name, value) => {
    expect(() => readAuditConfig({ [name]: value })).toThrow(
      new RegExp(`^Invalid environment configuration:\\n  ${name}: `),
    );
  });
});
