import { DomainError } from '@/common/errors/domain-error';
import { newTestService } from '@/test-utils/auto-mock';
import { fixtureChannel } from '@/test-utils/fixture-channel';
import { TIMER_SETTINGS } from '@/test-utils/machine-fixtures';
import { ChannelRegistry } from './channel-registry';
import { CooperationRequest } from './entities/cooperation-request.entity';
import type { AuditEvent } from './history/audit-event.entity';
import type { OutboxEntry } from './outbox/outbox-entry.entity';
import { AuthorityDirectory, StatePeriods } from './ports';
import { JobName } from './queue.constants';
import type { PendingMove, ProposedMove, RemoteMovesPort } from './remote-moves';
import { type Applied, type ChangeOrder, WorkflowRepository } from './workflow.repository';
import { WorkflowService } from './workflow.service';
import type { Side } from './workflow.types';

const REQUEST_ID = '0f3a2c4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const REQUESTING = 'aaaaaaaa-0000-4000-8000-000000000001';
const REQUESTED = 'bbbbbbbb-0000-4000-8000-000000000002';
const HEAD = 'cd'.repeat(32);
const ASKED = '2026-11-20T09:00:00.000Z';

function stored(overrides: Partial<CooperationRequest> = {}): CooperationRequest {
  return Object.assign(new CooperationRequest(), {
    id: REQUEST_ID,
    reference: 'VNM-2026-000042',
    channel: 'fixture',
    status: 'UNDER_REVIEW',
    version: 3,
    requestingAuthorityId: REQUESTING,
    requestedAuthorityId: REQUESTED,
    urgency: 'normal',
    language: 'en',
    followsUpRequestId: null,
    details: {},
    caseData: { statusEnquiries: [{ question: 'Where is it?', askedAt: ASKED }] },
    submittedAt: new Date('2026-01-11T00:00:00.000Z'),
    deliveredAt: new Date('2026-01-11T00:01:00.000Z'),
    ...overrides,
  });
}

const pending: PendingMove = {
  action: 'withdraw',
  envelopeId: '5d2e1f3a-0000-4000-8000-00000000000e',
  sentTo: 'https://coop.moj.example',
  at: new Date('2026-12-01T09:00:00.000Z'),
  by: 'user',
};

/** The service with the fixture channel, on the node hosting `here` of a request across two nodes. */
function setup(request: CooperationRequest, here: Side) {
  const registry = new ChannelRegistry();
  registry.register(fixtureChannel);
  const { sut, mocks } = newTestService(WorkflowService, [registry]);
  const repository = mocks.get(WorkflowRepository);
  mocks.get(AuthorityDirectory).findById.mockResolvedValue(null);
  mocks.get(StatePeriods).timerSettings.mockResolvedValue(TIMER_SETTINGS);
  repository.findSnapshot.mockResolvedValue({ request, lastHash: HEAD, hooksIdle: false, followUps: [] });
  repository.apply.mockImplementation((order: ChangeOrder) => {
    const change = order.decide(Object.assign(new CooperationRequest(), { ...request }), undefined);
    const event = { ...change?.event, id: '9', requestId: REQUEST_ID, seq: 4, occurredAt: order.now };
    return Promise.resolve<Applied>(
      change
        ? {
            outcome: 'applied',
            committed: { request: change.request, event: event as AuditEvent, outbox: [], followUps: [] },
          }
        : { outcome: 'skipped' },
    );
  });
  repository.markOutboxProcessed.mockResolvedValue(true);
  const proposals: ProposedMove[] = [];
  const port: RemoteMovesPort = {
    sideHere: () => Promise.resolve(here),
    propose: (move) => {
      proposals.push(move);
      return Promise.resolve({ ...pending, action: move.action, by: move.actor.type });
    },
    standing: () => Promise.resolve({ pendingMoves: [], quarantine: null }),
  };
  sut.setRemotePartyCheck(() => Promise.resolve(true));
  sut.setRemoteMoves(port);
  return { sut, repository, proposals };
}

const requestingOfficer = {
  type: 'user' as const,
  userId: 'officer-on-a',
  authorityId: REQUESTING,
  roles: ['officer'] as const,
};

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('expected a failure');
}

describe('WorkflowService.perform across nodes: one sequencer per status', () => {
  it("should send a move of the side that does not own the status to the owner's node, writing nothing here", async () => {
    const t = setup(stored(), 'requesting');
    const result = await t.sut.perform(
      REQUEST_ID,
      'withdraw',
      { reasons: 'No longer needed' },
      requestingOfficer,
    );
    expect(result).toMatchObject({ event: null, outbox: [], proposed: { action: 'withdraw', by: 'user' } });
    expect(result.request.status).toBe('UNDER_REVIEW');
    expect(result.request.caseData.withdrawal).toBeUndefined();
    expect(t.repository.apply).not.toHaveBeenCalled();
    expect(t.proposals).toEqual([
      expect.objectContaining({
        owner: 'requested',
        action: 'withdraw',
        payload: { reasons: 'No longer needed' },
        actor: requestingOfficer,
        prevHash: HEAD,
        caseSeq: 4,
      }),
    ]);
  });

  it('should check such a move as today first: 400 payload, 412 If-Match, 409 status; nothing sent', async () => {
    const t = setup(stored(), 'requesting');
    expect((await failure(t.sut.perform(REQUEST_ID, 'withdraw', {}, requestingOfficer))).kind).toBe(
      'invalid',
    );
    const stale = await failure(
      t.sut.perform(REQUEST_ID, 'withdraw', { reasons: 'r' }, requestingOfficer, { version: 2, weak: false }),
    );
    expect(stale.kind).toBe('precondition-failed');
    const closed = setup(stored({ status: 'POSTPONED' }), 'requesting');
    const wrong = await failure(
      closed.sut.perform(REQUEST_ID, 'provide-information', { answers: 'a' }, requestingOfficer),
    );
    expect(wrong.kind).toBe('conflict');
    expect([...t.proposals, ...closed.proposals]).toEqual([]);
  });

  it('should apply a move of the owner side here, as on one node', async () => {
    const t = setup(stored({ status: 'RECEIVED' }), 'requested');
    const result = await t.sut.perform(
      REQUEST_ID,
      'acknowledge',
      {},
      {
        type: 'user',
        userId: 'officer-on-b',
        authorityId: REQUESTED,
        roles: ['officer'],
      },
    );
    expect(result.request.status).toBe('UNDER_REVIEW');
    expect(t.repository.apply).toHaveBeenCalledTimes(1);
    expect(t.proposals).toEqual([]);
  });

  it('should refuse a proposal applied as owner when the status is not this node’s (NOT_OWNER), never sending it on', async () => {
    const t = setup(stored(), 'requesting');
    const err = await failure(
      t.sut.perform(REQUEST_ID, 'withdraw', { reasons: 'r' }, requestingOfficer, undefined, {
        asOwner: true,
      }),
    );
    expect(err).toMatchObject({ code: 'NOT_OWNER', kind: 'conflict' });
    expect(t.proposals).toEqual([]);
    expect(t.repository.apply).not.toHaveBeenCalled();
  });
});

describe('WorkflowService.runScheduled across nodes: a clock in a status the other node owns', () => {
  function clock(request: CooperationRequest) {
    const t = setup(request, 'requesting');
    const entry = {
      id: '100',
      requestId: REQUEST_ID,
      sourceRequestId: REQUEST_ID,
      jobName: JobName.EnquiryRemind,
      runAt: new Date('2026-11-27T09:00:00.000Z'),
      payload: { askedAt: ASKED, action: 'remind-enquiry' },
      processedAt: null,
    } as unknown as OutboxEntry;
    const snapshot = { request, lastHash: HEAD, hooksIdle: true, followUps: [] };
    t.repository.findJob.mockResolvedValue({ entry, sourceChannel: 'fixture', snapshot });
    return t;
  }

  it('should send the reminder to the owner with its trigger and settle the job as proposed', async () => {
    const t = clock(stored());
    expect(await t.sut.runScheduled('100')).toBe('proposed');
    expect(t.repository.apply).not.toHaveBeenCalled();
    expect(t.proposals).toEqual([
      expect.objectContaining({
        owner: 'requested',
        action: 'remind-enquiry',
        actor: { type: 'system' },
        prevHash: HEAD,
        caseSeq: 4,
        trigger: {
          jobName: JobName.EnquiryRemind,
          runAt: new Date('2026-11-27T09:00:00.000Z'),
          params: { askedAt: ASKED, action: 'remind-enquiry' },
          outboxId: '100',
        },
      }),
    ]);
    expect(t.repository.markOutboxProcessed).toHaveBeenCalledWith('100', 'proposed', expect.any(Date));
  });

  it('should send nothing when its occasion has passed (the enquiry was answered): skipped', async () => {
    const answered = stored({
      caseData: { statusEnquiries: [{ question: 'Where is it?', askedAt: ASKED, answer: 'Here' }] },
    });
    const t = clock(answered);
    expect(await t.sut.runScheduled('100')).toBe('skipped');
    expect(t.proposals).toEqual([]);
    expect(t.repository.markOutboxProcessed).toHaveBeenCalledWith('100', 'skipped', expect.any(Date));
  });
});
