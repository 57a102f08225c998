import type { EntityManager } from 'typeorm';
import { DomainError } from '@/common/errors/domain-error';
import { newTestService } from '@/test-utils/auto-mock';
import { fixtureChannel } from '@/test-utils/fixture-channel';
import type { AuditEvent } from './history/audit-event.entity';
import { ChannelRegistry } from './channel-registry';
import { CooperationRequest } from './entities/cooperation-request.entity';
import { AuthorityDirectory, type AuthorityRef, type FourEyesPolicy } from './ports';
import { FourEyesAcrossNodesError, FourEyesRequiredError, InvalidTransitionError } from './workflow.errors';
import { type Applied, type ChangeOrder, WorkflowRepository } from './workflow.repository';
import { type UserActor, WorkflowService } from './workflow.service';

const REQUEST_ID = '0f3a2c4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const REQUESTING = 'aaaaaaaa-0000-4000-8000-000000000001';
const REQUESTED = 'bbbbbbbb-0000-4000-8000-000000000002';

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
    caseData: {},
    deliveredAt: new Date('2026-01-11T00:01:00.000Z'),
    ...overrides,
  });
}

const approver: UserActor = {
  type: 'user',
  userId: 'user-approver',
  authorityId: REQUESTED,
  roles: ['approver'],
};

const austria = (nodeOrigin: string | null = null): AuthorityRef => ({
  id: REQUESTED,
  code: 'AUT-BMJ-CA',
  country: 'AUT',
  kind: 'central',
  languages: ['en'],
  nodeOrigin,
});

/** The service over the fixture channel, with a four-eyes policy naming `accept` (approver confirms). */
function setup(request = stored(), options: { origin?: string | null; policy?: boolean } = {}) {
  const registry = new ChannelRegistry();
  registry.register(fixtureChannel);
  const { sut, mocks } = newTestService(WorkflowService, [registry]);
  const repository = mocks.get(WorkflowRepository);
  mocks.get(AuthorityDirectory).findById.mockResolvedValue(austria(options.origin ?? null));
  repository.findSnapshot.mockResolvedValue({ request, lastHash: null, hooksIdle: true, followUps: [] });
  const events: Record<string, unknown>[] = [];
  repository.apply.mockImplementation(async (order: ChangeOrder): Promise<Applied> => {
    const row = Object.assign(new CooperationRequest(), structuredClone({ ...request }));
    const change = order.decide(row, undefined);
    if (!change) {
      return { outcome: 'skipped' };
    }
    await order.within?.({} as EntityManager);
    events.push(change.event.payload);
    return {
      outcome: 'applied',
      committed: {
        request: change.request,
        event: {
          ...change.event,
          id: '4',
          seq: 4,
          requestId: REQUEST_ID,
          occurredAt: new Date(),
        } as AuditEvent,
        outbox: [],
        followUps: [],
      },
    };
  });
  const requirementFor = jest.fn<
    ReturnType<FourEyesPolicy['requirementFor']>,
    Parameters<FourEyesPolicy['requirementFor']>
  >((country, channel, action) =>
    Promise.resolve(action === 'accept' ? { country, channel, action, confirmerRole: 'approver' } : null),
  );
  if (options.policy ?? true) {
    sut.setFourEyesPolicy({ requirementFor });
  }
  return { sut, repository, requirementFor, events };
}

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}

describe('WorkflowService: four eyes', () => {
  it("should refuse an action the acting State's policy names, taken directly, writing nothing", async () => {
    const t = setup();
    const err = await failure(t.sut.perform(REQUEST_ID, 'accept', {}, approver));
    expect(err).toBeInstanceOf(FourEyesRequiredError);
    expect(err.code).toBe('FOUR_EYES_REQUIRED');
    expect(err.kind).toBe('conflict');
    expect(err.details).toEqual({
      policy: { country: 'AUT', channel: 'fixture', action: 'accept', confirmerRole: 'approver' },
      preparations: `/v1/requests/${REQUEST_ID}/preparations`,
    });
    expect(t.requirementFor).toHaveBeenCalledWith('AUT', 'fixture', 'accept');
    expect(t.repository.apply).not.toHaveBeenCalled();
  });

  it('should take an action the policy does not name, and any action without a policy', async () => {
    const named = setup();
    const postponed = await named.sut.perform(
      REQUEST_ID,
      'postpone',
      { reasons: 'Ongoing domestic investigation', until: '2099-01-01T00:00:00.000Z' },
      approver,
    );
    expect(postponed.request.status).toBe('POSTPONED');
    const none = setup(stored(), { policy: false });
    expect((await none.sut.perform(REQUEST_ID, 'accept', {}, approver)).request.status).toBe('ACCEPTED');
  });

  it('should leave users of authorities hosted on another node to their own node (remote events unaffected)', async () => {
    const t = setup(stored(), { origin: 'https://node-b.example' });
    expect((await t.sut.perform(REQUEST_ID, 'accept', {}, approver)).request.status).toBe('ACCEPTED');
    expect(t.requirementFor).not.toHaveBeenCalled();
  });

  it('should not apply to a request with a party on another node, and refuse a preparation there', async () => {
    const t = setup();
    t.sut.setRemotePartyCheck(() => Promise.resolve(true));
    expect(await t.sut.fourEyesRequirement(stored(), 'accept', approver)).toBeNull();
    expect(await failure(t.sut.preview(REQUEST_ID, 'accept', {}, approver))).toBeInstanceOf(
      FourEyesAcrossNodesError,
    );
  });

  it('should preview a prepared action with every check of the action, writing nothing', async () => {
    const t = setup();
    const preview = await t.sut.preview(REQUEST_ID, 'accept', {}, approver);
    expect(preview.requirement).toMatchObject({ action: 'accept', confirmerRole: 'approver' });
    expect(preview.payload).toEqual({});
    expect(t.repository.apply).not.toHaveBeenCalled();
    const closed = setup(stored({ status: 'ACCEPTED' }));
    expect(await failure(closed.sut.preview(REQUEST_ID, 'accept', {}, approver))).toBeInstanceOf(
      InvalidTransitionError,
    );
  });

  it('should take a confirmed action once, its event naming both people, the confirmation in its transaction', async () => {
    const t = setup();
    const within = jest.fn(() => Promise.resolve());
    const record = { preparationId: 'p1', preparedBy: 'user-a', confirmedBy: 'user-b' };
    const committed = await t.sut.perform(REQUEST_ID, 'accept', {}, approver, undefined, {
      fourEyes: { record, within },
    });
    expect(committed.request.status).toBe('ACCEPTED');
    expect(within).toHaveBeenCalledTimes(1);
    expect(t.repository.apply).toHaveBeenCalledTimes(1);
    expect(t.repository.apply.mock.calls[0][0].within).toBe(within);
    expect(t.events).toEqual([{ fourEyes: record }]);
  });

  it('should tell which available actions need four eyes', async () => {
    const t = setup();
    expect(await t.sut.fourEyesActions(stored(), approver, ['accept', 'postpone'])).toEqual(['accept']);
    expect(
      await setup(stored(), { policy: false }).sut.fourEyesActions(stored(), approver, ['accept']),
    ).toEqual([]);
  });
});
