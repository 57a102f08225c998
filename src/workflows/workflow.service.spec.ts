import {
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '@/common/errors/domain-error';
import type { AuditEvent } from './history/audit-event.entity';
import { AuthorityDirectory } from './ports';
import type { UserRole } from '@/common/auth/authority-kind';
import type { Authority } from '@/modules/authorities/entities/authority.entity';
import { mlaChannel } from '@/modules/mla/mla.channel';
import { newTestService } from '@/test-utils/auto-mock';
import { ChannelRegistry } from './channel-registry';
import { CooperationRequest } from './entities/cooperation-request.entity';
import { OutboxRelay } from './outbox/outbox-relay.service';
import type { OutboxEntry } from './outbox/outbox-entry.entity';
import { JobName } from './queue.constants';
import {
  ForbiddenRefusalGroundError,
  IncompleteRequestError,
  InvalidTransitionError,
  UnknownActionError,
  VersionMismatchError,
} from './workflow.errors';
import { type Change, type Committed, WorkflowRepository } from './workflow.repository';
import { type UserActor, WorkflowService } from './workflow.service';

const REQUEST_ID = '0f3a2c4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const REQUESTING = 'aaaaaaaa-0000-4000-8000-000000000001';
const REQUESTED = 'bbbbbbbb-0000-4000-8000-000000000002';
const THIRD_PARTY = 'cccccccc-0000-4000-8000-000000000003';
const AUTHORITY_OF = { requesting: REQUESTING, requested: REQUESTED, 'third-party': THIRD_PARTY } as const;
type Party = keyof typeof AUTHORITY_OF;

const FUTURE = '2099-01-01T00:00:00.000Z';
const SHA = 'ab'.repeat(32);

/** A complete MLA request; the counterpart has it in its inbox unless `deliveredAt` says otherwise. */
function mlaRequest(overrides: Partial<CooperationRequest> = {}): CooperationRequest {
  return Object.assign(new CooperationRequest(), {
    id: REQUEST_ID,
    reference: 'VNM-2026-000042',
    channel: 'mla',
    status: 'UNDER_REVIEW',
    version: 3,
    requestingAuthorityId: REQUESTING,
    requestedAuthorityId: REQUESTED,
    createdByUserId: 'user-requesting',
    urgency: 'normal',
    language: 'en',
    subject: 'Ransomware attack on a hospital',
    proceedingType: 'investigation',
    offences: [{ provision: 'Penal Code art. 290', description: 'Illegal access' }],
    factsSummary: 'On 14 March the hospital systems were encrypted',
    assistanceSought: 'Subscriber information',
    purpose: 'Identify the suspects',
    personsConcerned: [],
    confidential: true,
    suggestedDeadline: null,
    deadlineReason: null,
    followsUpRequestId: null,
    details: { assistanceTypes: ['subscriber-info'], items: [] },
    caseData: {},
    createdAt: new Date('2026-01-10T00:00:00.000Z'),
    updatedAt: new Date('2026-01-12T00:00:00.000Z'),
    submittedAt: new Date('2026-01-11T00:00:00.000Z'),
    deliveredAt: new Date('2026-01-11T00:01:00.000Z'),
    ...overrides,
  });
}

const draft = (overrides: Partial<CooperationRequest> = {}): CooperationRequest =>
  mlaRequest({ status: 'DRAFT', version: 1, submittedAt: null, deliveredAt: null, ...overrides });

const counterpart = (languages = ['en', 'de']): Authority =>
  ({
    id: REQUESTED,
    code: 'AUT-BMJ-CA',
    name: 'BMJ',
    country: 'AUT',
    kind: 'central',
    languages,
  }) as Authority;

function user(party: Party, ...roles: UserRole[]): UserActor {
  return {
    type: 'user',
    userId: `user-${party}-${roles.join('-')}`,
    authorityId: AUTHORITY_OF[party],
    roles,
  };
}

const copy = (r: CooperationRequest): CooperationRequest =>
  Object.assign(new CooperationRequest(), structuredClone({ ...r }));

function commit(change: Change, now: Date): Committed {
  const seq = change.request.version + 1;
  return {
    request: change.request,
    event: { id: String(seq), ...change.event, requestId: REQUEST_ID, seq, occurredAt: now } as AuditEvent,
    outbox: (change.outbox ?? []).map(
      (o, i) =>
        ({
          id: String(100 + i),
          requestId: REQUEST_ID,
          jobId: `${REQUEST_ID}_${seq}_${o.jobName}`,
          transitionSeq: seq,
          ...o,
        }) as OutboxEntry,
    ),
    followUps: [],
  };
}

/**
 * The service with a real registry (MLA channel) and auto-mocked repository, relay and directory.
 * `repository.change` runs the service's decide callback on a copy of `locked` (default: what findSnapshot
 * returned), so the real decision logic runs; `changes` collects what the callback returned. The
 * optimistic `tryChange` reports a conflict (null) unless a test says otherwise, so decisions are made on
 * the locked row.
 */
function setup(stored: CooperationRequest | null, locked: CooperationRequest | null = stored) {
  const registry = new ChannelRegistry();
  registry.register(mlaChannel);
  const { sut, mocks } = newTestService(WorkflowService, [registry]);
  const repository = mocks.get(WorkflowRepository);
  const relay = mocks.get(OutboxRelay);
  const authorities = mocks.get(AuthorityDirectory);
  const changes: Change[] = [];
  const committed: Committed[] = [];
  repository.findSnapshot.mockImplementation(() =>
    Promise.resolve(stored && { request: copy(stored), lastHash: null, hooksIdle: true, followUps: [] }),
  );
  repository.tryChange.mockResolvedValue(null);
  repository.change.mockImplementation((_id, decide, now) =>
    Promise.resolve().then(() => {
      if (!locked) {
        return null;
      }
      const change = decide(copy(locked));
      changes.push(change);
      committed.push(commit(change, now));
      return committed[committed.length - 1];
    }),
  );
  authorities.findById.mockResolvedValue(counterpart());
  return { sut, repository, relay, authorities, changes, committed };
}

/** The DomainError a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}

const fields = (e: DomainError): string[] => (e.details as { field: string }[]).map((d) => d.field);

describe('WorkflowService', () => {
  describe('perform: who may see the request (404)', () => {
    it('should answer 404 when the request does not exist', async () => {
      const t = setup(null);
      const err = await failure(
        t.sut.perform(REQUEST_ID, 'withdraw', { reasons: 'r' }, user('requesting', 'officer')),
      );
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.kind).toBe('not-found');
      expect(t.repository.change).not.toHaveBeenCalled();
    });

    it.each<UserRole>(['officer', 'approver', 'auditor'])(
      'should answer 404 to a third-party %s, never revealing that the request exists',
      async (role) => {
        const t = setup(mlaRequest());
        const err = await failure(t.sut.perform(REQUEST_ID, 'accept', {}, user('third-party', role)));
        expect(err).toBeInstanceOf(NotFoundError);
        expect(t.repository.change).not.toHaveBeenCalled();
      },
    );

    it.each([
      { status: 'DRAFT', action: 'acknowledge', role: 'officer' as const },
      { status: 'SUBMITTED', action: 'acknowledge', role: 'officer' as const },
      { status: 'SUBMITTED', action: 'accept', role: 'approver' as const },
    ])(
      'should answer 404 to the counterpart $role before delivery ($status, $action)',
      async ({ status, action, role }) => {
        const t = setup(mlaRequest({ status, deliveredAt: null }));
        const err = await failure(t.sut.perform(REQUEST_ID, action, {}, user('requested', role)));
        expect(err).toBeInstanceOf(NotFoundError);
        expect(t.repository.change).not.toHaveBeenCalled();
      },
    );

    it('should let the counterpart act once the request is delivered', async () => {
      const t = setup(mlaRequest({ status: 'RECEIVED' }));
      const result = await t.sut.perform(REQUEST_ID, 'acknowledge', {}, user('requested', 'officer'));
      expect(result.request.status).toBe('UNDER_REVIEW');
    });

    it('should answer 404 when the row is gone by the time it is locked', async () => {
      const t = setup(mlaRequest(), null);
      const err = await failure(t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver')));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(t.relay.publish).not.toHaveBeenCalled();
    });
  });

  describe('perform: unknown actions (400 UNKNOWN_ACTION)', () => {
    it.each(['fly', 'deliver', 'SUBMIT', '', 'constructor'])(
      'should reject %p as an unknown action and list the user actions',
      async (action) => {
        const t = setup(mlaRequest());
        const err = await failure(t.sut.perform(REQUEST_ID, action, {}, user('requested', 'approver')));
        expect(err).toBeInstanceOf(UnknownActionError);
        expect(err.code).toBe('UNKNOWN_ACTION');
        expect(err.kind).toBe('invalid');
        const [problem] = err.details as { field: string; messages: string[] }[];
        expect(problem.field).toBe('action');
        expect(problem.messages[0]).toContain('submit');
        expect(problem.messages[0]).toContain('resume');
        expect(problem.messages[0]).not.toContain('deliver');
        expect(t.repository.change).not.toHaveBeenCalled();
      },
    );
  });

  describe('perform: wrong side or role (403)', () => {
    const cases: { action: string; party: Party; roles: UserRole[]; payload?: object }[] = [
      { action: 'accept', party: 'requesting', roles: ['approver'] },
      { action: 'accept', party: 'requested', roles: ['officer'] },
      { action: 'accept', party: 'requested', roles: ['auditor'] },
      { action: 'accept', party: 'requested', roles: [] },
      { action: 'request-information', party: 'requested', roles: ['approver'] },
      { action: 'request-information', party: 'requesting', roles: ['officer'] },
      { action: 'withdraw', party: 'requested', roles: ['officer'], payload: { reasons: 'r' } },
      { action: 'withdraw', party: 'requesting', roles: ['approver', 'auditor'], payload: { reasons: 'r' } },
      // 403 comes before 409: the status is wrong for these too.
      { action: 'submit', party: 'requested', roles: ['officer'] },
      { action: 'accept-conditions', party: 'requested', roles: ['approver'] },
      { action: 'confirm-receipt', party: 'requested', roles: ['officer'] },
    ];

    it.each(cases)(
      'should answer 403 when a $party $roles user tries $action',
      async ({ action, party, roles, payload }) => {
        const t = setup(mlaRequest());
        const err = await failure(t.sut.perform(REQUEST_ID, action, payload ?? {}, user(party, ...roles)));
        expect(err).toBeInstanceOf(ForbiddenError);
        expect(err.code).toBe('FORBIDDEN');
        expect(err.kind).toBe('forbidden');
        expect(err.message).toContain(`you act for the ${party} side`);
        expect(t.repository.change).not.toHaveBeenCalled();
      },
    );

    it('should check the role before the payload', async () => {
      const t = setup(mlaRequest());
      const err = await failure(
        t.sut.perform(REQUEST_ID, 'accept', { bogus: 1 }, user('requested', 'officer')),
      );
      expect(err).toBeInstanceOf(ForbiddenError);
    });
  });

  describe('perform: payload validation (400)', () => {
    const cases: {
      action: string;
      status: string;
      party: Party;
      role: UserRole;
      body: unknown;
      named: string[];
    }[] = [
      {
        action: 'refuse',
        status: 'CONSULTATION',
        party: 'requested',
        role: 'approver',
        body: {},
        named: ['grounds', 'reasons'],
      },
      {
        action: 'accept',
        status: 'UNDER_REVIEW',
        party: 'requested',
        role: 'approver',
        body: { note: 'x' },
        named: ['note'],
      },
      {
        action: 'withdraw',
        status: 'UNDER_REVIEW',
        party: 'requesting',
        role: 'officer',
        body: { reasons: 'r', extra: true },
        named: ['extra'],
      },
      {
        action: 'transmit-results',
        status: 'IN_EXECUTION',
        party: 'requested',
        role: 'approver',
        body: { final: 'yes', summary: 's', items: [{ name: 'a', sha256: 'ABC' }] },
        named: ['final', 'items[0].sha256'],
      },
      {
        action: 'postpone',
        status: 'UNDER_REVIEW',
        party: 'requested',
        role: 'approver',
        body: { reasons: 'r', until: 'next week' },
        named: ['until'],
      },
      {
        action: 'propose-conditions',
        status: 'UNDER_REVIEW',
        party: 'requested',
        role: 'approver',
        body: {
          conditions: [
            { type: 'USE_LIMIT', text: 'ok' },
            { type: 'NOPE', text: '' },
          ],
        },
        named: ['conditions[1].type', 'conditions[1].text'],
      },
      {
        action: 'withdraw',
        status: 'UNDER_REVIEW',
        party: 'requesting',
        role: 'officer',
        body: 'r',
        named: ['body'],
      },
    ];

    it.each(cases)(
      'should answer 400 naming $named for $action with $body',
      async ({ action, status, party, role, body, named }) => {
        const t = setup(mlaRequest({ status }));
        const err = await failure(t.sut.perform(REQUEST_ID, action, body, user(party, role)));
        expect(err).toBeInstanceOf(ValidationFailedError);
        expect(err.code).toBe('VALIDATION_FAILED');
        expect(fields(err).sort()).toEqual([...named].sort());
        expect(t.repository.change).not.toHaveBeenCalled();
      },
    );

    it('should reject a refusal ground outside the convention, naming grounds', async () => {
      const t = setup(mlaRequest({ status: 'CONSULTATION' }));
      const err = await failure(
        t.sut.perform(
          REQUEST_ID,
          'refuse',
          { grounds: ['TOO_BUSY'], reasons: 'r' },
          user('requested', 'approver'),
        ),
      );
      expect(err).toBeInstanceOf(ValidationFailedError);
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(fields(err)).toEqual(['grounds[0]']);
      expect(t.repository.change).not.toHaveBeenCalled();
    });

    it('should reject a refusal on bank secrecy with FORBIDDEN_REFUSAL_GROUND naming the ground', async () => {
      const t = setup(mlaRequest({ status: 'CONSULTATION' }));
      const err = await failure(
        t.sut.perform(
          REQUEST_ID,
          'refuse',
          { grounds: ['ESSENTIAL_INTERESTS', 'BANK_SECRECY'], reasons: 'r' },
          user('requested', 'approver'),
        ),
      );
      expect(err).toBeInstanceOf(ForbiddenRefusalGroundError);
      expect(err.code).toBe('FORBIDDEN_REFUSAL_GROUND');
      expect(fields(err)).toEqual(['grounds[1]']);
      expect(t.relay.publish).not.toHaveBeenCalled();
    });

    it('should reject a postponement that ends in the past, naming until', async () => {
      const t = setup(mlaRequest());
      const err = await failure(
        t.sut.perform(
          REQUEST_ID,
          'postpone',
          { reasons: 'r', until: '2001-01-01T00:00:00Z' },
          user('requested', 'approver'),
        ),
      );
      expect(err).toBeInstanceOf(ValidationFailedError);
      expect(fields(err)).toEqual(['until']);
      expect(t.relay.publish).not.toHaveBeenCalled();
    });
  });

  describe('perform: If-Match (412)', () => {
    it('should answer 412 when If-Match names another version than the locked row', async () => {
      const t = setup(mlaRequest({ version: 3 }));
      const err = await failure(t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver'), 2));
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect(err.code).toBe('VERSION_MISMATCH');
      expect(err.kind).toBe('precondition-failed');
      expect(err.details).toEqual({ currentVersion: 3 });
      expect(t.changes).toEqual([]);
      expect(t.relay.publish).not.toHaveBeenCalled();
    });

    it('should compare If-Match with the locked row, not the earlier read', async () => {
      const t = setup(mlaRequest({ version: 3 }), mlaRequest({ version: 4 }));
      const err = await failure(t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver'), 3));
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect(err.details).toEqual({ currentVersion: 4 });
    });

    it('should answer 412 before 409 when both apply', async () => {
      const t = setup(mlaRequest({ status: 'ACCEPTED', version: 7 }));
      const err = await failure(t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver'), 6));
      expect(err).toBeInstanceOf(VersionMismatchError);
    });

    it('should proceed when If-Match names the current version', async () => {
      const t = setup(mlaRequest({ version: 3 }));
      const result = await t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver'), 3);
      expect(result.request.status).toBe('ACCEPTED');
    });
  });

  describe('perform: wrong status (409)', () => {
    const cases: {
      action: string;
      status: string;
      party: Party;
      role: UserRole;
      body?: object;
      allowed: string[];
    }[] = [
      {
        action: 'accept',
        status: 'RECEIVED',
        party: 'requested',
        role: 'approver',
        allowed: ['UNDER_REVIEW', 'CONSULTATION'],
      },
      {
        action: 'refuse',
        status: 'UNDER_REVIEW',
        party: 'requested',
        role: 'approver',
        body: { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'r' },
        allowed: ['CONSULTATION'],
      },
      { action: 'submit', status: 'SUBMITTED', party: 'requesting', role: 'officer', allowed: ['DRAFT'] },
      {
        action: 'confirm-receipt',
        status: 'IN_EXECUTION',
        party: 'requesting',
        role: 'officer',
        allowed: ['EXECUTED', 'REFUSED'],
      },
      {
        action: 'resume',
        status: 'UNDER_REVIEW',
        party: 'requested',
        role: 'approver',
        allowed: ['POSTPONED'],
      },
      {
        action: 'withdraw',
        status: 'CLOSED',
        party: 'requesting',
        role: 'officer',
        body: { reasons: 'r' },
        allowed: expect.any(Array) as string[],
      },
    ];

    it.each(cases)(
      'should answer 409 INVALID_TRANSITION for $action from $status',
      async ({ action, status, party, role, body, allowed }) => {
        const t = setup(mlaRequest({ status }));
        const err = await failure(t.sut.perform(REQUEST_ID, action, body ?? {}, user(party, role)));
        expect(err).toBeInstanceOf(InvalidTransitionError);
        expect(err.code).toBe('INVALID_TRANSITION');
        expect(err.kind).toBe('conflict');
        expect(err.details).toEqual({ status, allowedFrom: allowed });
        expect(t.relay.publish).not.toHaveBeenCalled();
      },
    );

    it('should judge the status of the locked row, which may have moved on since the read', async () => {
      const t = setup(mlaRequest({ status: 'UNDER_REVIEW' }), mlaRequest({ status: 'ACCEPTED', version: 4 }));
      const err = await failure(t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver')));
      expect(err).toBeInstanceOf(InvalidTransitionError);
      expect(err.details).toMatchObject({ status: 'ACCEPTED' });
    });
  });

  describe('perform: submit checks completeness', () => {
    const submit = (t: ReturnType<typeof setup>) =>
      t.sut.perform(REQUEST_ID, 'submit', {}, user('requesting', 'officer'));

    it('should answer INCOMPLETE_REQUEST naming every missing field', async () => {
      const t = setup(draft({ subject: null, purpose: '', offences: [] }));
      const err = await failure(submit(t));
      expect(err).toBeInstanceOf(IncompleteRequestError);
      expect(err.code).toBe('INCOMPLETE_REQUEST');
      expect(err.kind).toBe('invalid');
      expect(fields(err)).toEqual(['subject', 'offences', 'purpose']);
      expect(err.message).toContain('subject, offences, purpose');
      expect(t.relay.publish).not.toHaveBeenCalled();
    });

    it('should name language when the counterpart does not accept it', async () => {
      const t = setup(draft({ language: 'vi' }));
      t.authorities.findById.mockResolvedValue(counterpart(['de', 'fr']));
      const err = await failure(submit(t));
      expect(err).toBeInstanceOf(IncompleteRequestError);
      const details = err.details as { field: string; messages: string[] }[];
      expect(details).toHaveLength(1);
      expect(details[0].field).toBe('language');
      expect(details[0].messages[0]).toContain('AUT-BMJ-CA accepts requests in de, fr');
      expect(t.authorities.findById).toHaveBeenCalledWith(REQUESTED);
    });

    it('should report missing fields and the language together', async () => {
      const t = setup(draft({ language: 'vi', assistanceSought: null }));
      t.authorities.findById.mockResolvedValue(counterpart(['de']));
      expect(fields(await failure(submit(t)))).toEqual(['assistanceSought', 'language']);
    });

    it('should not check the language against a counterpart missing from the directory', async () => {
      const t = setup(draft({ language: 'vi' }));
      t.authorities.findById.mockResolvedValue(null);
      expect((await submit(t)).request.status).toBe('SUBMITTED');
    });

    it('should submit a complete request in an accepted language', async () => {
      const t = setup(draft({ language: 'de' }));
      expect((await submit(t)).request.status).toBe('SUBMITTED');
    });

    it('should judge completeness on the locked row, not on the earlier read', async () => {
      const t = setup(draft(), draft({ version: 2, purpose: null }));
      const err = await failure(submit(t));
      expect(err).toBeInstanceOf(IncompleteRequestError);
      expect(fields(err)).toEqual(['purpose']);
    });

    it('should accept a draft completed between the read and the lock', async () => {
      const t = setup(draft({ purpose: null }), draft({ version: 2 }));
      expect((await submit(t)).request.status).toBe('SUBMITTED');
    });

    it('should not check completeness for other actions', async () => {
      const t = setup(mlaRequest({ status: 'SUBMITTED', subject: null, deliveredAt: null }));
      const result = await t.sut.perform(
        REQUEST_ID,
        'withdraw',
        { reasons: 'r' },
        user('requesting', 'officer'),
      );
      expect(result.request.status).toBe('WITHDRAWN');
    });
  });

  describe('perform: the change written and published', () => {
    it('should write on the row as read when nobody changed it, without locking it', async () => {
      const t = setup(mlaRequest({ status: 'RECEIVED' }));
      t.repository.tryChange.mockImplementation((snapshot, decide, now) =>
        Promise.resolve().then(() => {
          const change = decide(snapshot.request);
          return change && commit(change, now);
        }),
      );
      const result = await t.sut.perform(REQUEST_ID, 'acknowledge', {}, user('requested', 'officer'));
      expect(result.request.status).toBe('UNDER_REVIEW');
      expect(t.repository.change).not.toHaveBeenCalled();
      expect(t.relay.publish).toHaveBeenCalledWith(result.outbox);
    });

    it('should decide again on the locked row when the request changed after it was read', async () => {
      const t = setup(mlaRequest({ status: 'RECEIVED' }), mlaRequest({ status: 'WITHDRAWN', version: 4 }));
      const err = await failure(t.sut.perform(REQUEST_ID, 'acknowledge', {}, user('requested', 'officer')));
      expect(t.repository.tryChange).toHaveBeenCalledTimes(1);
      expect(err).toBeInstanceOf(InvalidTransitionError);
      expect(t.committed).toEqual([]);
    });

    it('should answer 412 from the locked row when an If-Match was current only at the read', async () => {
      const t = setup(mlaRequest({ status: 'RECEIVED' }), mlaRequest({ status: 'UNDER_REVIEW', version: 4 }));
      const err = await failure(
        t.sut.perform(REQUEST_ID, 'acknowledge', {}, user('requested', 'officer'), 3),
      );
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect(t.committed).toEqual([]);
    });

    it('should record submit with its event and a delivery job to run at once', async () => {
      const actor = user('requesting', 'officer');
      const t = setup(draft());
      const result = await t.sut.perform(REQUEST_ID, 'submit', undefined, actor);
      const now = t.repository.change.mock.calls[0][2];
      expect(t.repository.change).toHaveBeenCalledWith(REQUEST_ID, expect.any(Function), expect.any(Date));
      expect(t.changes).toHaveLength(1);
      const [change] = t.changes;
      expect(change.event).toEqual({
        action: 'submit',
        fromStatus: 'DRAFT',
        toStatus: 'SUBMITTED',
        actorType: 'user',
        actorUserId: actor.userId,
        actorAuthorityId: REQUESTING,
        payload: {},
      });
      expect(change.outbox).toEqual([
        {
          queue: 'mla',
          jobName: JobName.RequestDeliver,
          runAt: now,
          priority: 5,
          targetRequestId: REQUEST_ID,
          kind: 'transition',
          label: undefined,
          basis: undefined,
          params: { action: 'deliver' },
        },
      ]);
      expect(change.request.status).toBe('SUBMITTED');
      expect(change.request.submittedAt).toBe(now);
      expect(result).toBe(t.committed[0]);
      expect(t.relay.publish).toHaveBeenCalledTimes(1);
      expect(t.relay.publish).toHaveBeenCalledWith(t.committed[0].outbox);
      expect(t.relay.publish.mock.calls[0][0]).toBe(t.committed[0].outbox);
    });

    it.each([
      { urgency: 'emergency', priority: 1 },
      { urgency: 'urgent', priority: 2 },
      { urgency: 'normal', priority: 5 },
      { urgency: 'unheard-of', priority: 5 },
    ])('should give a $urgency request queue priority $priority', async ({ urgency, priority }) => {
      const t = setup(draft({ urgency }));
      await t.sut.perform(REQUEST_ID, 'submit', {}, user('requesting', 'officer'));
      expect(t.changes[0].outbox?.map((o) => o.priority)).toEqual([priority]);
    });

    it('should schedule the end of a postponement at `until` and record the payload', async () => {
      const t = setup(mlaRequest({ status: 'CONSULTATION', urgency: 'urgent' }));
      await t.sut.perform(
        REQUEST_ID,
        'postpone',
        { reasons: 'Own investigation', until: FUTURE },
        user('requested', 'approver'),
      );
      const [change] = t.changes;
      expect(change.event).toMatchObject({
        action: 'postpone',
        fromStatus: 'CONSULTATION',
        toStatus: 'POSTPONED',
        payload: { reasons: 'Own investigation', until: FUTURE },
      });
      expect(change.outbox).toEqual([
        {
          queue: 'mla',
          jobName: 'PostponementEnd',
          runAt: new Date(FUTURE),
          priority: 2,
          targetRequestId: REQUEST_ID,
          kind: 'timer',
          label: 'End of postponement',
          basis: 'UNCC art. 40 (UNTOC 18(25))',
          params: { action: 'resume' },
        },
      ]);
      expect(t.relay.publish).toHaveBeenCalledWith(t.committed[0].outbox);
    });

    it.each([
      { final: true, status: 'IN_EXECUTION', to: 'EXECUTED' },
      { final: false, status: 'IN_EXECUTION', to: 'PARTIALLY_EXECUTED' },
      { final: true, status: 'PARTIALLY_EXECUTED', to: 'EXECUTED' },
      { final: false, status: 'PARTIALLY_EXECUTED', to: 'PARTIALLY_EXECUTED' },
    ])('should move transmit-results (final=$final) from $status to $to', async ({ final, status, to }) => {
      const t = setup(mlaRequest({ status }));
      const payload = { final, summary: 'Logs', items: [{ name: 'logs.zip', sha256: SHA, size: 7 }] };
      const result = await t.sut.perform(
        REQUEST_ID,
        'transmit-results',
        payload,
        user('requested', 'approver'),
      );
      expect(result.request.status).toBe(to);
      expect(t.changes[0].event).toMatchObject({ fromStatus: status, toStatus: to, payload });
      expect(t.changes[0].outbox).toEqual([]);
    });

    it('should record the actor of the requested side and publish nothing for an action without effects', async () => {
      const actor = user('requested', 'approver');
      const t = setup(mlaRequest({ status: 'CONSULTATION' }));
      await t.sut.perform(REQUEST_ID, 'refuse', { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'r' }, actor);
      expect(t.changes[0].event).toEqual({
        action: 'refuse',
        fromStatus: 'CONSULTATION',
        toStatus: 'REFUSED',
        actorType: 'user',
        actorUserId: actor.userId,
        actorAuthorityId: REQUESTED,
        payload: { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'r' },
      });
      expect(t.changes[0].request.caseData.refusal).toMatchObject({ grounds: ['ESSENTIAL_INTERESTS'] });
      expect(t.relay.publish).toHaveBeenCalledWith([]);
    });
  });

  describe('runScheduled', () => {
    function scheduled(
      locked: CooperationRequest,
      entry: Partial<OutboxEntry>,
      outcome?: 'missing' | 'already-done',
    ) {
      const t = setup(locked);
      const decisions: (Change | null)[] = [];
      const row = {
        id: '100',
        requestId: REQUEST_ID,
        sourceRequestId: REQUEST_ID,
        runAt: new Date(FUTURE),
        payload: {},
        processedAt: outcome === 'already-done' ? new Date() : null,
        ...entry,
      } as OutboxEntry;
      t.repository.findJob.mockResolvedValue(
        outcome === 'missing'
          ? null
          : {
              entry: row,
              sourceChannel: 'mla',
              snapshot: { request: copy(locked), lastHash: null, hooksIdle: true, followUps: [] },
            },
      );
      t.repository.tryConsume.mockResolvedValue(null);
      t.repository.consumeOutbox.mockImplementation((_id, decide, now) =>
        Promise.resolve().then(() => {
          const decision = decide(copy(locked), row);
          decisions.push(decision);
          return decision
            ? { outcome: 'applied' as const, committed: commit(decision, now) }
            : { outcome: 'skipped' as const };
        }),
      );
      return { ...t, decisions };
    }

    it('should deliver a submitted request as the system', async () => {
      const t = scheduled(mlaRequest({ status: 'SUBMITTED', version: 2, deliveredAt: null }), {
        jobName: JobName.RequestDeliver,
        transitionSeq: 2,
      });
      expect(await t.sut.runScheduled('100')).toBe('applied');
      const now = t.repository.consumeOutbox.mock.calls[0][2];
      const [change] = t.decisions as Change[];
      expect(change.event).toEqual({
        action: 'deliver',
        fromStatus: 'SUBMITTED',
        toStatus: 'RECEIVED',
        actorType: 'system',
        actorUserId: null,
        actorAuthorityId: null,
        payload: {},
      });
      expect(change.request.deliveredAt).toBe(now);
      expect(change.outbox).toEqual([]);
      expect(t.relay.publish).toHaveBeenCalledTimes(1);
    });

    it('should apply a job on the rows as read when nobody changed them, without locking them', async () => {
      const t = scheduled(mlaRequest({ status: 'SUBMITTED', version: 2, deliveredAt: null }), {
        jobName: JobName.RequestDeliver,
        transitionSeq: 2,
      });
      t.repository.tryConsume.mockImplementation((entry, snapshot, decide, now) =>
        Promise.resolve().then(() => {
          const change = decide(snapshot.request, entry);
          return change ? { outcome: 'applied' as const, committed: commit(change, now) } : null;
        }),
      );
      expect(await t.sut.runScheduled('100')).toBe('applied');
      expect(t.repository.consumeOutbox).not.toHaveBeenCalled();
      expect(t.relay.publish).toHaveBeenCalledTimes(1);
    });

    it('should resume a postponed request when the timer fires', async () => {
      const t = scheduled(
        mlaRequest({
          status: 'POSTPONED',
          version: 6,
          caseData: <Record<string, unknown>>{
            postponement: { reasons: 'r', until: FUTURE, postponedAt: 'p' },
          },
        }),
        { jobName: 'PostponementEnd', transitionSeq: 6 },
      );
      expect(await t.sut.runScheduled('100')).toBe('applied');
      const [change] = t.decisions as Change[];
      expect(change.event).toMatchObject({
        action: 'resume',
        fromStatus: 'POSTPONED',
        toStatus: 'UNDER_REVIEW',
      });
      expect(
        (change.request.caseData as { postponement?: { resumedBy?: string } }).postponement?.resumedBy,
      ).toBe('timer');
    });

    it.each([
      {
        why: 'it was set for an earlier postponement',
        status: 'POSTPONED',
        until: '2031-01-01T00:00:00.000Z',
      },
      { why: 'the postponement was resumed by hand', status: 'POSTPONED', until: FUTURE, resumedAt: 'r' },
      { why: 'the status moved on', status: 'WITHDRAWN', until: FUTURE },
      { why: 'the job is unknown to the channel', status: 'POSTPONED', until: FUTURE, job: 'Mystery' },
    ])('should skip the job when $why', async ({ status, until, resumedAt, job }) => {
      const postponement = { reasons: 'r', until, postponedAt: 'p', ...(resumedAt ? { resumedAt } : {}) };
      const t = scheduled(
        mlaRequest({ status, version: 6, caseData: <Record<string, unknown>>{ postponement } }),
        {
          jobName: job ?? 'PostponementEnd',
          transitionSeq: 6,
        },
      );
      expect(await t.sut.runScheduled('100')).toBe('skipped');
      expect(t.decisions).toEqual([null]);
      expect(t.relay.publish).not.toHaveBeenCalled();
    });

    it('should not deliver twice: a delivery job for a request already received is skipped', async () => {
      const t = scheduled(mlaRequest({ status: 'RECEIVED', version: 2 }), {
        jobName: JobName.RequestDeliver,
        transitionSeq: 2,
      });
      expect(await t.sut.runScheduled('100')).toBe('skipped');
    });

    it.each(['missing', 'already-done'] as const)('should report %s and publish nothing', async (outcome) => {
      const t = scheduled(mlaRequest(), {}, outcome);
      expect(await t.sut.runScheduled('100')).toBe(outcome);
      expect(t.repository.consumeOutbox).not.toHaveBeenCalled();
      expect(t.relay.publish).not.toHaveBeenCalled();
    });
  });

  describe('availableActions', () => {
    const cases: { status: string; party: Party; roles: UserRole[]; actions: string[] }[] = [
      { status: 'DRAFT', party: 'requesting', roles: ['officer'], actions: ['submit'] },
      { status: 'DRAFT', party: 'requesting', roles: ['approver'], actions: [] },
      { status: 'SUBMITTED', party: 'requesting', roles: ['officer'], actions: ['withdraw'] },
      { status: 'RECEIVED', party: 'requested', roles: ['officer'], actions: ['acknowledge'] },
      {
        status: 'UNDER_REVIEW',
        party: 'requested',
        roles: ['officer'],
        actions: ['request-information', 'notify-delay'],
      },
      {
        status: 'UNDER_REVIEW',
        party: 'requested',
        roles: ['approver'],
        actions: ['open-consultation', 'propose-conditions', 'accept', 'postpone', 'notify-delay'],
      },
      {
        status: 'UNDER_REVIEW',
        party: 'requested',
        roles: ['officer', 'approver'],
        actions: [
          'request-information',
          'open-consultation',
          'propose-conditions',
          'accept',
          'postpone',
          'notify-delay',
        ],
      },
      {
        status: 'UNDER_REVIEW',
        party: 'requesting',
        roles: ['officer'],
        actions: ['withdraw', 'query-status'],
      },
      { status: 'UNDER_REVIEW', party: 'requested', roles: ['auditor'], actions: [] },
      { status: 'UNDER_REVIEW', party: 'requesting', roles: ['auditor'], actions: [] },
      { status: 'UNDER_REVIEW', party: 'third-party', roles: ['officer', 'approver'], actions: [] },
      {
        status: 'INFO_REQUESTED',
        party: 'requesting',
        roles: ['officer'],
        actions: ['provide-information', 'withdraw', 'query-status'],
      },
      {
        status: 'CONSULTATION',
        party: 'requested',
        roles: ['approver'],
        actions: ['propose-conditions', 'accept', 'postpone', 'refuse'],
      },
      {
        status: 'CONDITIONS_PROPOSED',
        party: 'requesting',
        roles: ['approver'],
        actions: ['accept-conditions'],
      },
      { status: 'POSTPONED', party: 'requested', roles: ['approver'], actions: ['resume'] },
      {
        status: 'ACCEPTED',
        party: 'requested',
        roles: ['officer'],
        actions: ['start-execution', 'notify-delay'],
      },
      {
        status: 'PARTIALLY_EXECUTED',
        party: 'requested',
        roles: ['approver'],
        actions: ['transmit-results', 'notify-delay'],
      },
      { status: 'EXECUTED', party: 'requesting', roles: ['officer'], actions: ['confirm-receipt'] },
      { status: 'REFUSED', party: 'requesting', roles: ['officer'], actions: ['confirm-receipt'] },
      { status: 'CLOSED', party: 'requesting', roles: ['officer', 'approver'], actions: [] },
      { status: 'WITHDRAWN', party: 'requested', roles: ['officer', 'approver'], actions: [] },
    ];

    it.each(cases)(
      'should offer a $party $roles user $actions in $status',
      ({ status, party, roles, actions }) => {
        const t = setup(null);
        expect(t.sut.availableActions(mlaRequest({ status }), user(party, ...roles)).sort()).toEqual(
          [...actions].sort(),
        );
      },
    );

    it('should offer nothing on a channel that is not registered', () => {
      const t = setup(null);
      expect(
        t.sut.availableActions(mlaRequest({ channel: 'carrier-pigeon' }), user('requesting', 'officer')),
      ).toEqual([]);
    });
  });
});
