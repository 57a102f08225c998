import { ValidationFailedError } from '@/common/errors/domain-error';
import { describeLifecycleTable, type ExpectedAction } from '@/test-utils/lifecycle-table';
import {
  type ApplyCase,
  ctx,
  fakeRequestFor,
  FOLLOW_UP_ID,
  itAppliesCases,
  NOW,
  reachableStates,
  ruleOf,
  scheduledJobs,
  sorted,
  SYSTEM,
  user,
} from '@/test-utils/machine-fixtures';
import { mlaMachine } from './mla.machine';
import { ForbiddenRefusalGroundError, JobName, type TransitionContext } from '@/workflows';
import { ContactJob } from '@/modules/contact-24-7/contact-24-7.constants';
import { MlaJob } from './mla.constants';

/*
 * The expected lifecycle, transcribed by hand from API.md "The MLA channel — states and actions".
 * It is deliberately NOT derived from `mlaMachine`: the machine is checked against it.
 * API.md names the delivery step "(delivery, by the queue)" without an action name; the engine calls it
 * `deliver`.
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
  'IN_EXECUTION',
  'PARTIALLY_EXECUTED',
  'EXECUTED',
  'REFUSED',
  'WITHDRAWN',
  'CLOSED',
] as const;
type State = (typeof STATES)[number];

const TERMINAL: readonly State[] = ['WITHDRAWN', 'CLOSED'];

/** API.md: "any non-terminal after DRAFT"; EXECUTED and REFUSED close through confirm-receipt instead. */
const WITHDRAWABLE: readonly State[] = [
  'SUBMITTED',
  'RECEIVED',
  'UNDER_REVIEW',
  'INFO_REQUESTED',
  'CONSULTATION',
  'CONDITIONS_PROPOSED',
  'ACCEPTED',
  'POSTPONED',
  'IN_EXECUTION',
  'PARTIALLY_EXECUTED',
];

/** Delivered and neither decided nor finished: where status enquiries make sense. */
const IN_HAND: readonly State[] = WITHDRAWABLE.filter((s) => s !== 'SUBMITTED');

const EXPECTED: Record<string, ExpectedAction<State>> = {
  submit: { from: ['DRAFT'], to: ['SUBMITTED'], users: [['requesting', 'officer']], system: false },
  deliver: { from: ['SUBMITTED'], to: ['RECEIVED'], users: [], system: true },
  acknowledge: { from: ['RECEIVED'], to: ['UNDER_REVIEW'], users: [['requested', 'officer']], system: false },
  'request-information': {
    from: ['UNDER_REVIEW'],
    to: ['INFO_REQUESTED'],
    users: [['requested', 'officer']],
    system: false,
  },
  'provide-information': {
    from: ['INFO_REQUESTED'],
    to: ['UNDER_REVIEW'],
    users: [['requesting', 'officer']],
    system: false,
  },
  'open-consultation': {
    from: ['UNDER_REVIEW'],
    to: ['CONSULTATION'],
    users: [['requested', 'approver']],
    system: false,
  },
  'propose-conditions': {
    from: ['UNDER_REVIEW', 'CONSULTATION'],
    to: ['CONDITIONS_PROPOSED'],
    users: [['requested', 'approver']],
    system: false,
  },
  'accept-conditions': {
    from: ['CONDITIONS_PROPOSED'],
    to: ['ACCEPTED'],
    users: [['requesting', 'approver']],
    system: false,
  },
  accept: {
    from: ['UNDER_REVIEW', 'CONSULTATION'],
    to: ['ACCEPTED'],
    users: [['requested', 'approver']],
    system: false,
  },
  postpone: {
    from: ['UNDER_REVIEW', 'CONSULTATION'],
    to: ['POSTPONED'],
    users: [['requested', 'approver']],
    system: false,
  },
  resume: { from: ['POSTPONED'], to: ['UNDER_REVIEW'], users: [['requested', 'approver']], system: true },
  refuse: { from: ['CONSULTATION'], to: ['REFUSED'], users: [['requested', 'approver']], system: false },
  'start-execution': {
    from: ['ACCEPTED'],
    to: ['IN_EXECUTION'],
    users: [['requested', 'officer']],
    system: false,
  },
  'transmit-results': {
    from: ['IN_EXECUTION', 'PARTIALLY_EXECUTED'],
    to: ['PARTIALLY_EXECUTED', 'EXECUTED'],
    users: [['requested', 'approver']],
    system: false,
  },
  'confirm-receipt': {
    from: ['EXECUTED', 'REFUSED'],
    to: ['CLOSED'],
    users: [['requesting', 'officer']],
    system: false,
  },
  withdraw: { from: WITHDRAWABLE, to: ['WITHDRAWN'], users: [['requesting', 'officer']], system: false },
  // Side events of DOMAIN.md 4.1 (status enquiries, UNTOC 18(24); delay notices, Budapest 27(7)): no target.
  'query-status': { from: IN_HAND, to: [], users: [['requesting', 'officer']], system: false },
  'answer-status': { from: IN_HAND, to: [], users: [['requested', 'officer']], system: false },
  // Reminders the engine records (suggested deadline, unanswered enquiry): side events too.
  'remind-deadline': { from: IN_HAND, to: [], users: [], system: true },
  'remind-enquiry': { from: IN_HAND, to: [], users: [], system: true },
  'notify-delay': {
    from: ['UNDER_REVIEW', 'ACCEPTED', 'IN_EXECUTION', 'PARTIALLY_EXECUTED'],
    to: [],
    users: [
      ['requested', 'officer'],
      ['requested', 'approver'],
    ],
    system: false,
  },
};
const SIDE_EVENTS = ['query-status', 'answer-status', 'notify-delay', 'remind-deadline', 'remind-enquiry'];
const ACTIONS = Object.keys(EXPECTED);

const fakeRequest = fakeRequestFor({ channel: 'mla', status: 'UNDER_REVIEW', version: 3 });
const rule = ruleOf(mlaMachine);

describe('mlaMachine', () => {
  describe('states and actions', () => {
    it('should have exactly the states of API.md', () => {
      expect(sorted(mlaMachine.states)).toEqual(sorted(STATES));
    });

    it('should start in DRAFT and end in CLOSED or WITHDRAWN', () => {
      expect(mlaMachine.channel).toBe('mla');
      expect(mlaMachine.initial).toBe('DRAFT');
      expect(sorted(mlaMachine.terminal)).toEqual(sorted(TERMINAL));
    });

    it('should keep the status on side events and only on them', () => {
      const keeping = mlaMachine.transitions.filter((t) => t.keepsStatus).map((t) => t.action);
      expect(sorted(keeping)).toEqual(sorted(SIDE_EVENTS));
    });

    it('should have exactly the actions of API.md, each defined once', () => {
      const actions = mlaMachine.transitions.map((t) => t.action);
      expect(sorted(actions)).toEqual(sorted(ACTIONS));
      expect(new Set(actions).size).toBe(actions.length);
    });
  });

  describeLifecycleTable(mlaMachine, STATES, EXPECTED, () => fakeRequest());

  describe('who else may act', () => {
    it('should let auditors take no action at all', () => {
      for (const t of mlaMachine.transitions) {
        expect(t.actors.some((a) => a.roles.includes('auditor'))).toBe(false);
      }
    });
  });

  describe('terminal and withdrawable states', () => {
    it.each(TERMINAL)('should offer no action, user or system, from terminal %s', (state) => {
      expect(mlaMachine.transitions.filter((t) => t.from.includes(state)).map((t) => t.action)).toEqual([]);
    });

    const nonTerminal = STATES.filter((s) => !TERMINAL.includes(s));
    it.each(nonTerminal)('should offer at least one way out of non-terminal %s', (state) => {
      expect(mlaMachine.transitions.some((t) => t.from.includes(state))).toBe(true);
    });

    const afterDraft = nonTerminal.filter((s) => s !== 'DRAFT');
    it.each(afterDraft.map((state) => ({ state, withdrawable: !['EXECUTED', 'REFUSED'].includes(state) })))(
      'should allow withdraw from $state: $withdrawable',
      ({ state, withdrawable }) => {
        expect(rule('withdraw').from.includes(state)).toBe(withdrawable);
      },
    );

    it('should close EXECUTED and REFUSED through confirm-receipt, not withdraw', () => {
      for (const state of ['EXECUTED', 'REFUSED']) {
        const out = mlaMachine.transitions.filter((t) => t.from.includes(state));
        expect(out.map((t) => [t.action, t.to])).toEqual([['confirm-receipt', ['CLOSED']]]);
      }
    });

    it('should not allow withdrawing a DRAFT (it was never sent)', () => {
      expect(rule('withdraw').from).not.toContain('DRAFT');
    });

    it('should reach every state from DRAFT', () => {
      expect(sorted(reachableStates(mlaMachine))).toEqual(sorted(STATES));
    });
  });

  describe('guards', () => {
    describe('refuse', () => {
      const forbidden = [
        { grounds: ['BANK_SECRECY'], fields: ['grounds[0]'], named: ['BANK_SECRECY'] },
        { grounds: ['FISCAL_ONLY'], fields: ['grounds[0]'], named: ['FISCAL_ONLY'] },
        {
          grounds: ['ESSENTIAL_INTERESTS', 'NO_DUAL_CRIMINALITY', 'FISCAL_ONLY'],
          fields: ['grounds[2]'],
          named: ['FISCAL_ONLY'],
        },
        {
          grounds: ['BANK_SECRECY', 'DOMESTIC_PROHIBITION', 'FISCAL_ONLY'],
          fields: ['grounds[0]', 'grounds[2]'],
          named: ['BANK_SECRECY', 'FISCAL_ONLY'],
        },
      ];

      it.each(forbidden)(
        'should reject grounds $grounds with FORBIDDEN_REFUSAL_GROUND naming $fields',
        ({ grounds, fields, named }) => {
          const attempt = (): void =>
            rule('refuse').guard?.(ctx(fakeRequest({ status: 'CONSULTATION' }), { grounds, reasons: 'r' }));
          expect(attempt).toThrow(ForbiddenRefusalGroundError);
          try {
            attempt();
          } catch (e) {
            const err = e as ForbiddenRefusalGroundError;
            expect(err.code).toBe('FORBIDDEN_REFUSAL_GROUND');
            expect(err.kind).toBe('invalid');
            const details = err.details as { field: string; messages: string[] }[];
            expect(details.map((d) => d.field)).toEqual(fields);
            details.forEach((d, i) => expect(d.messages.join(' ')).toContain(named[i]));
            named.forEach((g) => expect(err.message).toContain(g));
          }
        },
      );

      it.each([
        'NON_CONFORMING_REQUEST',
        'ESSENTIAL_INTERESTS',
        'DOMESTIC_PROHIBITION',
        'CONTRARY_TO_MLA_LEGAL_SYSTEM',
        'DISCRIMINATORY_PURPOSE',
        'NO_DUAL_CRIMINALITY',
      ])('should accept the convention ground %s', (ground) => {
        expect(() =>
          rule('refuse').guard?.(
            ctx(fakeRequest({ status: 'CONSULTATION' }), { grounds: [ground], reasons: 'r' }),
          ),
        ).not.toThrow();
      });
    });

    describe('postpone', () => {
      it.each([
        { until: '2026-03-01T09:59:59.999Z', why: 'in the past' },
        { until: '2020-01-01T00:00:00.000Z', why: 'years ago' },
        { until: NOW.toISOString(), why: 'exactly now' },
        { until: '2026-03-01T11:00:00.000+02:00', why: 'in the past once the offset is applied' },
      ])('should refuse until=$until ($why) with a 400 naming until', ({ until }) => {
        const attempt = (): void => rule('postpone').guard?.(ctx(fakeRequest(), { reasons: 'r', until }));
        expect(attempt).toThrow(ValidationFailedError);
        try {
          attempt();
        } catch (e) {
          expect((e as ValidationFailedError).details).toEqual([
            { field: 'until', messages: ['must be in the future'] },
          ]);
        }
      });

      it('should accept an until in the future', () => {
        expect(() =>
          rule('postpone').guard?.(ctx(fakeRequest(), { reasons: 'r', until: '2026-03-01T10:00:00.001Z' })),
        ).not.toThrow();
      });
    });

    it('should guard only refuse and postpone', () => {
      expect(sorted(mlaMachine.transitions.filter((t) => t.guard).map((t) => t.action))).toEqual([
        'postpone',
        'refuse',
      ]);
    });
  });

  describe('transmit-results target', () => {
    it.each([
      { final: true, target: 'EXECUTED' },
      { final: false, target: 'PARTIALLY_EXECUTED' },
    ])('should pick $target when final=$final', ({ final, target }) => {
      expect(rule('transmit-results').pickTarget?.({ final, summary: 's', items: [] }, fakeRequest())).toBe(
        target,
      );
    });

    it('should be the only action with several targets', () => {
      expect(mlaMachine.transitions.filter((t) => t.to.length > 1).map((t) => t.action)).toEqual([
        'transmit-results',
      ]);
    });
  });

  describe('apply (what each action writes to the case file)', () => {
    it('should append a status enquiry and answer every open one', () => {
      const request = fakeRequest({ caseData: {} });
      rule('query-status').apply?.(ctx(request, { question: 'Status?' }, user('requesting', 'officer')));
      rule('query-status').apply?.(ctx(request, { question: 'Still?' }, user('requesting', 'officer')));
      expect(rule('answer-status').availableWhen?.test(request)).toBe(true);
      rule('answer-status').apply?.(ctx(request, { answer: 'Soon' }, user('requested', 'officer')));
      expect(request.caseData.statusEnquiries).toEqual([
        { question: 'Status?', askedAt: NOW.toISOString(), answer: 'Soon', answeredAt: NOW.toISOString() },
        { question: 'Still?', askedAt: NOW.toISOString(), answer: 'Soon', answeredAt: NOW.toISOString() },
      ]);
      expect(rule('answer-status').availableWhen?.test(request)).toBe(false);
    });

    it('should record a delay notice with its normalised expected date', () => {
      const request = fakeRequest({ caseData: {} });
      rule('notify-delay').apply?.(ctx(request, { reasons: 'Court order needed', expectedBy: '2030-01-15' }));
      expect(request.caseData.delayNotices).toEqual([
        {
          reasons: 'Court order needed',
          expectedBy: '2030-01-15T00:00:00.000Z',
          notifiedAt: NOW.toISOString(),
        },
      ]);
    });

    const at = NOW.toISOString();
    const cases: ApplyCase[] = [
      { action: 'submit', expected: { submittedAt: NOW, caseData: {} } },
      { action: 'deliver', actor: SYSTEM, before: { deliveredAt: null }, expected: { deliveredAt: NOW } },
      { action: 'acknowledge', expected: { caseData: {} } },
      {
        action: 'request-information',
        payload: { questions: 'Which time window?' },
        expected: { caseData: { informationRequests: [{ questions: 'Which time window?', askedAt: at }] } },
      },
      {
        action: 'request-information',
        payload: { questions: 'Second question' },
        before: {
          caseData: {
            informationRequests: [{ questions: 'q1', askedAt: 'a1', answers: 'x', answeredAt: 'b1' }],
          },
        },
        expected: {
          caseData: {
            informationRequests: [
              { questions: 'q1', askedAt: 'a1', answers: 'x', answeredAt: 'b1' },
              { questions: 'Second question', askedAt: at },
            ],
          },
        },
      },
      {
        action: 'provide-information',
        payload: { answers: '14-16 March' },
        before: {
          caseData: {
            informationRequests: [
              { questions: 'q1', askedAt: 'a1', answers: 'x', answeredAt: 'b1' },
              { questions: 'q2', askedAt: 'a2' },
            ],
          },
        },
        expected: {
          caseData: {
            informationRequests: [
              { questions: 'q1', askedAt: 'a1', answers: 'x', answeredAt: 'b1' },
              { questions: 'q2', askedAt: 'a2', answers: '14-16 March', answeredAt: at },
            ],
          },
        },
      },
      {
        action: 'open-consultation',
        payload: { intendedOutcome: 'refuse', reasons: 'essential interests' },
        expected: {
          caseData: {
            consultation: { intendedOutcome: 'refuse', reasons: 'essential interests', openedAt: at },
          },
        },
      },
      {
        action: 'propose-conditions',
        payload: { conditions: [{ type: 'USE_LIMIT', text: 'Only for this case' }] },
        expected: {
          caseData: {
            conditions: { items: [{ type: 'USE_LIMIT', text: 'Only for this case' }], proposedAt: at },
          },
        },
      },
      {
        action: 'accept-conditions',
        before: { caseData: { conditions: { items: [{ type: 'OTHER', text: 't' }], proposedAt: 'p' } } },
        expected: {
          caseData: {
            conditions: { items: [{ type: 'OTHER', text: 't' }], proposedAt: 'p', acceptedAt: at },
            acceptedAt: at,
          },
        },
      },
      { action: 'accept', expected: { caseData: { acceptedAt: at } } },
      {
        action: 'postpone',
        payload: { reasons: 'own investigation', until: '2026-06-01T12:00:00+02:00' },
        expected: {
          caseData: {
            postponement: {
              reasons: 'own investigation',
              until: '2026-06-01T10:00:00.000Z',
              postponedAt: at,
            },
          },
        },
      },
      {
        action: 'resume',
        actor: SYSTEM,
        before: { caseData: { postponement: { reasons: 'r', until: 'u', postponedAt: 'p' } } },
        expected: {
          caseData: {
            postponement: { reasons: 'r', until: 'u', postponedAt: 'p', resumedAt: at, resumedBy: 'timer' },
          },
        },
      },
      {
        action: 'resume',
        actor: user('requested', 'approver'),
        before: { caseData: { postponement: { reasons: 'r', until: 'u', postponedAt: 'p' } } },
        expected: {
          caseData: {
            postponement: {
              reasons: 'r',
              until: 'u',
              postponedAt: 'p',
              resumedAt: at,
              resumedBy: 'approver',
            },
          },
        },
      },
      {
        action: 'refuse',
        payload: { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'sovereignty' },
        expected: {
          caseData: { refusal: { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'sovereignty', refusedAt: at } },
        },
      },
      { action: 'start-execution', expected: { caseData: {} } },
      {
        action: 'transmit-results',
        payload: {
          final: false,
          summary: 'Subscriber data',
          items: [
            { name: 'a.pdf', sha256: 'a'.repeat(64), size: 10 },
            { name: 'b.csv', sha256: 'b'.repeat(64) },
          ],
        },
        before: {
          caseData: { results: [{ final: false, summary: 'first', items: [], transmittedAt: 't0' }] },
        },
        expected: {
          caseData: {
            results: [
              { final: false, summary: 'first', items: [], transmittedAt: 't0' },
              {
                final: false,
                summary: 'Subscriber data',
                items: [
                  { name: 'a.pdf', sha256: 'a'.repeat(64), size: 10 },
                  { name: 'b.csv', sha256: 'b'.repeat(64) },
                ],
                transmittedAt: at,
              },
            ],
          },
        },
      },
      { action: 'confirm-receipt', expected: { caseData: { closedAt: at } } },
      {
        action: 'withdraw',
        payload: { reasons: 'case closed at home' },
        expected: { caseData: { withdrawal: { reasons: 'case closed at home', withdrawnAt: at } } },
      },
    ];

    itAppliesCases(mlaMachine, cases, {
      request: (before) => fakeRequest({ caseData: {}, submittedAt: null, ...before }),
    });

    it('should keep the size key out of an item that has none', () => {
      const request = fakeRequest();
      rule('transmit-results').apply?.(
        ctx(request, { final: true, summary: 's', items: [{ name: 'n', sha256: 'c'.repeat(64) }] }),
      );
      expect(Object.keys(request.caseData.results?.[0].items[0] ?? {})).toEqual(['name', 'sha256']);
    });

    it('should leave the case file untouched when resume finds no postponement', () => {
      const request = fakeRequest();
      rule('resume').apply?.(ctx(request, {}, SYSTEM));
      expect(request.caseData).toEqual({});
    });
  });

  describe('effects', () => {
    it('should schedule delivery right after submit', () => {
      expect(rule('submit').effects).toEqual([{ job: JobName.RequestDeliver, systemAction: 'deliver' }]);
    });

    it('should schedule the end of a postponement at exactly `until`', () => {
      const request = fakeRequest();
      const c = ctx(request, { reasons: 'r', until: '2026-09-30T08:15:00.000Z' });
      const effects = rule('postpone').effects ?? [];
      expect(effects.map((e) => [e.job, e.systemAction])).toEqual([[MlaJob.PostponementEnd, 'resume']]);
      rule('postpone').apply?.(c);
      expect(effects[0].runAt?.(c as TransitionContext<never>)).toEqual(new Date('2026-09-30T08:15:00.000Z'));
    });

    it('should schedule follow-up work exactly where the lifecycle needs it', () => {
      expect(scheduledJobs(mlaMachine)).toEqual({
        submit: [[JobName.RequestDeliver, 'deliver', 'self']],
        deliver: [
          [JobName.FollowUpReceive, 'hold', 'followed-up'],
          [JobName.DeadlineRemind, 'remind-deadline', 'self'],
          [ContactJob.EscalateToMla, 'escalate-to-mla', 'followed-up'],
        ],
        postpone: [[MlaJob.PostponementEnd, 'resume', 'self']],
        refuse: [[JobName.FollowUpEnd, 'release', 'followed-up']],
        'transmit-results': [[JobName.FollowUpEnd, 'release', 'followed-up']],
        withdraw: [[JobName.FollowUpEnd, 'release', 'followed-up']],
        'query-status': [[JobName.EnquiryRemind, 'remind-enquiry', 'self']],
      });
    });

    it('should release a followed-up preservation on final results only', () => {
      const effect = rule('transmit-results').effects?.[0];
      const linked = (status: string) =>
        ctx(fakeRequest({ status, followsUpRequestId: FOLLOW_UP_ID })) as TransitionContext<never>;
      expect(effect?.when?.(linked('EXECUTED'))).toBe(true);
      expect(effect?.when?.(linked('PARTIALLY_EXECUTED'))).toBe(false);
    });

    it('should schedule deadline reminders before and at the deadline, only those still ahead', () => {
      const effect = rule('deliver').effects?.find((e) => e.job === String(JobName.DeadlineRemind));
      const at = (deadline: string | null) =>
        effect?.runAt?.(
          ctx(
            fakeRequest({ suggestedDeadline: deadline ? new Date(deadline) : null }),
          ) as TransitionContext<never>,
        );
      expect(at('2026-04-01T10:00:00.000Z')).toEqual([
        new Date('2026-03-25T10:00:00.000Z'),
        new Date('2026-04-01T10:00:00.000Z'),
      ]);
      expect(at('2026-03-03T10:00:00.000Z')).toEqual([new Date('2026-03-03T10:00:00.000Z')]);
      expect(at(null)).toBeNull();
    });

    it('should demand a complete request only to submit', () => {
      expect(mlaMachine.transitions.filter((t) => t.requiresComplete).map((t) => t.action)).toEqual([
        'submit',
      ]);
    });
  });
});
