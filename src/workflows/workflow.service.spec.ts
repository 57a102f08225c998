import {
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '@/common/errors/domain-error';
import type { EntityManager } from 'typeorm';
import type { AuditEvent } from './history/audit-event.entity';
import { AuthorityDirectory, type AuthorityRef } from './ports';
import type { UserRole } from '@/common/auth/authority-kind';
import { newTestService } from '@/test-utils/auto-mock';
import { FIXTURE_POSTPONEMENT_END, fixtureChannel } from '@/test-utils/fixture-channel';
import { ChannelRegistry } from './channel-registry';
import { CooperationRequest } from './entities/cooperation-request.entity';
import type { OutboxEntry } from './outbox/outbox-entry.entity';
import { JobName } from './queue.constants';
import {
  ForbiddenRefusalGroundError,
  IncompleteRequestError,
  InvalidTransitionError,
  UnknownActionError,
  type VersionPrecondition,
  VersionMismatchError,
} from './workflow.errors';
import {
  type Applied,
  type Change,
  type ChangeOrder,
  type Committed,
  WorkflowRepository,
} from './workflow.repository';
import { type UserActor, WorkflowService } from './workflow.service';

/** The precondition of `If-Match: "<version>"`. */
const strong = (version: number): VersionPrecondition => ({ version, weak: false });
const REQUEST_ID = '0f3a2c4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const REQUESTING = 'aaaaaaaa-0000-4000-8000-000000000001';
const REQUESTED = 'bbbbbbbb-0000-4000-8000-000000000002';
const THIRD_PARTY = 'cccccccc-0000-4000-8000-000000000003';
const AUTHORITY_OF = { requesting: REQUESTING, requested: REQUESTED, 'third-party': THIRD_PARTY } as const;
type Party = keyof typeof AUTHORITY_OF;

const FUTURE = '2099-01-01T00:00:00.000Z';
const SHA = 'ab'.repeat(32);

/**
 * A complete request of the fixture channel (src/test-utils/fixture-channel.ts); the counterpart has it in its
 * inbox unless `deliveredAt` says otherwise.
 */
function fixtureRequest(overrides: Partial<CooperationRequest> = {}): CooperationRequest {
  return Object.assign(new CooperationRequest(), {
    id: REQUEST_ID,
    reference: 'VNM-2026-000042',
    channel: 'fixture',
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
    details: {},
    caseData: {},
    createdAt: new Date('2026-01-10T00:00:00.000Z'),
    updatedAt: new Date('2026-01-12T00:00:00.000Z'),
    submittedAt: new Date('2026-01-11T00:00:00.000Z'),
    deliveredAt: new Date('2026-01-11T00:01:00.000Z'),
    ...overrides,
  });
}

const draft = (overrides: Partial<CooperationRequest> = {}): CooperationRequest =>
  fixtureRequest({ status: 'DRAFT', version: 1, submittedAt: null, deliveredAt: null, ...overrides });

const counterpart = (languages = ['en', 'de']): AuthorityRef => ({
  id: REQUESTED,
  code: 'AUT-BMJ-CA',
  country: 'AUT',
  kind: 'central',
  languages,
});

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
 * The service with a real registry (the fixture channel) and auto-mocked repository and directory.
 * `repository.apply` runs the service's decide callback the way the repository does: on the row as read
 * (`order.read`) when `onRead` is set (the optimistic attempt applies), otherwise on a copy of `locked`
 * (default: what findSnapshot returned), as after a conflict, so the real decision logic runs on the row the
 * test names. `decisions` collects what the callback returned (null: nothing to do), `changes` the changes,
 * `committed` what the mock committed, `decidedOn` which row each decision was made on.
 */
function setup(stored: CooperationRequest | null, locked: CooperationRequest | null = stored) {
  const registry = new ChannelRegistry();
  registry.register(fixtureChannel);
  const { sut, mocks } = newTestService(WorkflowService, [registry]);
  const repository = mocks.get(WorkflowRepository);
  const authorities = mocks.get(AuthorityDirectory);
  const decisions: (Change | null)[] = [];
  const changes: Change[] = [];
  const committed: Committed[] = [];
  const decidedOn: ('read' | 'locked')[] = [];
  const options = { onRead: false };
  repository.findSnapshot.mockImplementation(() =>
    Promise.resolve(stored && { request: copy(stored), lastHash: null, hooksIdle: true, followUps: [] }),
  );
  repository.apply.mockImplementation((order: ChangeOrder) =>
    Promise.resolve().then((): Applied => {
      const read = options.onRead ? order.read?.request : undefined;
      const row = read ?? (locked && copy(locked));
      if (!row) {
        return { outcome: order.job ? 'skipped' : 'missing' };
      }
      decidedOn.push(read ? 'read' : 'locked');
      const change = order.decide(row, order.job);
      decisions.push(change);
      if (!change) {
        return { outcome: 'skipped' };
      }
      changes.push(change);
      committed.push(commit(change, order.now));
      return { outcome: 'applied', committed: committed[committed.length - 1] };
    }),
  );
  authorities.findById.mockResolvedValue(counterpart());
  return { sut, repository, authorities, decisions, changes, committed, decidedOn, options };
}

/** The order the service gave the repository (the only one, unless `n` says otherwise). */
function orderOf(t: ReturnType<typeof setup>, n = 0): ChangeOrder {
  return t.repository.apply.mock.calls[n][0];
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
      expect(t.repository.apply).not.toHaveBeenCalled();
    });

    it.each<UserRole>(['officer', 'approver', 'auditor'])(
      'should answer 404 to a third-party %s, never revealing that the request exists',
      async (role) => {
        const t = setup(fixtureRequest());
        const err = await failure(t.sut.perform(REQUEST_ID, 'accept', {}, user('third-party', role)));
        expect(err).toBeInstanceOf(NotFoundError);
        expect(t.repository.apply).not.toHaveBeenCalled();
      },
    );

    it.each([
      { status: 'DRAFT', action: 'acknowledge', role: 'officer' as const },
      { status: 'SUBMITTED', action: 'acknowledge', role: 'officer' as const },
      { status: 'SUBMITTED', action: 'accept', role: 'approver' as const },
    ])(
      'should answer 404 to the counterpart $role before delivery ($status, $action)',
      async ({ status, action, role }) => {
        const t = setup(fixtureRequest({ status, deliveredAt: null }));
        const err = await failure(t.sut.perform(REQUEST_ID, action, {}, user('requested', role)));
        expect(err).toBeInstanceOf(NotFoundError);
        expect(t.repository.apply).not.toHaveBeenCalled();
      },
    );

    it('should let the counterpart act once the request is delivered', async () => {
      const t = setup(fixtureRequest({ status: 'RECEIVED' }));
      const result = await t.sut.perform(REQUEST_ID, 'acknowledge', {}, user('requested', 'officer'));
      expect(result.request.status).toBe('UNDER_REVIEW');
    });

    it('should answer 404 when the row is gone by the time it is locked', async () => {
      const t = setup(fixtureRequest(), null);
      const err = await failure(t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver')));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(t.committed).toEqual([]);
    });
  });

  describe('perform: unknown actions (400 UNKNOWN_ACTION)', () => {
    it.each(['fly', 'deliver', 'SUBMIT', '', 'constructor'])(
      'should reject %p as an unknown action and list the user actions',
      async (action) => {
        const t = setup(fixtureRequest());
        const err = await failure(t.sut.perform(REQUEST_ID, action, {}, user('requested', 'approver')));
        expect(err).toBeInstanceOf(UnknownActionError);
        expect(err.code).toBe('UNKNOWN_ACTION');
        expect(err.kind).toBe('invalid');
        const [problem] = err.details as { field: string; messages: string[] }[];
        expect(problem.field).toBe('action');
        expect(problem.messages[0]).toContain('submit');
        expect(problem.messages[0]).toContain('resume');
        expect(problem.messages[0]).not.toContain('deliver');
        expect(t.repository.apply).not.toHaveBeenCalled();
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
        const t = setup(fixtureRequest());
        const err = await failure(t.sut.perform(REQUEST_ID, action, payload ?? {}, user(party, ...roles)));
        expect(err).toBeInstanceOf(ForbiddenError);
        expect(err.code).toBe('FORBIDDEN');
        expect(err.kind).toBe('forbidden');
        expect(err.message).toContain(`you act for the ${party} side`);
        expect(t.repository.apply).not.toHaveBeenCalled();
      },
    );

    it('should check the role before the payload', async () => {
      const t = setup(fixtureRequest());
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
        const t = setup(fixtureRequest({ status }));
        const err = await failure(t.sut.perform(REQUEST_ID, action, body, user(party, role)));
        expect(err).toBeInstanceOf(ValidationFailedError);
        expect(err.code).toBe('VALIDATION_FAILED');
        expect(fields(err).sort()).toEqual([...named].sort());
        expect(t.repository.apply).not.toHaveBeenCalled();
      },
    );

    it('should reject a refusal ground outside the convention, naming grounds', async () => {
      const t = setup(fixtureRequest({ status: 'CONSULTATION' }));
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
      expect(t.repository.apply).not.toHaveBeenCalled();
    });

    it('should reject a refusal on bank secrecy with FORBIDDEN_REFUSAL_GROUND naming the ground', async () => {
      const t = setup(fixtureRequest({ status: 'CONSULTATION' }));
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
      expect(t.committed).toEqual([]);
    });

    it('should reject a postponement that ends in the past, naming until', async () => {
      const t = setup(fixtureRequest());
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
      expect(t.committed).toEqual([]);
    });
  });

  describe('perform: If-Match (412)', () => {
    it('should answer 412 when If-Match names another version than the locked row', async () => {
      const t = setup(fixtureRequest({ version: 3 }));
      const err = await failure(
        t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver'), strong(2)),
      );
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect(err.code).toBe('VERSION_MISMATCH');
      expect(err.kind).toBe('precondition-failed');
      expect(err.details).toEqual({ currentVersion: 3 });
      expect(t.changes).toEqual([]);
      expect(t.decidedOn).toEqual(['locked']);
    });

    it('should answer 412 to a weak tag even of the current version, changing nothing', async () => {
      const t = setup(fixtureRequest({ version: 3 }));
      const weak: VersionPrecondition = { version: 3, weak: true };
      const err = await failure(t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver'), weak));
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect(err.message).toMatch(/weak tag W\/"3", which never matches/);
      expect(t.changes).toEqual([]);
    });

    it('should compare If-Match with the locked row, not the earlier read', async () => {
      const t = setup(fixtureRequest({ version: 3 }), fixtureRequest({ version: 4 }));
      const err = await failure(
        t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver'), strong(3)),
      );
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect(err.details).toEqual({ currentVersion: 4 });
    });

    it('should answer 412 before 409 when both apply', async () => {
      const t = setup(fixtureRequest({ status: 'ACCEPTED', version: 7 }));
      const err = await failure(
        t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver'), strong(6)),
      );
      expect(err).toBeInstanceOf(VersionMismatchError);
    });

    it('should proceed when If-Match names the current version', async () => {
      const t = setup(fixtureRequest({ version: 3 }));
      const result = await t.sut.perform(REQUEST_ID, 'accept', {}, user('requested', 'approver'), strong(3));
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
        const t = setup(fixtureRequest({ status }));
        const err = await failure(t.sut.perform(REQUEST_ID, action, body ?? {}, user(party, role)));
        expect(err).toBeInstanceOf(InvalidTransitionError);
        expect(err.code).toBe('INVALID_TRANSITION');
        expect(err.kind).toBe('conflict');
        expect(err.details).toEqual({ status, allowedFrom: allowed });
        expect(t.committed).toEqual([]);
      },
    );

    it('should judge the status of the locked row, which may have moved on since the read', async () => {
      const t = setup(
        fixtureRequest({ status: 'UNDER_REVIEW' }),
        fixtureRequest({ status: 'ACCEPTED', version: 4 }),
      );
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
      expect(t.committed).toEqual([]);
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
      const t = setup(fixtureRequest({ status: 'SUBMITTED', subject: null, deliveredAt: null }));
      const result = await t.sut.perform(
        REQUEST_ID,
        'withdraw',
        { reasons: 'r' },
        user('requesting', 'officer'),
      );
      expect(result.request.status).toBe('WITHDRAWN');
    });
  });

  describe('perform: the change written', () => {
    it('should write on the row as read when nobody changed it, without locking it', async () => {
      const t = setup(fixtureRequest({ status: 'RECEIVED' }));
      t.options.onRead = true;
      const result = await t.sut.perform(REQUEST_ID, 'acknowledge', {}, user('requested', 'officer'));
      expect(result.request.status).toBe('UNDER_REVIEW');
      expect(t.decidedOn).toEqual(['read']);
      expect(result).toBe(t.committed[0]);
    });

    it('should decide again on the locked row when the request changed after it was read', async () => {
      const t = setup(
        fixtureRequest({ status: 'RECEIVED' }),
        fixtureRequest({ status: 'WITHDRAWN', version: 4 }),
      );
      const err = await failure(t.sut.perform(REQUEST_ID, 'acknowledge', {}, user('requested', 'officer')));
      expect(t.repository.apply).toHaveBeenCalledTimes(1);
      expect(err).toBeInstanceOf(InvalidTransitionError);
      expect(t.committed).toEqual([]);
    });

    it('should answer 412 from the locked row when an If-Match was current only at the read', async () => {
      const t = setup(
        fixtureRequest({ status: 'RECEIVED' }),
        fixtureRequest({ status: 'UNDER_REVIEW', version: 4 }),
      );
      const err = await failure(
        t.sut.perform(REQUEST_ID, 'acknowledge', {}, user('requested', 'officer'), strong(3)),
      );
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect(t.committed).toEqual([]);
    });

    it('should record submit with its event and a delivery job to run at once', async () => {
      const actor = user('requesting', 'officer');
      const t = setup(draft());
      const result = await t.sut.perform(REQUEST_ID, 'submit', undefined, actor);
      const { now } = orderOf(t);
      // One order: the row as read, to be tried first; the same decision again on the locked row.
      expect(t.repository.apply).toHaveBeenCalledWith({
        requestId: REQUEST_ID,
        read: expect.objectContaining({ request: expect.objectContaining({ id: REQUEST_ID, version: 1 }) }),
        decide: expect.any(Function),
        now: expect.any(Date),
      });
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
          queue: 'fixture',
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
      expect(t.repository.apply).toHaveBeenCalledTimes(1);
      expect(result.outbox).toHaveLength(1);
      expect(result.outbox[0]).toMatchObject({ jobName: JobName.RequestDeliver, queue: 'fixture' });
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
      const t = setup(fixtureRequest({ status: 'CONSULTATION', urgency: 'urgent' }));
      const result = await t.sut.perform(
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
          queue: 'fixture',
          jobName: FIXTURE_POSTPONEMENT_END,
          runAt: new Date(FUTURE),
          priority: 2,
          targetRequestId: REQUEST_ID,
          kind: 'timer',
          label: 'End of postponement',
          basis: 'Fixture table: postponement',
          params: { action: 'resume' },
        },
      ]);
      expect(result.outbox.map((o) => o.jobName)).toEqual([FIXTURE_POSTPONEMENT_END]);
    });

    it.each([
      { final: true, status: 'IN_EXECUTION', to: 'EXECUTED' },
      { final: false, status: 'IN_EXECUTION', to: 'PARTIALLY_EXECUTED' },
      { final: true, status: 'PARTIALLY_EXECUTED', to: 'EXECUTED' },
      { final: false, status: 'PARTIALLY_EXECUTED', to: 'PARTIALLY_EXECUTED' },
    ])('should move transmit-results (final=$final) from $status to $to', async ({ final, status, to }) => {
      const t = setup(fixtureRequest({ status }));
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

    it('should record the actor of the requested side and schedule nothing for an action without effects', async () => {
      const actor = user('requested', 'approver');
      const t = setup(fixtureRequest({ status: 'CONSULTATION' }));
      const result = await t.sut.perform(
        REQUEST_ID,
        'refuse',
        { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'r' },
        actor,
      );
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
      expect(result.outbox).toEqual([]);
    });
  });

  describe('runScheduled', () => {
    function scheduled(
      locked: CooperationRequest,
      entry: Partial<OutboxEntry>,
      outcome?: 'missing' | 'already-done',
    ) {
      const t = setup(locked);
      const row = {
        id: '100',
        requestId: REQUEST_ID,
        sourceRequestId: REQUEST_ID,
        runAt: new Date(FUTURE),
        payload: {},
        processedAt: outcome === 'already-done' ? new Date() : null,
        ...entry,
      } as OutboxEntry;
      const snapshot = { request: copy(locked), lastHash: null, hooksIdle: true, followUps: [] };
      t.repository.findJob.mockResolvedValue(
        outcome === 'missing' ? null : { entry: row, sourceChannel: 'fixture', snapshot },
      );
      return { ...t, row, snapshot };
    }

    it('should deliver a submitted request as the system', async () => {
      const t = scheduled(fixtureRequest({ status: 'SUBMITTED', version: 2, deliveredAt: null }), {
        jobName: JobName.RequestDeliver,
        transitionSeq: 2,
      });
      expect(await t.sut.runScheduled('100')).toBe('applied');
      const { now } = orderOf(t);
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
      // The job's outbox row is consumed with the change, in the same write.
      expect(t.repository.apply).toHaveBeenCalledTimes(1);
      expect(orderOf(t).requestId).toBe(REQUEST_ID);
      expect(orderOf(t).job).toBe(t.row);
    });

    it('should apply a job on the rows as read when nobody changed them, without locking them', async () => {
      const t = scheduled(fixtureRequest({ status: 'SUBMITTED', version: 2, deliveredAt: null }), {
        jobName: JobName.RequestDeliver,
        transitionSeq: 2,
      });
      t.options.onRead = true;
      expect(await t.sut.runScheduled('100')).toBe('applied');
      expect(t.decidedOn).toEqual(['read']);
      expect(orderOf(t).read).toBe(t.snapshot);
    });

    it('should resume a postponed request when the timer fires', async () => {
      const t = scheduled(
        fixtureRequest({
          status: 'POSTPONED',
          version: 6,
          caseData: <Record<string, unknown>>{
            postponement: { reasons: 'r', until: FUTURE, postponedAt: 'p' },
          },
        }),
        { jobName: FIXTURE_POSTPONEMENT_END, transitionSeq: 6 },
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
        fixtureRequest({ status, version: 6, caseData: <Record<string, unknown>>{ postponement } }),
        {
          jobName: job ?? FIXTURE_POSTPONEMENT_END,
          transitionSeq: 6,
        },
      );
      expect(await t.sut.runScheduled('100')).toBe('skipped');
      expect(t.decisions).toEqual([null]);
      expect(t.committed).toEqual([]);
    });

    it('should not deliver twice: a delivery job for a request already received is skipped', async () => {
      const t = scheduled(fixtureRequest({ status: 'RECEIVED', version: 2 }), {
        jobName: JobName.RequestDeliver,
        transitionSeq: 2,
      });
      expect(await t.sut.runScheduled('100')).toBe('skipped');
    });

    it.each(['missing', 'already-done'] as const)('should report %s and write nothing', async (outcome) => {
      const t = scheduled(fixtureRequest(), {}, outcome);
      expect(await t.sut.runScheduled('100')).toBe(outcome);
      expect(t.repository.apply).not.toHaveBeenCalled();
      expect(t.committed).toEqual([]);
    });
  });

  describe('drafts and side events of the modules', () => {
    const officer = user('requesting', 'officer');
    const edit = (r: CooperationRequest) => {
      r.subject = 'Edited subject';
    };

    it('should create a draft with its first event through the repository, which publishes it', async () => {
      const t = setup(null);
      const created = commit(
        { request: draft(), event: { action: 'create' } as Change['event'] },
        new Date(),
      );
      t.repository.create.mockResolvedValue(created);
      const { id: _id, reference: _ref, version: _v, createdAt: _c, updatedAt: _u, ...fields } = draft();
      // Whatever status the caller left on it, a draft starts in its channel's initial state.
      await expect(
        t.sut.createDraft({ ...fields, status: 'CLOSED' }, 'VNM', officer, { subject: 's' }),
      ).resolves.toBe(created);
      expect(t.repository.create).toHaveBeenCalledWith(
        { ...fields, status: 'DRAFT' },
        'VNM',
        {
          action: 'create',
          fromStatus: null,
          toStatus: 'DRAFT',
          actorType: 'user',
          actorUserId: officer.userId,
          actorAuthorityId: REQUESTING,
          payload: { subject: 's' },
        },
        expect.any(Date),
      );
    });

    it('should edit a draft on the locked row, recording what changed', async () => {
      const t = setup(draft());
      const result = await t.sut.editDraft(
        REQUEST_ID,
        officer,
        { subject: 'Edited subject' },
        edit,
        strong(1),
      );
      expect(orderOf(t).read).toBeUndefined();
      expect(t.decidedOn).toEqual(['locked']);
      expect(result.request.subject).toBe('Edited subject');
      expect(t.changes[0].event).toEqual({
        action: 'edit',
        fromStatus: 'DRAFT',
        toStatus: 'DRAFT',
        actorType: 'user',
        actorUserId: officer.userId,
        actorAuthorityId: REQUESTING,
        payload: { changes: { subject: 'Edited subject' } },
      });
      expect(t.changes[0].outbox).toBeUndefined();
    });

    it('should answer 412 before 409 when a draft edited meanwhile was also submitted', async () => {
      const t = setup(draft(), fixtureRequest({ status: 'SUBMITTED', version: 2 }));
      const err = await failure(t.sut.editDraft(REQUEST_ID, officer, { subject: 'x' }, edit, strong(1)));
      expect(err).toBeInstanceOf(VersionMismatchError);
      expect(err.details).toEqual({ currentVersion: 2 });
      expect(t.committed).toEqual([]);
    });

    it('should answer 409 to an edit of a request that left its initial state', async () => {
      const t = setup(fixtureRequest({ status: 'SUBMITTED', version: 2 }));
      const err = await failure(t.sut.editDraft(REQUEST_ID, officer, { subject: 'x' }, edit));
      expect(err).toBeInstanceOf(InvalidTransitionError);
      expect(err.details).toEqual({ status: 'SUBMITTED', allowedFrom: ['DRAFT'] });
      expect(t.committed).toEqual([]);
    });

    it('should answer 404 to an edit of a request gone by the time it is locked', async () => {
      const t = setup(draft(), null);
      expect(await failure(t.sut.editDraft(REQUEST_ID, officer, { subject: 'x' }, edit))).toBeInstanceOf(
        NotFoundError,
      );
    });

    it('should record a side event on the locked row, with the writes that belong to it', async () => {
      const t = setup(fixtureRequest({ status: 'ACCEPTED' }));
      const within = jest.fn((_manager: EntityManager) => Promise.resolve());
      const check = jest.fn();
      const result = await t.sut.recordEvent(
        REQUEST_ID,
        user('requested', 'officer'),
        { action: 'attach-document', payload: { sha256: SHA } },
        { check, within },
      );
      expect(orderOf(t)).toMatchObject({ requestId: REQUEST_ID, within });
      expect(orderOf(t).read).toBeUndefined();
      expect(check).toHaveBeenCalledWith(expect.objectContaining({ status: 'ACCEPTED' }));
      expect(result.event).toMatchObject({
        action: 'attach-document',
        fromStatus: 'ACCEPTED',
        toStatus: 'ACCEPTED',
        actorType: 'user',
        actorAuthorityId: REQUESTED,
        payload: { sha256: SHA },
      });
      expect(result.request.version).toBe(3);
    });

    it('should write nothing when the check refuses the side event on the locked row', async () => {
      const t = setup(fixtureRequest({ status: 'WITHDRAWN' }));
      const closed = new DomainError('REQUEST_CLOSED', 'conflict', 'closed');
      const attempt = t.sut.recordEvent(
        REQUEST_ID,
        user('requesting', 'officer'),
        { action: 'attach-document', payload: {} },
        {
          check: () => {
            throw closed;
          },
        },
      );
      await expect(attempt).rejects.toBe(closed);
      expect(t.committed).toEqual([]);
    });

    it('should answer 404 to a side event on a request that is gone', async () => {
      const t = setup(fixtureRequest(), null);
      const attempt = t.sut.recordEvent(REQUEST_ID, user('requesting', 'officer'), {
        action: 'attach-document',
        payload: {},
      });
      expect(await failure(attempt)).toBeInstanceOf(NotFoundError);
    });

    it('should read a request with its follow-ups, without what only a change needs', async () => {
      const t = setup(fixtureRequest());
      const found = await t.sut.findWithFollowUps(REQUEST_ID);
      expect(found).toEqual({ request: expect.objectContaining({ id: REQUEST_ID }), followUps: [] });
      expect(found).not.toHaveProperty('lastHash');
      t.repository.findSnapshot.mockResolvedValue(null);
      await expect(t.sut.findWithFollowUps(REQUEST_ID)).resolves.toBeNull();
    });

    it('should hand change hooks to the repository, which runs them in every change', () => {
      const t = setup(null);
      const hook = { idleWhen: 'true', run: jest.fn() };
      t.sut.addChangeHook(hook);
      expect(t.repository.addChangeHook).toHaveBeenCalledWith(hook);
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
        expect(t.sut.availableActions(fixtureRequest({ status }), user(party, ...roles)).sort()).toEqual(
          [...actions].sort(),
        );
      },
    );

    it('should offer nothing on a channel that is not registered', () => {
      const t = setup(null);
      expect(
        t.sut.availableActions(fixtureRequest({ channel: 'carrier-pigeon' }), user('requesting', 'officer')),
      ).toEqual([]);
    });
  });

  describe('timersOf: what each legal clock is now', () => {
    const UNTIL = '2026-06-01T00:00:00.000Z';
    const clock = (overrides: Partial<OutboxEntry> = {}): OutboxEntry =>
      ({
        id: '7',
        requestId: REQUEST_ID,
        sourceRequestId: REQUEST_ID,
        jobName: FIXTURE_POSTPONEMENT_END,
        runAt: new Date(UNTIL),
        payload: {},
        kind: 'timer',
        label: 'End of postponement',
        basis: 'b',
        processedAt: null,
        outcome: null,
        ...overrides,
      }) as OutboxEntry;
    const postponed = (overrides: Partial<CooperationRequest> = {}) =>
      fixtureRequest({
        status: 'POSTPONED',
        caseData: { postponement: { reasons: 'r', until: UNTIL, postponedAt: 'p' } } as never,
        ...overrides,
      });
    const statesOf = async (request: CooperationRequest, entries: OutboxEntry[]) => {
      const t = setup(request);
      t.repository.timersOf.mockResolvedValue(entries);
      return (await t.sut.timersOf(request)).map(({ status, reason }) => ({ status, reason }));
    };

    it('should read a clock still to come as pending', async () => {
      expect(await statesOf(postponed(), [clock()])).toEqual([{ status: 'pending', reason: null }]);
    });

    it('should read a clock whose job acted as fired, and one whose job found nothing to do as void', async () => {
      const done = new Date('2026-06-01T00:00:01.000Z');
      expect(
        await statesOf(postponed(), [
          clock({ processedAt: done, outcome: 'applied' }),
          clock({ id: '8', processedAt: done, outcome: 'skipped' }),
        ]),
      ).toEqual([
        { status: 'fired', reason: null },
        { status: 'void', reason: 'its occasion had passed when it came due' },
      ]);
    });

    it('should read a pending clock as void at once when the request has ended', async () => {
      expect(await statesOf(postponed({ status: 'WITHDRAWN' }), [clock()])).toEqual([
        { status: 'void', reason: 'the request has ended (WITHDRAWN)' },
      ]);
    });

    it("should read a pending clock as void at once when its effect's check fails (resumed by hand)", async () => {
      const resumed = postponed({
        status: 'UNDER_REVIEW',
        caseData: { postponement: { reasons: 'r', until: UNTIL, postponedAt: 'p', resumedAt: 'x' } } as never,
      });
      const [state] = await statesOf(resumed, [clock()]);
      expect(state.status).toBe('void');
      expect(state.reason).toMatch(/superseded/);
    });

    it('should read a pending clock as void when its action can never happen again from the current status', async () => {
      // EXECUTED leads only to CLOSED: a postponement can no longer end.
      expect(await statesOf(postponed({ status: 'EXECUTED' }), [clock()])).toEqual([
        { status: 'void', reason: "'resume' can no longer happen: the request is EXECUTED" },
      ]);
    });
  });
});
