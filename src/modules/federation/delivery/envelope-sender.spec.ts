import type { DataSource } from 'typeorm';
import type { FederationConfig } from '@/config/federation.config';
import type { WorkflowService } from '@/workflows';
import type { AlertsService } from '../alerts/alerts.service';
import type { EnvelopesRepository } from '../envelope/envelopes.repository';
import type { NodeIdentityService } from '../node-identity.service';
import type { PeerKeysService } from '../peer-keys.service';
import type { PeersRepository } from '../peers.repository';
import type { DeliveryOutbox } from './delivery-outbox';
import { EnvelopeSender } from './envelope-sender.service';
import type { PeerBreaker } from './peer-breaker';
import { postEnvelope } from './peer-post';

jest.mock('./peer-post', () => ({ postEnvelope: jest.fn() }));
const post = postEnvelope as jest.MockedFunction<typeof postEnvelope>;

const DELIVERY = { retryBaseMs: 1000, retryMaxMs: 60000, retryAttempts: 3, breakerFailures: 2 };
const ROW = {
  id: 'row-1',
  peerOrigin: 'https://b.example',
  envelopeId: 'env-1',
  requestId: 'req-1',
  type: 'mla.submit',
  digest: 'd1',
  status: 'pending',
  envelope: {},
};
const RECEIPT = {
  kind: 'DELIVERY',
  digest: 'd1',
  result: 'stored',
  code: null,
  reason: null,
  at: new Date().toISOString(),
  signature: 'x..y',
};

function sender(attempts: number, admission: unknown = { go: true, probe: false }) {
  const outbox = { reschedule: jest.fn(), wake: jest.fn().mockResolvedValue([]) };
  const breaker = {
    admit: jest.fn().mockResolvedValue(admission),
    success: jest.fn().mockResolvedValue(false),
    failure: jest.fn().mockResolvedValue({
      failures: 1,
      breakerState: 'closed',
      opened: false,
      nextAt: new Date(Date.now() + 1000),
    }),
  };
  const workflows = {
    findOutbox: jest
      .fn()
      .mockResolvedValue({ id: 'o1', processedAt: null, attempts, payload: { envelopeRowId: 'row-1' } }),
    settleOutbox: jest.fn(),
  };
  const envelopes = { find: jest.fn().mockResolvedValue(ROW), addReceipt: jest.fn(), setStatus: jest.fn() };
  const alerts = { raise: jest.fn() };
  const peers = {
    findByOrigin: jest.fn().mockResolvedValue({ origin: ROW.peerOrigin, status: 'PINNED' }),
    refreshQueueDepth: jest.fn(),
  };
  const dataSource = { transaction: (work: (m: unknown) => Promise<unknown>) => work({}) };
  const s = new EnvelopeSender(
    dataSource as unknown as DataSource,
    { delivery: DELIVERY } as unknown as FederationConfig,
    {} as NodeIdentityService,
    {} as PeerKeysService,
    workflows as unknown as WorkflowService,
    peers as unknown as PeersRepository,
    envelopes as unknown as EnvelopesRepository,
    breaker as unknown as PeerBreaker,
    outbox as unknown as DeliveryOutbox,
    alerts as unknown as AlertsService,
  );
  return { s, outbox, breaker, workflows, envelopes, alerts, peers };
}

describe('EnvelopeSender (one attempt of the federation-send job)', () => {
  beforeEach(() => post.mockReset());

  it('should settle the row only once the envelope is delivered, and close the breaker', async () => {
    post.mockResolvedValue({ status: 202, receipt: RECEIPT as never, verified: true });
    const { s, workflows, envelopes, breaker, outbox } = sender(0);
    await expect(s.send('o1')).resolves.toBe('delivered');
    expect(envelopes.setStatus).toHaveBeenCalledWith('row-1', 'delivered', null, {});
    expect(workflows.settleOutbox).toHaveBeenCalledWith('o1', 'delivered', expect.any(Date));
    expect(breaker.success).toHaveBeenCalledWith(ROW.peerOrigin);
    expect(outbox.reschedule).not.toHaveBeenCalled();
  });

  it('should move the row to the next attempt on a failure, never throwing and never settling it', async () => {
    post.mockRejectedValue(new Error('connect ECONNREFUSED'));
    const { s, workflows, outbox, breaker, alerts } = sender(0);
    await expect(s.send('o1')).resolves.toBe('retry-scheduled');
    expect(breaker.failure).toHaveBeenCalledWith(ROW.peerOrigin, 'no answer: connect ECONNREFUSED');
    expect(outbox.reschedule).toHaveBeenCalledWith(
      'o1',
      expect.any(Date),
      1,
      'no answer: connect ECONNREFUSED',
    );
    expect(workflows.settleOutbox).not.toHaveBeenCalled();
    expect(alerts.raise).not.toHaveBeenCalled();
  });

  it('should count an unverified receipt or a 5xx as a failure', async () => {
    post.mockResolvedValue({ status: 202, receipt: RECEIPT as never, verified: false });
    const { s, outbox } = sender(0);
    await expect(s.send('o1')).resolves.toBe('retry-scheduled');
    expect(outbox.reschedule.mock.calls[0][3]).toMatch(/does not verify/);
  });

  it('should not attempt while the breaker is open: the row waits for it, no attempt counted', async () => {
    const until = new Date(Date.now() + 30000);
    const { s, outbox, breaker } = sender(1, { go: false, until });
    await expect(s.send('o1')).resolves.toBe('breaker-open');
    expect(post).not.toHaveBeenCalled();
    expect(breaker.failure).not.toHaveBeenCalled();
    const [, at, attempts] = outbox.reschedule.mock.calls[0] as [string, Date, number | null];
    expect(attempts).toBeNull();
    expect(at.getTime()).toBeGreaterThanOrEqual(until.getTime());
  });

  it('should raise DELIVERY_EXHAUSTED at the last attempt and BREAKER_OPEN when the breaker opens', async () => {
    post.mockResolvedValue({ status: 503, receipt: null, verified: false });
    const { s, breaker, alerts, workflows } = sender(2);
    breaker.failure.mockResolvedValue({
      failures: 2,
      breakerState: 'open',
      opened: true,
      nextAt: new Date(),
    });
    await expect(s.send('o1')).resolves.toBe('retry-scheduled');
    expect(alerts.raise.mock.calls.map((c) => (c[1] as { kind: string }).kind).sort()).toEqual([
      'BREAKER_OPEN',
      'DELIVERY_EXHAUSTED',
    ]);
    expect(workflows.settleOutbox).not.toHaveBeenCalled();
  });

  it('should keep a signed 409 as refused (settled, not retried) with an alert', async () => {
    post.mockResolvedValue({
      status: 409,
      receipt: { ...RECEIPT, kind: 'REJECTED', code: 'CONFLICT', reason: 'other digest' } as never,
      verified: true,
    });
    const { s, workflows, envelopes, alerts } = sender(0);
    await expect(s.send('o1')).resolves.toBe('rejected');
    expect(envelopes.setStatus).toHaveBeenCalledWith('row-1', 'rejected', 'other digest');
    expect(workflows.settleOutbox).toHaveBeenCalledWith('o1', 'failed', expect.any(Date));
    expect(alerts.raise.mock.calls[0][1]).toMatchObject({
      kind: 'ENVELOPE_CONFLICT',
      envelopeRowId: 'row-1',
    });
  });

  it('should let an envelope to a peer that is not pinned wait without counting an attempt', async () => {
    const { s, peers, outbox } = sender(4);
    peers.findByOrigin.mockResolvedValue({ origin: ROW.peerOrigin, status: 'SUSPENDED' });
    await expect(s.send('o1')).resolves.toBe('waiting-for-peer');
    expect(post).not.toHaveBeenCalled();
    const [, at, attempts] = outbox.reschedule.mock.calls[0] as [string, Date, number | null];
    expect(attempts).toBeNull();
    expect(at.getTime() - Date.now()).toBeLessThanOrEqual(60000);
  });
});
