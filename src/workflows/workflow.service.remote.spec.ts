import { newTestService } from '@/test-utils/auto-mock';
import { fixtureChannel } from '@/test-utils/fixture-channel';
import { ChannelRegistry } from './channel-registry';
import { CooperationRequest } from './entities/cooperation-request.entity';
import type { AuditEvent } from './history/audit-event.entity';
import { AuthorityDirectory } from './ports';
import { type Applied, type Change, type ChangeOrder, WorkflowRepository } from './workflow.repository';
import { WorkflowService } from './workflow.service';

const REQUEST_ID = '0f3a2c4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const REQUESTING = 'aaaaaaaa-0000-4000-8000-000000000001';
const REQUESTED = 'bbbbbbbb-0000-4000-8000-000000000002';
const HEAD = 'cd'.repeat(32);
const AT = new Date('2026-12-01T09:00:00.000Z');

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
    details: {},
    caseData: {},
    submittedAt: new Date('2026-01-11T00:00:00.000Z'),
    deliveredAt: new Date('2026-01-11T00:01:00.000Z'),
    ...overrides,
  });
}

/** The service with the fixture channel; `apply` decides on a copy of the stored row, as the repository does. */
function setup(request: CooperationRequest) {
  const registry = new ChannelRegistry();
  registry.register(fixtureChannel);
  const { sut, mocks } = newTestService(WorkflowService, [registry]);
  const repository = mocks.get(WorkflowRepository);
  mocks.get(AuthorityDirectory).findById.mockResolvedValue({
    id: REQUESTED,
    code: 'AUT-BMJ-CA',
    country: 'AUT',
    kind: 'central',
    languages: ['en'],
  });
  const changes: Change[] = [];
  repository.findSnapshot.mockResolvedValue({ request, lastHash: HEAD, hooksIdle: false, followUps: [] });
  repository.apply.mockImplementation((order: ChangeOrder) => {
    const change = order.decide(Object.assign(new CooperationRequest(), { ...request }), undefined);
    if (!change) {
      return Promise.resolve<Applied>({ outcome: 'skipped' });
    }
    changes.push(change);
    const event = { ...change.event, id: '9', requestId: REQUEST_ID, seq: 4, occurredAt: order.now };
    return Promise.resolve<Applied>({
      outcome: 'applied',
      committed: { request: change.request, event: event as AuditEvent, outbox: [], followUps: [] },
    });
  });
  return { sut, repository, changes };
}

const remoteOfficer = {
  type: 'user' as const,
  userId: 'user-on-b',
  authorityId: REQUESTED,
  roles: ['officer', 'approver'] as const,
};
const position = { prevHash: HEAD, caseSeq: 4, occurredAt: AT };

describe('WorkflowService.applyRemote: an event another node recorded, repeated on this copy', () => {
  it('should apply it on top of the named head, with its time, actor and payload, no effects, hooks told remote', async () => {
    const t = setup(stored());
    const payload = { reasons: 'Own proceedings', until: '2099-01-01T00:00:00.000Z' };
    const applied = await t.sut.applyRemote(REQUEST_ID, 'postpone', payload, remoteOfficer, position);
    expect(applied.outcome).toBe('applied');
    const order = t.repository.apply.mock.calls[0][0];
    expect(order).toMatchObject({ requestId: REQUEST_ID, now: AT, remote: true });
    expect(t.changes[0].outbox).toEqual([]);
    expect(t.changes[0].event).toEqual({
      action: 'postpone',
      fromStatus: 'UNDER_REVIEW',
      toStatus: 'POSTPONED',
      actorType: 'user',
      actorUserId: 'user-on-b',
      actorAuthorityId: REQUESTED,
      payload,
    });
  });

  it('should call an event already in the history a duplicate, and one after missing events a gap', async () => {
    const t = setup(stored({ version: 4 }));
    expect(await t.sut.applyRemote(REQUEST_ID, 'accept', {}, remoteOfficer, position)).toMatchObject({
      outcome: 'duplicate',
    });
    const behind = setup(stored({ version: 2 }));
    expect(await behind.sut.applyRemote(REQUEST_ID, 'accept', {}, remoteOfficer, position)).toMatchObject({
      outcome: 'gap',
    });
    expect(t.repository.apply).not.toHaveBeenCalled();
    expect(behind.repository.apply).not.toHaveBeenCalled();
  });

  it('should not apply it on another head, by the wrong side, from a status the table does not allow', async () => {
    const t = setup(stored());
    const other = { ...position, prevHash: 'ef'.repeat(32) };
    expect(await t.sut.applyRemote(REQUEST_ID, 'accept', {}, remoteOfficer, other)).toMatchObject({
      outcome: 'not-applied',
      reason: expect.stringContaining('head'),
    });
    const requestingSide = { ...remoteOfficer, authorityId: REQUESTING };
    expect(await t.sut.applyRemote(REQUEST_ID, 'accept', {}, requestingSide, position)).toMatchObject({
      outcome: 'not-applied',
    });
    expect(await t.sut.applyRemote(REQUEST_ID, 'acknowledge', {}, remoteOfficer, position)).toMatchObject({
      outcome: 'not-applied',
      reason: 'acknowledge is not possible in UNDER_REVIEW',
    });
    expect(await t.sut.applyRemote(REQUEST_ID, 'resume', {}, { type: 'system' }, position)).toMatchObject({
      outcome: 'not-applied',
    });
  });

  it('should schedule no effect for a user action on a request with a party on another node', async () => {
    const t = setup(stored());
    t.sut.setRemotePartyCheck(() => Promise.resolve(true));
    await t.sut.perform(
      REQUEST_ID,
      'postpone',
      { reasons: 'Own proceedings', until: '2099-01-01T00:00:00.000Z' },
      { type: 'user', userId: 'u', authorityId: REQUESTED, roles: ['approver'] },
    );
    expect(t.changes[0].outbox).toEqual([]);
    const local = setup(stored());
    await local.sut.perform(
      REQUEST_ID,
      'postpone',
      { reasons: 'Own proceedings', until: '2099-01-01T00:00:00.000Z' },
      { type: 'user', userId: 'u', authorityId: REQUESTED, roles: ['approver'] },
    );
    expect(local.changes[0].outbox).toHaveLength(1);
  });
});
