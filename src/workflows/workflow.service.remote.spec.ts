import { remoteWorkflowService } from '@/test-utils/remote-workflow';
import { CooperationRequest } from './entities/cooperation-request.entity';
import type { OutboxEntry } from './outbox/outbox-entry.entity';
import { TIMER_SETTINGS } from '@/test-utils/machine-fixtures';
import { AuthorityDirectory, StatePeriods } from './ports';
import type { Applied, ChangeOrder } from './workflow.repository';

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
    subject: 'Ransomware attack on a hospital',
    offences: [{ provision: 'Penal Code art. 290', description: 'Illegal access' }],
    assistanceSought: 'Subscriber information',
    purpose: 'Identify the suspects',
    followsUpRequestId: null,
    details: {},
    caseData: {},
    submittedAt: new Date('2026-01-11T00:00:00.000Z'),
    deliveredAt: new Date('2026-01-11T00:01:00.000Z'),
    ...overrides,
  });
}

/**
 * The service with the fixture channel; `apply` decides on a copy of the stored row, as the repository does.
 * `requestedOn`: the node hosting the requested authority (null: this node; set, the request crosses nodes).
 */
function setup(request: CooperationRequest, requestedOn: string | null = null) {
  const { sut, mocks, repository, changes } = remoteWorkflowService(request, HEAD);
  // The requesting authority is this node's when the requested one is on a peer, and the other way round.
  mocks.get(AuthorityDirectory).findById.mockImplementation((id: string) =>
    Promise.resolve(
      id === REQUESTED
        ? {
            id,
            code: 'AUT-BMJ-CA',
            country: 'AUT',
            kind: 'central',
            languages: ['en'],
            nodeOrigin: requestedOn,
          }
        : {
            id,
            code: 'VNM-MPS-CA',
            country: 'VNM',
            kind: 'central',
            languages: ['vi'],
            nodeOrigin: requestedOn ? null : 'https://vnm.example',
          },
    ),
  );
  mocks.get(StatePeriods).timerSettings.mockResolvedValue(TIMER_SETTINGS);
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
  it("should apply it on top of the named head, with its time, actor and payload, this side's clocks, hooks told remote", async () => {
    const t = setup(stored());
    t.sut.setRemotePartyCheck(() => Promise.resolve(true));
    const payload = { reasons: 'Own proceedings', until: '2099-01-01T00:00:00.000Z' };
    const applied = await t.sut.applyRemote(REQUEST_ID, 'postpone', payload, remoteOfficer, position);
    expect(applied.outcome).toBe('applied');
    const order = t.repository.apply.mock.calls[0][0];
    expect(order).toMatchObject({ requestId: REQUEST_ID, now: AT, remote: true });
    // The requested side is hosted here: the postponement's end is its clock, so it runs here.
    expect(t.changes[0].outbox).toEqual([
      expect.objectContaining({ jobName: 'FixturePostponementEnd', runAt: new Date(payload.until) }),
    ]);
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

  it('should call it a duplicate when the same event was applied meanwhile (a gap filled while its envelope came in)', async () => {
    const t = setup(stored());
    // Read at version 3; by the time the row is locked, another job has written event 4.
    t.repository.apply.mockImplementationOnce((order: ChangeOrder) => {
      expect(order.decide(stored({ version: 4 }), undefined)).toBeNull();
      return Promise.resolve<Applied>({ outcome: 'skipped' });
    });
    expect(await t.sut.applyRemote(REQUEST_ID, 'accept', {}, remoteOfficer, position)).toEqual({
      outcome: 'duplicate',
      reason: 'the history moved to 4 meanwhile',
    });
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

  it("should repeat a clock's occasion named by the other node's system event, recorded as it came", async () => {
    const t = setup(
      stored({ caseData: { statusEnquiries: [{ question: 'q', askedAt: '2026-11-01T00:00:00.000Z' }] } }),
    );
    t.sut.setRemotePartyCheck(() => Promise.resolve(true));
    const payload = {
      trigger: {
        jobName: 'EnquiryRemind',
        runAt: '2026-11-15T00:00:00.000Z',
        params: { askedAt: '2026-11-01T00:00:00.000Z', action: 'remind-enquiry' },
        sourceRequestId: REQUEST_ID,
      },
    };
    const applied = await t.sut.applyRemote(
      REQUEST_ID,
      'remind-enquiry',
      payload,
      { type: 'system' },
      position,
    );
    expect(applied.outcome).toBe('applied');
    expect(t.changes[0].event.payload).toEqual(payload);
    // A user's payload never names an occasion: an unknown field there is refused as before.
    expect(
      await t.sut.applyRemote(REQUEST_ID, 'acknowledge', payload, remoteOfficer, position),
    ).toMatchObject({
      outcome: 'not-applied',
    });
  });
});

describe('WorkflowService: the effects a node schedules on a request across nodes', () => {
  const postpone = { reasons: 'Own proceedings', until: '2099-01-01T00:00:00.000Z' };
  const requestedApprover = {
    type: 'user' as const,
    userId: 'u',
    authorityId: REQUESTED,
    roles: ['approver'] as const,
  };
  const requestingOfficer = {
    type: 'user' as const,
    userId: 'r',
    authorityId: REQUESTING,
    roles: ['officer'] as const,
  };

  it("should schedule the requested side's clock on the requested node only", async () => {
    const onRequested = setup(stored());
    onRequested.sut.setRemotePartyCheck(() => Promise.resolve(true));
    await onRequested.sut.perform(REQUEST_ID, 'postpone', postpone, requestedApprover);
    expect(onRequested.changes[0].outbox?.map((d) => d.jobName)).toEqual(['FixturePostponementEnd']);

    // The requesting node repeats the same postponement (applyRemote): the clock is not its to run.
    const onRequesting = setup(stored(), 'https://b.example');
    onRequesting.sut.setRemotePartyCheck(() => Promise.resolve(true));
    const applied = await onRequesting.sut.applyRemote(
      REQUEST_ID,
      'postpone',
      postpone,
      requestedApprover,
      position,
    );
    expect(applied.outcome).toBe('applied');
    expect(onRequesting.changes[0].outbox).toEqual([]);
  });

  it("should schedule the requesting side's enquiry reminder on the requesting node only", async () => {
    const onRequesting = setup(stored(), 'https://b.example');
    onRequesting.sut.setRemotePartyCheck(() => Promise.resolve(true));
    await onRequesting.sut.perform(REQUEST_ID, 'query-status', { question: 'Any news?' }, requestingOfficer);
    expect(onRequesting.changes[0].outbox?.map((d) => d.jobName)).toEqual(['EnquiryRemind']);

    const onRequested = setup(stored());
    onRequested.sut.setRemotePartyCheck(() => Promise.resolve(true));
    const applied = await onRequested.sut.applyRemote(
      REQUEST_ID,
      'query-status',
      { question: 'Any news?' },
      requestingOfficer,
      position,
    );
    expect(applied.outcome).toBe('applied');
    expect(onRequested.changes[0].outbox).toEqual([]);
  });

  it("should never schedule the delivery job across nodes: delivery is the peer's receipt", async () => {
    const draft = stored({ status: 'DRAFT', version: 1, submittedAt: null, deliveredAt: null });
    const t = setup(draft, 'https://b.example');
    t.sut.setRemotePartyCheck(() => Promise.resolve(true));
    await t.sut.perform(REQUEST_ID, 'submit', {}, requestingOfficer);
    expect(t.changes[0].event.toStatus).toBe('SUBMITTED');
    expect(t.changes[0].outbox).toEqual([]);

    const local = setup(draft);
    await local.sut.perform(REQUEST_ID, 'submit', {}, requestingOfficer);
    expect(local.changes[0].outbox?.map((d) => d.jobName)).toEqual(['RequestDeliver']);
  });

  it('should record the occasion of a clock that fires across nodes in its event, and not on a request of this node alone', async () => {
    const entry = {
      id: '100',
      requestId: REQUEST_ID,
      sourceRequestId: REQUEST_ID,
      jobName: 'FixturePostponementEnd',
      runAt: new Date(postpone.until),
      payload: { action: 'resume' },
      processedAt: null,
    } as unknown as OutboxEntry;
    const postponed = () =>
      stored({
        status: 'POSTPONED',
        caseData: { postponement: { reasons: 'r', until: postpone.until } } as CooperationRequest['caseData'],
      });
    const events: Record<string, unknown>[] = [];
    for (const remote of [true, false]) {
      const t = setup(postponed());
      t.sut.setRemotePartyCheck(() => Promise.resolve(remote));
      const snapshot = { request: postponed(), lastHash: HEAD, hooksIdle: false, followUps: [] };
      t.repository.findJob.mockResolvedValue({ entry, sourceChannel: 'fixture', snapshot });
      t.repository.apply.mockImplementation((order: ChangeOrder) => {
        const change = order.decide(postponed(), entry);
        events.push(change!.event.payload);
        return Promise.resolve<Applied>({ outcome: 'applied' } as Applied);
      });
      expect(await t.sut.runScheduled('100')).toBe('applied');
    }
    expect(events).toEqual([
      {
        trigger: {
          jobName: 'FixturePostponementEnd',
          runAt: postpone.until,
          params: { action: 'resume' },
          sourceRequestId: REQUEST_ID,
        },
      },
      {},
    ]);
  });

  it('should show a clock that fired here and went to the node that sequences the status as fired, not void', async () => {
    const t = setup(stored());
    const row = (outcome: string) =>
      ({
        id: '7',
        jobName: 'EnquiryRemind',
        runAt: AT,
        payload: {},
        processedAt: AT,
        outcome,
      }) as unknown as OutboxEntry;
    t.repository.timersOf.mockResolvedValue([row('proposed'), row('applied'), row('skipped')]);
    const states = (await t.sut.timersOf(stored())).map(({ status, reason }) => ({ status, reason }));
    expect(states).toEqual([
      { status: 'fired', reason: expect.stringContaining('applied by the node that sequences this status') },
      { status: 'fired', reason: null },
      { status: 'void', reason: 'its occasion had passed when it came due' },
    ]);
  });
});
