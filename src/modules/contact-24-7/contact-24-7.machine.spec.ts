import { ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import { describeLifecycleTable, type ExpectedAction } from '@/test-utils/lifecycle-table';
import {
  type ApplyCase,
  ctx,
  fakeRequestFor,
  FOLLOW_UP_ID,
  itAppliesCases,
  NOW,
  OTHER_FOLLOW_UP_ID,
  reachableStates,
  ruleOf,
  scheduledJobs,
  sorted,
  SYSTEM,
  TIMER_SETTINGS,
  trigger,
  user,
} from '@/test-utils/machine-fixtures';
import { EmptyPayload, JobName, type TransitionContext, WithdrawPayload } from '@/workflows';
import {
  AcknowledgeTicketPayload,
  AnswerTicketPayload,
  CONTACT_ANSWER_KINDS,
  RouteTicketPayload,
} from './payloads/contact-24-7.payloads';
import { minutesBetween } from './contact-24-7.case-writes';
import { ContactJob } from './contact-24-7.constants';
import { acknowledgementReminder } from './contact-24-7.effects';
import { ticketEscalatedToMla, ticketEscalatedToPreservation } from './contact-24-7.escalation';
import { contactMachine } from './contact-24-7.machine';

/*
 * The expected lifecycle, transcribed by hand from DOMAIN.md 4.10 (OPENED -> ACKNOWLEDGED -> ROUTED ->
 * ANSWERED -> CLOSED, optional ESCALATED_TO_PRESERVATION / ESCALATED_TO_MLA) with the engine's documented
 * choices where the sheet leaves room. It is deliberately NOT derived from `contactMachine`.
 *
 * Choices beyond the sheet:
 * - A delivered ticket is RECEIVED until the requested point of contact acknowledges it (the minutes from
 *   opening to acknowledgement are measured); a reminder fires if it waits longer than the State's period.
 * - The point of contact may answer without routing, answer again, and route again.
 * - Escalation is news from the preservation or MLA request that follows the ticket up (its delivery), not
 *   a user action: the link exists both ways once that request reaches the requested State. An MLA request
 *   is the further step: a preservation arriving after it leaves the ticket ESCALATED_TO_MLA.
 * - The requesting officer closes an answered or escalated ticket, or withdraws one not yet answered.
 */
const STATES = [
  'DRAFT',
  'OPENED',
  'RECEIVED',
  'ACKNOWLEDGED',
  'ROUTED',
  'ANSWERED',
  'ESCALATED_TO_PRESERVATION',
  'ESCALATED_TO_MLA',
  'CLOSED',
  'WITHDRAWN',
] as const;
type State = (typeof STATES)[number];

const TERMINAL: readonly State[] = ['CLOSED', 'WITHDRAWN'];
const REQUESTED_USERS = [
  ['requested', 'officer'],
  ['requested', 'approver'],
] as const;
const ESCALABLE: readonly State[] = [
  'OPENED',
  'RECEIVED',
  'ACKNOWLEDGED',
  'ROUTED',
  'ANSWERED',
  'ESCALATED_TO_PRESERVATION',
  'ESCALATED_TO_MLA',
];

const EXPECTED: Record<string, ExpectedAction<State>> = {
  open: { from: ['DRAFT'], to: ['OPENED'], users: [['requesting', 'officer']], system: false },
  deliver: { from: ['OPENED'], to: ['RECEIVED'], users: [], system: true },
  acknowledge: { from: ['RECEIVED'], to: ['ACKNOWLEDGED'], users: REQUESTED_USERS, system: false },
  'remind-acknowledgement': { from: ['RECEIVED'], to: [], users: [], system: true },
  route: { from: ['ACKNOWLEDGED', 'ROUTED'], to: ['ROUTED'], users: REQUESTED_USERS, system: false },
  answer: {
    from: ['ACKNOWLEDGED', 'ROUTED', 'ANSWERED'],
    to: ['ANSWERED'],
    users: REQUESTED_USERS,
    system: false,
  },
  'escalate-to-preservation': {
    from: ESCALABLE,
    to: ['ESCALATED_TO_PRESERVATION', 'ESCALATED_TO_MLA'],
    users: [],
    system: true,
  },
  'escalate-to-mla': { from: ESCALABLE, to: ['ESCALATED_TO_MLA'], users: [], system: true },
  close: {
    from: ['ANSWERED', 'ESCALATED_TO_PRESERVATION', 'ESCALATED_TO_MLA'],
    to: ['CLOSED'],
    users: [['requesting', 'officer']],
    system: false,
  },
  withdraw: {
    from: ['OPENED', 'RECEIVED', 'ACKNOWLEDGED', 'ROUTED'],
    to: ['WITHDRAWN'],
    users: [['requesting', 'officer']],
    system: false,
  },
};
const ACTIONS = Object.keys(EXPECTED);

const at = NOW.toISOString();
const fakeRequest = fakeRequestFor({ channel: 'contact-24-7', status: 'RECEIVED', urgency: 'urgent' });
const rule = ruleOf(contactMachine);

describe('contactMachine', () => {
  describe('states and actions', () => {
    it('should have exactly the states of DOMAIN.md 4.10 with the draft and delivery states', () => {
      expect(sorted(contactMachine.states)).toEqual(sorted(STATES));
    });

    it('should start in DRAFT and end in CLOSED or WITHDRAWN', () => {
      expect(contactMachine.channel).toBe('contact-24-7');
      expect(contactMachine.initial).toBe('DRAFT');
      expect(sorted(contactMachine.terminal)).toEqual(sorted(TERMINAL));
    });

    it('should have exactly the expected actions, each defined once', () => {
      const actions = contactMachine.transitions.map((t) => t.action);
      expect(sorted(actions)).toEqual(sorted(ACTIONS));
      expect(new Set(actions).size).toBe(actions.length);
    });

    it('should keep the status only on the acknowledgement reminder', () => {
      expect(contactMachine.transitions.filter((t) => t.keepsStatus).map((t) => t.action)).toEqual([
        'remind-acknowledgement',
      ]);
    });

    it.each([
      ['ANSWERED', 'ESCALATED_TO_PRESERVATION'],
      ['RECEIVED', 'ESCALATED_TO_PRESERVATION'],
      ['ESCALATED_TO_PRESERVATION', 'ESCALATED_TO_PRESERVATION'],
      ['ESCALATED_TO_MLA', 'ESCALATED_TO_MLA'],
    ])('should escalate a ticket %s to a preservation as %s', (status, target) => {
      expect(rule('escalate-to-preservation').pickTarget?.({}, fakeRequest({ status }))).toBe(target);
    });

    it('should give every action the art. 41 basis (art. 40 for withdrawal) and a description', () => {
      for (const t of contactMachine.transitions) {
        expect(t.basis).toMatch(t.action === 'withdraw' ? /UNCC art\. 40/ : /^UNCC art(s|\.) [^(]*\b41\b/);
        expect(t.description.length).toBeGreaterThan(0);
      }
      expect(rule('escalate-to-preservation').basis).toContain('42');
      expect(rule('escalate-to-mla').basis).toContain('44');
    });

    it('should reach every state from DRAFT', () => {
      expect(sorted(reachableStates(contactMachine))).toEqual(sorted(STATES));
    });

    it.each(TERMINAL)('should offer no action, user or system, from terminal %s', (state) => {
      expect(contactMachine.transitions.filter((t) => t.from.includes(state))).toEqual([]);
    });
  });

  describeLifecycleTable(contactMachine, STATES, EXPECTED, () => fakeRequest());

  describe('payloads and guards', () => {
    it('should validate each user action with its own payload class', () => {
      const payloads = Object.fromEntries(contactMachine.transitions.map((t) => [t.action, t.payload]));
      expect(payloads).toEqual({
        open: EmptyPayload,
        deliver: undefined,
        acknowledge: AcknowledgeTicketPayload,
        'remind-acknowledgement': undefined,
        route: RouteTicketPayload,
        answer: AnswerTicketPayload,
        'escalate-to-preservation': undefined,
        'escalate-to-mla': undefined,
        close: EmptyPayload,
        withdraw: WithdrawPayload,
      });
    });

    it('should demand a complete ticket only to open it', () => {
      expect(contactMachine.transitions.filter((t) => t.requiresComplete).map((t) => t.action)).toEqual([
        'open',
      ]);
    });

    it('should know the help of art. 41 (Budapest 35(1))', () => {
      expect(sorted(CONTACT_ANSWER_KINDS)).toEqual([
        'emergency-data',
        'legal-information',
        'provider-location',
        'suspect-location',
        'technical-advice',
      ]);
    });

    it.each([
      [{ kind: 'advice', answer: 'x' }, 'kind'],
      [{ kind: 'legal-information' }, 'answer'],
      [{ kind: 'legal-information', answer: 'x', items: [{ name: 'a', sha256: 'XYZ' }] }, 'items[0].sha256'],
      [{ kind: 'legal-information', answer: 'x', extra: 1 }, 'extra'],
    ])('should refuse the answer %j naming %s', async (body, field) => {
      const err = await validatePayload(AnswerTicketPayload, body).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationFailedError);
      expect(((err as ValidationFailedError).details as { field: string }[]).map((d) => d.field)).toContain(
        field,
      );
    });

    it.each([
      [{ authority: 'Cybercrime unit' }, 'to'],
      [{ to: 'embassy', authority: 'x' }, 'to'],
      [{ to: 'central-authority' }, 'authority'],
    ])('should refuse the routing %j naming %s', async (body, field) => {
      const err = await validatePayload(RouteTicketPayload, body).catch((e: unknown) => e);
      expect(((err as ValidationFailedError).details as { field: string }[]).map((d) => d.field)).toContain(
        field,
      );
    });

    it('should demand the duty officer who takes the ticket', async () => {
      const err = await validatePayload(AcknowledgeTicketPayload, {}).catch((e: unknown) => e);
      expect(((err as ValidationFailedError).details as { field: string }[]).map((d) => d.field)).toEqual([
        'handledBy',
      ]);
      await expect(
        validatePayload(AcknowledgeTicketPayload, { handledBy: 'Insp. Huber', note: 'On it' }),
      ).resolves.toMatchObject({ handledBy: 'Insp. Huber' });
    });

    it('should guard only the answer: emergency data on an emergency ticket alone (art. 41, art. 2)', () => {
      expect(contactMachine.transitions.filter((t) => t.guard).map((t) => t.action)).toEqual(['answer']);
      const guard = rule('answer').guard!;
      const emergencyData = { kind: 'emergency-data', answer: 'Location data of the handset' };
      expect(() => guard(ctx(fakeRequest({ status: 'ACKNOWLEDGED' }), emergencyData))).toThrow(
        ValidationFailedError,
      );
      expect(() =>
        guard(ctx(fakeRequest({ status: 'ACKNOWLEDGED', urgency: 'emergency' }), emergencyData)),
      ).not.toThrow();
      expect(() =>
        guard(ctx(fakeRequest({ status: 'ACKNOWLEDGED' }), { kind: 'suspect-location', answer: 'Graz' })),
      ).not.toThrow();
    });
  });

  describe('what each action writes to the case file', () => {
    const opened = new Date(NOW.getTime() - 12.5 * 60000);
    const cases: ApplyCase[] = [
      {
        action: 'acknowledge',
        payload: { handledBy: 'Insp. Huber' },
        actor: user('requested', 'officer'),
        before: { submittedAt: opened },
        expected: {
          caseData: { acknowledgement: { at, minutesToAcknowledge: 12.5, handledBy: 'Insp. Huber' } },
        },
      },
      {
        action: 'acknowledge',
        payload: { handledBy: 'Insp. Huber', note: 'Calling the provider' },
        before: { submittedAt: null, deliveredAt: new Date(NOW.getTime() - 90000) },
        expected: {
          caseData: {
            acknowledgement: {
              at,
              minutesToAcknowledge: 1.5,
              handledBy: 'Insp. Huber',
              note: 'Calling the provider',
            },
          },
        },
      },
      {
        action: 'remind-acknowledgement',
        actor: SYSTEM,
        trigger: trigger({}, { runAt: NOW }),
        expected: {
          caseData: {
            reminders: [
              {
                kind: 'contact-acknowledgement',
                dueAt: at,
                detail: 'the 24/7 ticket is not yet acknowledged',
                at,
              },
            ],
          },
        },
      },
      {
        action: 'route',
        payload: { to: 'competent-authority', authority: 'Bundeskriminalamt C4' },
        before: { status: 'ACKNOWLEDGED', caseData: { routings: [{ to: 'x', authority: 'y', at: 'a' }] } },
        expected: {
          caseData: {
            routings: [
              { to: 'x', authority: 'y', at: 'a' },
              { to: 'competent-authority', authority: 'Bundeskriminalamt C4', at },
            ],
          },
        },
      },
      {
        action: 'answer',
        payload: {
          kind: 'emergency-data',
          answer: 'Cell location',
          items: [{ name: 'cell.csv', sha256: 'a'.repeat(64) }],
        },
        before: { status: 'ROUTED', urgency: 'emergency' },
        expected: {
          caseData: {
            answers: [
              {
                kind: 'emergency-data',
                answer: 'Cell location',
                items: [{ name: 'cell.csv', sha256: 'a'.repeat(64) }],
                at,
              },
            ],
          },
        },
      },
      {
        action: 'answer',
        payload: { kind: 'legal-information', answer: 'A court order is needed', items: [] },
        before: {
          status: 'ANSWERED',
          caseData: { answers: [{ kind: 'technical-advice', answer: 'a', at: 'b' }] },
        },
        expected: {
          caseData: {
            answers: [
              { kind: 'technical-advice', answer: 'a', at: 'b' },
              { kind: 'legal-information', answer: 'A court order is needed', at },
            ],
          },
        },
      },
      {
        action: 'escalate-to-preservation',
        actor: SYSTEM,
        before: { status: 'ANSWERED' },
        trigger: trigger({ followUpId: FOLLOW_UP_ID }),
        expected: { caseData: { escalations: [{ requestId: FOLLOW_UP_ID, channel: 'preservation', at }] } },
      },
      {
        action: 'escalate-to-mla',
        actor: SYSTEM,
        before: {
          status: 'ESCALATED_TO_PRESERVATION',
          caseData: { escalations: [{ requestId: OTHER_FOLLOW_UP_ID, channel: 'preservation', at: 'a' }] },
        },
        trigger: trigger({ followUpId: FOLLOW_UP_ID }),
        expected: {
          caseData: {
            escalations: [
              { requestId: OTHER_FOLLOW_UP_ID, channel: 'preservation', at: 'a' },
              { requestId: FOLLOW_UP_ID, channel: 'mla', at },
            ],
          },
        },
      },
      // The same news twice (a retried job) is recorded once.
      {
        action: 'escalate-to-mla',
        actor: SYSTEM,
        before: {
          status: 'ESCALATED_TO_MLA',
          caseData: { escalations: [{ requestId: FOLLOW_UP_ID, channel: 'mla', at: 'a' }] },
        },
        trigger: trigger({ followUpId: FOLLOW_UP_ID }),
        expected: {},
      },
      {
        action: 'close',
        actor: user('requesting', 'officer'),
        before: { status: 'ANSWERED' },
        expected: { caseData: { closedAt: at } },
      },
      {
        action: 'withdraw',
        payload: { reasons: 'Suspect arrested' },
        actor: user('requesting', 'officer'),
        expected: { caseData: { withdrawal: { reasons: 'Suspect arrested', withdrawnAt: at } } },
      },
    ];
    itAppliesCases(contactMachine, cases, { request: (before) => fakeRequest(before) });

    it.each([
      [0, 0],
      [59999, 1],
      [90000, 1.5],
      [-5000, 0],
    ])('should count %d ms as %d minutes (two decimals, never negative)', (ms, minutes) => {
      expect(minutesBetween(NOW, new Date(NOW.getTime() + ms))).toBe(minutes);
    });
  });

  describe('effects and clocks', () => {
    it('should schedule delivery on opening and the acknowledgement reminder on delivery, nothing else', () => {
      expect(scheduledJobs(contactMachine)).toEqual({
        open: [[JobName.RequestDeliver, 'deliver', 'self']],
        deliver: [[ContactJob.AcknowledgeRemind, 'remind-acknowledgement', 'self']],
      });
    });

    it("should remind the State's period after delivery, as a legal clock with the art. 41 basis", () => {
      const c = ctx(fakeRequest(), {}, SYSTEM, {
        settings: { ...TIMER_SETTINGS, contactAcknowledgeMinutes: 15 },
      }) as TransitionContext<never>;
      expect(acknowledgementReminder.runAt?.(c)).toEqual(new Date(NOW.getTime() + 15 * 60000));
      expect(acknowledgementReminder.timer).toEqual({
        label: '24/7 ticket not yet acknowledged',
        basis: expect.stringContaining('art. 41'),
      });
      expect(acknowledgementReminder.runsOn).toBeUndefined();
    });

    it('should void the reminder once the ticket is acknowledged', () => {
      const t = trigger({});
      expect(acknowledgementReminder.validWhile?.(fakeRequest(), t)).toBe(true);
      expect(
        acknowledgementReminder.validWhile?.(
          fakeRequest({ caseData: { acknowledgement: { at, minutesToAcknowledge: 1 } } }),
          t,
        ),
      ).toBe(false);
    });

    it.each([
      [ticketEscalatedToPreservation, ContactJob.EscalateToPreservation, 'escalate-to-preservation'],
      [ticketEscalatedToMla, ContactJob.EscalateToMla, 'escalate-to-mla'],
    ])('should give the follow-up channels news naming this table’s system action', (effect, job, action) => {
      expect(effect).toMatchObject({ job, systemAction: action, target: 'followed-up' });
      expect(rule(action).system).toBe(true);
      const follow = fakeRequest({ id: FOLLOW_UP_ID, followsUpRequestId: 'ticket' });
      const c = ctx(follow) as TransitionContext<never>;
      expect(effect.when?.(c)).toBe(true);
      expect(effect.params?.(c)).toEqual({ followUpId: FOLLOW_UP_ID });
      expect(effect.when?.(ctx(fakeRequest({ followsUpRequestId: null })) as TransitionContext<never>)).toBe(
        false,
      );
    });
  });
});
