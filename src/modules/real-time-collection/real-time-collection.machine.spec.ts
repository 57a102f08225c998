import type { UserRole } from '@/common/auth/authority-kind';
import { ValidationFailedError } from '@/common/errors/domain-error';
import { describeLifecycleTable, type ExpectedAction } from '@/test-utils/lifecycle-table';
import {
  type ApplyCase,
  ctx,
  DAY,
  fakeRequestFor,
  itAppliesCases,
  NOW,
  plus,
  reachableStates,
  ruleOf,
  scheduledJobs,
  sorted,
  SYSTEM,
  TIMER_SETTINGS,
  trigger,
  user,
} from '@/test-utils/machine-fixtures';
import { JobName, type Side, type TransitionContext } from '@/workflows';
import { MlaJob } from '@/modules/mla/mla.constants';
import { RealTimeCollectionJob } from './real-time-collection.constants';
import { collectionEnd, collectionEndReminders } from './real-time-collection.effects';
import { InterceptionNotAvailableError } from './real-time-collection.guards';
import { realTimeCollectionMachine as machine } from './real-time-collection.machine';
import { RealTimeCollectionStatus } from './real-time-collection.states';

/*
 * The expected lifecycle, transcribed by hand from DOMAIN.md 4.4 (real-time collection and interception,
 * arts 45 and 46) over 4.1 (the MLA review) and API.md's MLA actions. It is deliberately NOT derived from
 * the machine: the machine is checked against it.
 *
 * Choices beyond the DOMAIN.md 4.4 line:
 * - PENDING_VALIDATION is the submit check itself (mandatory contents, period, interception declaration).
 * - The authorised period runs in COLLECTING, RENEWAL_REQUESTED and SUSPENDED: its end is a legal clock
 *   that a suspension does not stop (`end-collection`, system); either side may stop collection early.
 * - Product batches are a side event of the requested approver (never an automatic release), while the
 *   period runs and after it ended; `complete-execution` reports the outcome (EXECUTED).
 * - Suspension only from COLLECTING: a renewal is decided before collection is suspended.
 */
const STATES = [
  'DRAFT',
  'SUBMITTED',
  'RECEIVED',
  'UNDER_REVIEW',
  'INFO_REQUESTED',
  'CONSULTATION',
  'CONDITIONS_PROPOSED',
  'ACCEPTED',
  'POSTPONED',
  'COLLECTING',
  'RENEWAL_REQUESTED',
  'SUSPENDED',
  'COLLECTION_ENDED',
  'EXECUTED',
  'REFUSED',
  'WITHDRAWN',
  'CLOSED',
] as const;
type State = (typeof STATES)[number];

const TERMINAL: readonly State[] = ['WITHDRAWN', 'CLOSED'];
const RUNNING: readonly State[] = ['COLLECTING', 'RENEWAL_REQUESTED', 'SUSPENDED'];
const PRODUCT: readonly State[] = [...RUNNING, 'COLLECTION_ENDED'];
const IN_HAND: readonly State[] = [
  'RECEIVED',
  'UNDER_REVIEW',
  'INFO_REQUESTED',
  'CONSULTATION',
  'CONDITIONS_PROPOSED',
  'ACCEPTED',
  'POSTPONED',
  ...PRODUCT,
];

const rqOfficer: [Side, UserRole] = ['requesting', 'officer'];
const rqApprover: [Side, UserRole] = ['requesting', 'approver'];
const rdOfficer: [Side, UserRole] = ['requested', 'officer'];
const rdApprover: [Side, UserRole] = ['requested', 'approver'];

const row = (
  from: readonly State[],
  to: readonly State[],
  users: [Side, UserRole][],
  system = false,
): ExpectedAction<State> => ({ from, to, users, system });

const EXPECTED: Record<string, ExpectedAction<State>> = {
  submit: row(['DRAFT'], ['SUBMITTED'], [rqOfficer]),
  deliver: row(['SUBMITTED'], ['RECEIVED'], [], true),
  acknowledge: row(['RECEIVED'], ['UNDER_REVIEW'], [rdOfficer]),
  'request-information': row(['UNDER_REVIEW'], ['INFO_REQUESTED'], [rdOfficer]),
  'provide-information': row(['INFO_REQUESTED'], ['UNDER_REVIEW'], [rqOfficer]),
  'open-consultation': row(['UNDER_REVIEW'], ['CONSULTATION'], [rdApprover]),
  'propose-conditions': row(['UNDER_REVIEW', 'CONSULTATION'], ['CONDITIONS_PROPOSED'], [rdApprover]),
  'accept-conditions': row(['CONDITIONS_PROPOSED'], ['ACCEPTED'], [rqApprover]),
  accept: row(['UNDER_REVIEW', 'CONSULTATION'], ['ACCEPTED'], [rdApprover]),
  postpone: row(['UNDER_REVIEW', 'CONSULTATION'], ['POSTPONED'], [rdApprover]),
  resume: row(['POSTPONED'], ['UNDER_REVIEW'], [rdApprover], true),
  refuse: row(['CONSULTATION'], ['REFUSED'], [rdApprover]),
  'start-collection': row(['ACCEPTED'], ['COLLECTING'], [rdOfficer]),
  'request-renewal': row(['COLLECTING'], ['RENEWAL_REQUESTED'], [rqOfficer]),
  'grant-renewal': row(['RENEWAL_REQUESTED'], ['COLLECTING'], [rdApprover]),
  'decline-renewal': row(['RENEWAL_REQUESTED'], ['COLLECTING'], [rdApprover]),
  'suspend-collection': row(['COLLECTING'], ['SUSPENDED'], [rdOfficer, rdApprover]),
  'resume-collection': row(['SUSPENDED'], ['COLLECTING'], [rdApprover]),
  'end-collection': row(RUNNING, ['COLLECTION_ENDED'], [], true),
  'stop-collection': row(RUNNING, ['COLLECTION_ENDED'], [rqOfficer, rdApprover]),
  'deliver-batch': row(PRODUCT, [], [rdApprover]),
  'complete-execution': row(['COLLECTION_ENDED'], ['EXECUTED'], [rdApprover]),
  'confirm-receipt': row(['EXECUTED', 'REFUSED'], ['CLOSED'], [rqOfficer]),
  withdraw: row(['SUBMITTED', ...IN_HAND], ['WITHDRAWN'], [rqOfficer]),
  'query-status': row(IN_HAND, [], [rqOfficer]),
  'answer-status': row(IN_HAND, [], [rdOfficer]),
  'notify-delay': row(['UNDER_REVIEW', 'ACCEPTED', ...RUNNING], [], [rdOfficer, rdApprover]),
  'remind-collection-end': row(RUNNING, [], [], true),
  'remind-deadline': row(IN_HAND, [], [], true),
  'remind-enquiry': row(IN_HAND, [], [], true),
};
const SIDE_EVENTS = [
  'deliver-batch',
  'query-status',
  'answer-status',
  'notify-delay',
  'remind-collection-end',
  'remind-deadline',
  'remind-enquiry',
];

const END = '2026-03-31T10:00:00.000Z';
const at = NOW.toISOString();
const DOCS = [{ name: 'cdr-0001.csv', sha256: 'a'.repeat(64), size: 2048 }];
const COLLECTION = {
  authorisationReference: 'LG Wien 331 HR 12/26',
  startedAt: '2026-03-01T00:00:00.000Z',
  endsAt: END,
  firstEndsAt: END,
};
const OFFENCE = { provision: 'Penal Code art. 287', conventionArticle: 7, description: 'Illegal access' };

const fakeRequest = fakeRequestFor({
  channel: 'real-time-collection',
  status: 'COLLECTING',
  confidential: true,
  offences: [OFFENCE],
  details: {
    measure: 'content-data',
    periodStart: '2026-03-01T00:00:00Z',
    periodEnd: '2026-04-30T00:00:00Z',
  },
  caseData: { collection: COLLECTION },
});
const rule = ruleOf(machine);

function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

const fieldsOf = (e: unknown): string[] =>
  ((e as ValidationFailedError).details as { field: string }[]).map((d) => d.field);

describe('realTimeCollectionMachine', () => {
  describe('states and actions', () => {
    it('should have exactly the states of DOMAIN.md 4.1 (up to ACCEPTED) and 4.4', () => {
      expect(sorted(machine.states)).toEqual(sorted(STATES));
      expect(sorted(Object.values(RealTimeCollectionStatus))).toEqual(sorted(STATES));
    });

    it('should start in DRAFT and end in CLOSED or WITHDRAWN', () => {
      expect(machine.channel).toBe('real-time-collection');
      expect(machine.initial).toBe('DRAFT');
      expect(sorted(machine.terminal)).toEqual(sorted(TERMINAL));
    });

    it('should have exactly the expected actions, each defined once', () => {
      const actions = machine.transitions.map((t) => t.action);
      expect(sorted(actions)).toEqual(sorted(Object.keys(EXPECTED)));
      expect(new Set(actions).size).toBe(actions.length);
    });

    it('should keep the status on side events and only on them', () => {
      expect(sorted(machine.transitions.filter((t) => t.keepsStatus).map((t) => t.action))).toEqual(
        sorted(SIDE_EVENTS),
      );
    });

    it('should cite arts 45 and 46 on every collection row, keeping [GK] where DOMAIN.md has it', () => {
      for (const action of ['start-collection', 'request-renewal', 'grant-renewal', 'end-collection']) {
        expect(rule(action).basis).toMatch(/45\(3\)\(f\), 46\(2\)\(f\) \[GK\]/);
      }
      for (const t of machine.transitions) {
        expect(t.basis.length).toBeGreaterThan(0);
        expect(t.description.length).toBeGreaterThan(0);
      }
    });
  });

  describeLifecycleTable(machine, STATES, EXPECTED, () => fakeRequest());

  describe('paths', () => {
    it.each(TERMINAL)('should offer no action from terminal %s', (state) => {
      expect(machine.transitions.filter((t) => t.from.includes(state))).toEqual([]);
    });

    it('should reach every state from DRAFT', () => {
      expect(sorted(reachableStates(machine))).toEqual(sorted(STATES));
    });

    it('should collect only after acceptance, and execute only after the period ended', () => {
      const into = (s: string) => machine.transitions.filter((t) => t.to.includes(s)).flatMap((t) => t.from);
      expect(into('COLLECTING').sort()).toEqual([
        'ACCEPTED',
        'RENEWAL_REQUESTED',
        'RENEWAL_REQUESTED',
        'SUSPENDED',
      ]);
      expect(into('EXECUTED')).toEqual(['COLLECTION_ENDED']);
    });

    it('should demand a complete request only to submit', () => {
      expect(machine.transitions.filter((t) => t.requiresComplete).map((t) => t.action)).toEqual(['submit']);
    });
  });

  describe('guards', () => {
    const submitCtx = (settings: Partial<typeof TIMER_SETTINGS>, overrides = {}) =>
      ctx(fakeRequest({ status: 'DRAFT', ...overrides }), {}, user('requesting', 'officer'), {
        settings: { ...TIMER_SETTINGS, ...settings },
      });

    it('should refuse interception when the requested State declared no offence, naming offences', () => {
      const err = thrown(() => rule('submit').guard?.(submitCtx({ interceptionOffences: null })));
      expect(err).toBeInstanceOf(InterceptionNotAvailableError);
      expect((err as InterceptionNotAvailableError).code).toBe('INTERCEPTION_NOT_AVAILABLE');
      expect(fieldsOf(err)).toEqual(['offences']);
      expect((err as Error).message).toContain('interceptionOffences');
    });

    it('should refuse interception for offences outside the declaration, naming each', () => {
      const offences = [OFFENCE, { ...OFFENCE, conventionArticle: 15 }, { provision: 'x', description: 'y' }];
      const err = thrown(() =>
        rule('submit').guard?.(submitCtx({ interceptionOffences: [7, 8] }, { offences })),
      );
      expect(err).toBeInstanceOf(InterceptionNotAvailableError);
      expect(fieldsOf(err)).toEqual(['offences[1]', 'offences[2]']);
      expect((err as Error).message).toContain('arts 7, 8');
    });

    it('should let interception through for declared offences, and traffic data regardless', () => {
      expect(() => rule('submit').guard?.(submitCtx({ interceptionOffences: [7] }))).not.toThrow();
      const traffic = { details: { measure: 'traffic-data', periodEnd: '2026-04-30T00:00:00Z' } };
      expect(() => rule('submit').guard?.(submitCtx({ interceptionOffences: null }, traffic))).not.toThrow();
    });

    it('should refuse to send a request whose period has already ended', () => {
      const over = { details: { measure: 'traffic-data', periodEnd: '2026-02-01T00:00:00Z' } };
      expect(fieldsOf(thrown(() => rule('submit').guard?.(submitCtx({}, over))))).toEqual([
        'details.periodEnd',
      ]);
    });

    it.each([
      { endsAt: '2026-02-28T00:00:00Z', why: 'in the past' },
      { endsAt: '2026-05-01T00:00:00Z', why: 'after the end asked for' },
    ])('should refuse a start of collection with an end $why', ({ endsAt }) => {
      const r = fakeRequest({ status: 'ACCEPTED', caseData: {} });
      const err = thrown(() =>
        rule('start-collection').guard?.(ctx(r, { authorisationReference: 'a', endsAt })),
      );
      expect(err).toBeInstanceOf(ValidationFailedError);
      expect(fieldsOf(err)).toEqual(['endsAt']);
    });

    it('should let the requested State authorise a shorter period than asked', () => {
      const r = fakeRequest({ status: 'ACCEPTED', caseData: {} });
      expect(() =>
        rule('start-collection').guard?.(ctx(r, { authorisationReference: 'a', endsAt: END })),
      ).not.toThrow();
    });

    it('should ask a renewal for a later end, and grant no more than asked', () => {
      const renewal = rule('request-renewal');
      expect(
        fieldsOf(
          thrown(() => renewal.guard?.(ctx(fakeRequest(), { requestedEnd: END, justification: 'j' }))),
        ),
      ).toEqual(['requestedEnd']);
      const pending = fakeRequest({
        status: 'RENEWAL_REQUESTED',
        caseData: {
          collection: COLLECTION,
          renewals: [{ requestedEnd: '2026-04-30T10:00:00.000Z', justification: 'j', requestedAt: at }],
        },
      });
      const grant = (endsAt: string) => () =>
        rule('grant-renewal').guard?.(ctx(pending, { endsAt, authorisationReference: 'b' }));
      expect(fieldsOf(thrown(grant(END)))).toEqual(['endsAt']);
      expect(fieldsOf(thrown(grant('2026-05-01T00:00:00Z')))).toEqual(['endsAt']);
      expect(grant('2026-04-30T10:00:00Z')).not.toThrow();
    });
  });

  describe('case file writes', () => {
    const cases: ApplyCase[] = [
      {
        action: 'start-collection',
        actor: user('requested', 'officer'),
        payload: { authorisationReference: 'LG Wien 331 HR 12/26', endsAt: '2026-03-31T12:00:00+02:00' },
        before: { status: 'ACCEPTED', caseData: {} },
        expected: {
          caseData: {
            collection: {
              authorisationReference: 'LG Wien 331 HR 12/26',
              startedAt: at,
              endsAt: END,
              firstEndsAt: END,
            },
          },
        },
      },
      {
        action: 'request-renewal',
        actor: user('requesting', 'officer'),
        payload: { requestedEnd: '2026-04-30T10:00:00Z', justification: 'New accomplices appeared' },
        expected: {
          caseData: {
            collection: COLLECTION,
            renewals: [
              {
                requestedEnd: '2026-04-30T10:00:00.000Z',
                justification: 'New accomplices appeared',
                requestedAt: at,
              },
            ],
          },
        },
      },
      {
        action: 'grant-renewal',
        payload: { endsAt: '2026-04-15T10:00:00Z', authorisationReference: 'LG Wien 331 HR 13/26' },
        before: {
          status: 'RENEWAL_REQUESTED',
          caseData: {
            collection: COLLECTION,
            renewals: [{ requestedEnd: '2026-04-30T10:00:00.000Z', justification: 'j', requestedAt: at }],
          },
        },
        expected: {
          caseData: {
            collection: {
              ...COLLECTION,
              endsAt: '2026-04-15T10:00:00.000Z',
              authorisationReference: 'LG Wien 331 HR 13/26',
            },
            renewals: [
              {
                requestedEnd: '2026-04-30T10:00:00.000Z',
                justification: 'j',
                requestedAt: at,
                outcome: 'granted',
                grantedEnd: '2026-04-15T10:00:00.000Z',
                authorisationReference: 'LG Wien 331 HR 13/26',
                decidedAt: at,
              },
            ],
          },
        },
      },
      {
        action: 'decline-renewal',
        payload: { reasons: 'Not proportionate' },
        before: {
          status: 'RENEWAL_REQUESTED',
          caseData: {
            collection: COLLECTION,
            renewals: [{ requestedEnd: '2026-04-30T10:00:00.000Z', justification: 'j', requestedAt: at }],
          },
        },
        expected: {
          caseData: {
            collection: COLLECTION,
            renewals: [
              {
                requestedEnd: '2026-04-30T10:00:00.000Z',
                justification: 'j',
                requestedAt: at,
                outcome: 'declined',
                decisionReasons: 'Not proportionate',
                decidedAt: at,
              },
            ],
          },
        },
      },
      {
        action: 'suspend-collection',
        payload: { reasons: 'The court order lapsed' },
        expected: {
          caseData: {
            collection: COLLECTION,
            suspensions: [{ reasons: 'The court order lapsed', suspendedAt: at }],
          },
        },
      },
      {
        action: 'resume-collection',
        payload: { authorisationReference: 'LG Wien 331 HR 14/26' },
        before: {
          status: 'SUSPENDED',
          caseData: {
            collection: COLLECTION,
            suspensions: [{ reasons: 'r', suspendedAt: '2026-02-28T00:00:00.000Z' }],
          },
        },
        expected: {
          caseData: {
            collection: { ...COLLECTION, authorisationReference: 'LG Wien 331 HR 14/26' },
            suspensions: [
              {
                reasons: 'r',
                suspendedAt: '2026-02-28T00:00:00.000Z',
                resumedAt: at,
                authorisationReference: 'LG Wien 331 HR 14/26',
              },
            ],
          },
        },
      },
      {
        action: 'end-collection',
        actor: SYSTEM,
        expected: { caseData: { collection: COLLECTION, collectionEnded: { by: 'timer', endedAt: at } } },
      },
      {
        action: 'stop-collection',
        actor: user('requesting', 'officer'),
        payload: { reasons: 'Suspect arrested' },
        expected: {
          caseData: {
            collection: COLLECTION,
            collectionEnded: { by: 'requesting', reasons: 'Suspect arrested', endedAt: at },
          },
        },
      },
      {
        action: 'stop-collection',
        payload: { reasons: 'Authorisation revoked' },
        expected: {
          caseData: {
            collection: COLLECTION,
            collectionEnded: { by: 'requested', reasons: 'Authorisation revoked', endedAt: at },
          },
        },
      },
      {
        action: 'deliver-batch',
        payload: {
          summary: 'Week 1',
          items: DOCS,
          coveredFrom: '2026-03-01T00:00:00Z',
          coveredTo: '2026-03-08T00:00:00Z',
        },
        expected: {
          caseData: {
            collection: COLLECTION,
            batches: [
              {
                number: 1,
                summary: 'Week 1',
                items: DOCS,
                coveredFrom: '2026-03-01T00:00:00.000Z',
                coveredTo: '2026-03-08T00:00:00.000Z',
                deliveredAt: at,
              },
            ],
          },
        },
      },
      {
        action: 'complete-execution',
        payload: { summary: 'Two batches delivered' },
        before: { status: 'COLLECTION_ENDED' },
        expected: {
          caseData: { collection: COLLECTION, outcome: { summary: 'Two batches delivered', executedAt: at } },
        },
      },
      {
        action: 'remind-collection-end',
        actor: SYSTEM,
        expected: {
          caseData: {
            collection: COLLECTION,
            reminders: [
              {
                kind: 'collection-end',
                dueAt: END,
                detail: 'the authorised collection period ends soon; a renewal may be requested',
                at,
              },
            ],
          },
        },
      },
    ];
    itAppliesCases(machine, cases, { request: (before) => fakeRequest(before) });

    it('should number batches in delivery order', () => {
      const r = fakeRequest();
      for (const summary of ['one', 'two']) {
        rule('deliver-batch').apply?.(ctx(r, { summary, items: DOCS }));
      }
      expect(
        r.caseData.batches.map((b: { number: number; summary: string }) => [b.number, b.summary]),
      ).toEqual([
        [1, 'one'],
        [2, 'two'],
      ]);
    });
  });

  describe('clocks', () => {
    const started = fakeRequest();
    const c = ctx(started) as TransitionContext<never>;

    it('should schedule exactly the jobs the lifecycle needs', () => {
      expect(scheduledJobs(machine)).toEqual({
        submit: [[JobName.RequestDeliver, 'deliver', 'self']],
        deliver: [[JobName.DeadlineRemind, 'remind-deadline', 'self']],
        postpone: [[MlaJob.PostponementEnd, 'resume', 'self']],
        'start-collection': [
          [RealTimeCollectionJob.CollectionEnd, 'end-collection', 'self'],
          [RealTimeCollectionJob.CollectionEndRemind, 'remind-collection-end', 'self'],
        ],
        'grant-renewal': [
          [RealTimeCollectionJob.CollectionEnd, 'end-collection', 'self'],
          [RealTimeCollectionJob.CollectionEndRemind, 'remind-collection-end', 'self'],
        ],
        'query-status': [[JobName.EnquiryRemind, 'remind-enquiry', 'self']],
      });
    });

    it('should end the period at exactly the authorised end, a legal clock with its basis', () => {
      expect(collectionEnd.runAt?.(c)).toEqual(new Date(END));
      expect(collectionEnd.params?.(c)).toEqual({ endsAt: END });
      expect(collectionEnd.timer?.basis).toContain('[GK]');
    });

    it('should remind the requesting side 3 days and 1 day before the end, those still ahead', () => {
      expect(collectionEndReminders.runAt?.(c)).toEqual([
        new Date(Date.parse(END) - 3 * DAY),
        new Date(Date.parse(END) - DAY),
      ]);
      const late = ctx(started, {}, SYSTEM, { now: plus(28.5) }) as TransitionContext<never>;
      expect(collectionEndReminders.runAt?.(late)).toEqual([new Date(Date.parse(END) - DAY)]);
    });

    it('should make a clock void once a renewal moved the end', () => {
      const t = trigger({ endsAt: END });
      expect(collectionEnd.validWhile?.(started, t)).toBe(true);
      const renewed = fakeRequest({
        caseData: { collection: { ...COLLECTION, endsAt: '2026-04-15T10:00:00.000Z' } },
      });
      expect(collectionEnd.validWhile?.(renewed, t)).toBe(false);
      expect(collectionEndReminders.validWhile?.(renewed, t)).toBe(false);
    });
  });
});
