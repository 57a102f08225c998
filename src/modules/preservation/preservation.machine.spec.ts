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
import { type EffectRule, EmptyPayload, JobName, type TransitionContext, WithdrawPayload } from '@/workflows';
import {
  ConfirmPreservationPayload,
  DeclineExtensionPayload,
  DiscloseTrafficDataPayload,
  GrantExtensionPayload,
  IssueWarningPayload,
  PRESERVATION_REFUSAL_GROUNDS,
  PreservationRefusePayload,
  RequestExtensionPayload,
  StartPreservationPayload,
  WithholdTrafficDataPayload,
} from './payloads/preservation.payloads';
import { disclosureRecordId } from './preservation.case-writes';
import { preservationMachine } from './preservation.machine';
import { ContactJob } from '@/modules/contact-24-7/contact-24-7.constants';
import { PreservationJob } from './preservation.constants';

/*
 * The expected lifecycle, transcribed by hand from DOMAIN.md 4.2 (expedited preservation, art. 42) and 4.3
 * (traffic-data disclosure, art. 43), with the engine's documented choices where the sheet leaves room.
 * It is deliberately NOT derived from `preservationMachine`: the machine is checked against it.
 *
 * Choices beyond the DOMAIN.md table, each documented in the machine:
 * - The clock runs in PRESERVED_ACTIVE and in EXTENSION_REQUESTED (an extension asked for is not yet
 *   granted): `expire` and `remind-expiry` apply in both.
 * - `hold` ("follow-up art. 44 request received by Q") moves PRESERVING, PRESERVED_ACTIVE and
 *   EXTENSION_REQUESTED to the hold; in SENT, RECEIVED and WARNING_ISSUED it only records the follow-up,
 *   and confirmation then goes straight to the hold. `release` undoes a record that never became a hold.
 * - Art. 43 disclosure is "an event inside the preservation case" (side event, no status change), possible
 *   once data is being or has been preserved, held included.
 * - R.CA acts as the requesting officer, Q.EXEC as the requested officer; decisions (refusal, withholding,
 *   declining an extension) belong to the requested approver.
 */
const STATES = [
  'DRAFT',
  'SENT',
  'RECEIVED',
  'PRESERVING',
  'WARNING_ISSUED',
  'REFUSED',
  'PRESERVED_ACTIVE',
  'EXTENSION_REQUESTED',
  'HELD_PENDING_MLA_DECISION',
  'EXPIRED',
  'RELEASED',
  'WITHDRAWN',
] as const;
type State = (typeof STATES)[number];

const TERMINAL: readonly State[] = ['REFUSED', 'EXPIRED', 'RELEASED', 'WITHDRAWN'];

/** "any open": every non-terminal state after DRAFT. */
const WITHDRAWABLE: readonly State[] = [
  'SENT',
  'RECEIVED',
  'PRESERVING',
  'WARNING_ISSUED',
  'PRESERVED_ACTIVE',
  'EXTENSION_REQUESTED',
  'HELD_PENDING_MLA_DECISION',
];

/** The preservation period is running. */
const CLOCK_RUNNING: readonly State[] = ['PRESERVED_ACTIVE', 'EXTENSION_REQUESTED'];

/** Data is being, or has been, preserved (art. 43 events). */
const PRESERVED: readonly State[] = [
  'PRESERVING',
  'PRESERVED_ACTIVE',
  'EXTENSION_REQUESTED',
  'HELD_PENDING_MLA_DECISION',
];

const EXPECTED: Record<string, ExpectedAction<State>> = {
  send: { from: ['DRAFT'], to: ['SENT'], users: [['requesting', 'officer']], system: false },
  deliver: { from: ['SENT'], to: ['RECEIVED'], users: [], system: true },
  'start-preservation': {
    from: ['RECEIVED'],
    to: ['PRESERVING'],
    users: [['requested', 'officer']],
    system: false,
  },
  refuse: { from: ['RECEIVED'], to: ['REFUSED'], users: [['requested', 'approver']], system: false },
  'issue-warning': {
    from: ['PRESERVING'],
    to: ['WARNING_ISSUED'],
    users: [
      ['requested', 'officer'],
      ['requested', 'approver'],
    ],
    system: false,
  },
  proceed: {
    from: ['WARNING_ISSUED'],
    to: ['PRESERVING'],
    users: [
      ['requesting', 'officer'],
      ['requesting', 'approver'],
    ],
    system: false,
  },
  // Straight to the hold when the follow-up MLA request arrived before the custodian confirmed.
  'confirm-preservation': {
    from: ['PRESERVING'],
    to: ['PRESERVED_ACTIVE', 'HELD_PENDING_MLA_DECISION'],
    users: [['requested', 'officer']],
    system: false,
  },
  'request-extension': {
    from: ['PRESERVED_ACTIVE'],
    to: ['EXTENSION_REQUESTED'],
    users: [['requesting', 'officer']],
    system: false,
  },
  'grant-extension': {
    from: ['EXTENSION_REQUESTED'],
    to: ['PRESERVED_ACTIVE'],
    users: [
      ['requested', 'officer'],
      ['requested', 'approver'],
    ],
    system: false,
  },
  'decline-extension': {
    from: ['EXTENSION_REQUESTED'],
    to: ['PRESERVED_ACTIVE'],
    users: [['requested', 'approver']],
    system: false,
  },
  expire: { from: CLOCK_RUNNING, to: ['EXPIRED'], users: [], system: true },
  'remind-expiry': { from: CLOCK_RUNNING, to: [], users: [], system: true },
  // Before preservation runs (or while a warning is weighed) the follow-up is recorded, the status stays;
  // a further follow-up of a held preservation joins the hold.
  hold: {
    from: [
      'SENT',
      'RECEIVED',
      'WARNING_ISSUED',
      'PRESERVING',
      'PRESERVED_ACTIVE',
      'EXTENSION_REQUESTED',
      'HELD_PENDING_MLA_DECISION',
    ],
    to: ['HELD_PENDING_MLA_DECISION', 'SENT', 'RECEIVED', 'WARNING_ISSUED'],
    users: [],
    system: true,
  },
  // The last follow-up ended: held, released; recorded but not yet held, the record is dropped and the
  // status stays. Another follow-up still open: the status stays.
  release: {
    from: ['SENT', 'RECEIVED', 'WARNING_ISSUED', 'PRESERVING', 'HELD_PENDING_MLA_DECISION'],
    to: ['RELEASED', 'SENT', 'RECEIVED', 'WARNING_ISSUED', 'PRESERVING', 'HELD_PENDING_MLA_DECISION'],
    users: [],
    system: true,
  },
  'disclose-traffic-data': {
    from: PRESERVED,
    to: [],
    users: [
      ['requested', 'officer'],
      ['requested', 'approver'],
    ],
    system: false,
  },
  'withhold-traffic-data': { from: PRESERVED, to: [], users: [['requested', 'approver']], system: false },
  withdraw: { from: WITHDRAWABLE, to: ['WITHDRAWN'], users: [['requesting', 'officer']], system: false },
};
const SIDE_EVENTS = ['remind-expiry', 'disclose-traffic-data', 'withhold-traffic-data'];
const ACTIONS = Object.keys(EXPECTED);

const at = NOW.toISOString();

const fakeRequest = fakeRequestFor({
  channel: 'preservation',
  status: 'PRESERVED_ACTIVE',
  version: 5,
  urgency: 'urgent',
});
const rule = ruleOf(preservationMachine);

/** Applies an action the way the engine does: the case file first, then the effects read it. */
function applyAndSchedule(
  action: string,
  c: TransitionContext<object>,
): { job: string; runAt: Date[]; params: Record<string, string | null> }[] {
  const r = rule(action);
  r.apply?.(c);
  return (r.effects ?? []).map((e) => {
    const runAt = e.runAt?.(c as TransitionContext<never>);
    const dates =
      runAt === undefined ? [c.now] : runAt === null ? [] : Array.isArray(runAt) ? runAt : [runAt];
    return { job: e.job, runAt: dates as Date[], params: e.params?.(c as TransitionContext<never>) ?? {} };
  });
}

function clock(action: string, job: string): EffectRule {
  const found = rule(action).effects?.find((e) => e.job === job);
  if (!found) {
    throw new Error(`${action} schedules no ${job}`);
  }
  return found;
}

describe('preservationMachine', () => {
  describe('states and actions', () => {
    it('should have exactly the states of DOMAIN.md 4.2', () => {
      expect(sorted(preservationMachine.states)).toEqual(sorted(STATES));
    });

    it('should start in DRAFT and end in REFUSED, EXPIRED, RELEASED or WITHDRAWN', () => {
      expect(preservationMachine.channel).toBe('preservation');
      expect(preservationMachine.initial).toBe('DRAFT');
      expect(sorted(preservationMachine.terminal)).toEqual(sorted(TERMINAL));
    });

    it('should keep the status on side events and only on them', () => {
      const keeping = preservationMachine.transitions.filter((t) => t.keepsStatus).map((t) => t.action);
      expect(sorted(keeping)).toEqual(sorted(SIDE_EVENTS));
    });

    it('should have exactly the expected actions, each defined once', () => {
      const actions = preservationMachine.transitions.map((t) => t.action);
      expect(sorted(actions)).toEqual(sorted(ACTIONS));
      expect(new Set(actions).size).toBe(actions.length);
    });

    it('should name only known states in every rule', () => {
      for (const t of preservationMachine.transitions) {
        for (const s of [...t.from, ...t.to]) {
          expect(STATES).toContain(s);
        }
      }
    });

    it('should give every action a single target, or none for side events, except where the case file decides', () => {
      for (const t of preservationMachine.transitions) {
        if (['confirm-preservation', 'hold', 'release'].includes(t.action)) {
          expect(t.pickTarget).toBeDefined();
          continue;
        }
        expect(t.to).toHaveLength(t.keepsStatus ? 0 : 1);
        expect(t.pickTarget).toBeUndefined();
      }
    });

    it.each([
      ['confirm-preservation', 'PRESERVING', false, 'PRESERVED_ACTIVE'],
      ['confirm-preservation', 'PRESERVING', true, 'HELD_PENDING_MLA_DECISION'],
      ['hold', 'SENT', false, 'SENT'],
      ['hold', 'RECEIVED', false, 'RECEIVED'],
      ['hold', 'WARNING_ISSUED', false, 'WARNING_ISSUED'],
      ['hold', 'PRESERVING', false, 'HELD_PENDING_MLA_DECISION'],
      ['hold', 'PRESERVED_ACTIVE', false, 'HELD_PENDING_MLA_DECISION'],
      ['hold', 'EXTENSION_REQUESTED', false, 'HELD_PENDING_MLA_DECISION'],
      ['hold', 'HELD_PENDING_MLA_DECISION', true, 'HELD_PENDING_MLA_DECISION'],
      ['release', 'HELD_PENDING_MLA_DECISION', true, 'RELEASED'],
      ['release', 'HELD_PENDING_MLA_DECISION', 'twice', 'HELD_PENDING_MLA_DECISION'],
      ['release', 'RECEIVED', true, 'RECEIVED'],
      ['release', 'PRESERVING', true, 'PRESERVING'],
    ])('should move %s from %s (follow-ups recorded: %s) to %s', (action, status, recorded, target) => {
      const request = fakeRequest({
        status,
        caseData: recorded
          ? {
              heldFor: { requestId: 'm', at: 'a' },
              ...(recorded === 'twice' ? { alsoHeldFor: [{ requestId: 'm2', at: 'b' }] } : {}),
            }
          : {},
      });
      expect(rule(action).pickTarget?.({}, request)).toBe(target);
    });

    it('should give every action a legal basis and a description', () => {
      for (const t of preservationMachine.transitions) {
        expect(t.basis).toMatch(/UNCC art/);
        expect(t.description.length).toBeGreaterThan(0);
      }
    });

    it('should cite art. 43 on the traffic-data events and art. 42 on the preservation clock', () => {
      expect(rule('disclose-traffic-data').basis).toContain('art. 43');
      expect(rule('withhold-traffic-data').basis).toContain('art. 43');
      for (const action of ['confirm-preservation', 'expire', 'hold', 'release', 'refuse', 'issue-warning']) {
        expect(rule(action).basis).toContain('art. 42');
      }
    });
  });

  describeLifecycleTable(preservationMachine, STATES, EXPECTED, () => fakeRequest());

  describe('who else may act', () => {
    it('should let auditors take no action at all', () => {
      for (const t of preservationMachine.transitions) {
        expect(t.actors.some((a) => a.roles.includes('auditor'))).toBe(false);
      }
    });

    it('should leave expiry, reminders, hold and release to the engine alone', () => {
      for (const action of ['deliver', 'expire', 'remind-expiry', 'hold', 'release']) {
        expect(rule(action).actors).toEqual([]);
        expect(rule(action).system).toBe(true);
      }
    });
  });

  describe('terminal and withdrawable states', () => {
    it.each(TERMINAL)('should offer no action, user or system, from terminal %s', (state) => {
      expect(
        preservationMachine.transitions.filter((t) => t.from.includes(state)).map((t) => t.action),
      ).toEqual([]);
    });

    const nonTerminal = STATES.filter((s) => !TERMINAL.includes(s));
    it.each(nonTerminal)('should offer at least one way out of non-terminal %s', (state) => {
      expect(preservationMachine.transitions.some((t) => t.from.includes(state) && !t.keepsStatus)).toBe(
        true,
      );
    });

    it.each(nonTerminal.map((state) => ({ state, withdrawable: state !== 'DRAFT' })))(
      'should allow withdraw from $state: $withdrawable',
      ({ state, withdrawable }) => {
        expect(rule('withdraw').from.includes(state)).toBe(withdrawable);
      },
    );

    it('should never expire a held preservation (the follow-up MLA request is open)', () => {
      expect(rule('expire').from).not.toContain('HELD_PENDING_MLA_DECISION');
      expect(rule('remind-expiry').from).not.toContain('HELD_PENDING_MLA_DECISION');
    });

    it('should leave a warning to the requester: only proceed or withdraw (the engine may record a follow-up)', () => {
      const out = preservationMachine.transitions.filter(
        (t) => t.from.includes('WARNING_ISSUED') && t.actors.length > 0,
      );
      expect(sorted(out.map((t) => t.action))).toEqual(['proceed', 'withdraw']);
    });

    it('should let the requested side refuse only before preserving', () => {
      for (const state of STATES) {
        expect(rule('refuse').from.includes(state)).toBe(state === 'RECEIVED');
      }
    });

    it('should reach every state from DRAFT', () => {
      expect(sorted(reachableStates(preservationMachine))).toEqual(sorted(STATES));
    });
  });

  describe('payloads and guards', () => {
    it('should validate each user action with its own payload class', () => {
      const payloads = Object.fromEntries(preservationMachine.transitions.map((t) => [t.action, t.payload]));
      expect(payloads).toEqual({
        send: EmptyPayload,
        deliver: undefined,
        'start-preservation': StartPreservationPayload,
        refuse: PreservationRefusePayload,
        'issue-warning': IssueWarningPayload,
        proceed: EmptyPayload,
        'confirm-preservation': ConfirmPreservationPayload,
        'request-extension': RequestExtensionPayload,
        'grant-extension': GrantExtensionPayload,
        'decline-extension': DeclineExtensionPayload,
        expire: undefined,
        'remind-expiry': undefined,
        hold: undefined,
        release: undefined,
        'disclose-traffic-data': DiscloseTrafficDataPayload,
        'withhold-traffic-data': WithholdTrafficDataPayload,
        withdraw: WithdrawPayload,
      });
    });

    it('should guard no action and condition none on the case file (payload rules carry the limits)', () => {
      expect(preservationMachine.transitions.filter((t) => t.guard).map((t) => t.action)).toEqual([]);
      expect(preservationMachine.transitions.filter((t) => t.availableWhen).map((t) => t.action)).toEqual([]);
    });

    it('should demand a complete request only to send', () => {
      expect(preservationMachine.transitions.filter((t) => t.requiresComplete).map((t) => t.action)).toEqual([
        'send',
      ]);
    });

    it('should know exactly the narrow grounds of art. 42 (Budapest 29(4)-(5))', () => {
      expect(sorted(PRESERVATION_REFUSAL_GROUNDS)).toEqual([
        'DISCRIMINATORY_PURPOSE',
        'DOMESTIC_PROHIBITION',
        'ESSENTIAL_INTERESTS',
        'NO_DUAL_CRIMINALITY_RESERVATION',
        'POLITICAL_OFFENCE',
      ]);
    });

    it.each(PRESERVATION_REFUSAL_GROUNDS)('should accept the narrow ground %s to refuse', async (ground) => {
      await expect(
        validatePayload(PreservationRefusePayload, { grounds: [ground], reasons: 'r' }),
      ).resolves.toBeInstanceOf(PreservationRefusePayload);
    });

    it.each([
      { grounds: ['BANK_SECRECY'], field: 'grounds[0]' },
      { grounds: ['FISCAL_ONLY'], field: 'grounds[0]' },
      { grounds: ['NON_CONFORMING_REQUEST'], field: 'grounds[0]' },
      { grounds: ['ESSENTIAL_INTERESTS', 'CONTRARY_TO_MLA_LEGAL_SYSTEM'], field: 'grounds[1]' },
    ])('should refuse the wide ground in $grounds to refuse, naming $field', async ({ grounds, field }) => {
      const attempt = validatePayload(PreservationRefusePayload, { grounds, reasons: 'r' });
      await expect(attempt).rejects.toBeInstanceOf(ValidationFailedError);
      await expect(attempt).rejects.toMatchObject({ details: [{ field }] });
    });

    it('should demand at least one ground and reasons to refuse', async () => {
      const attempt = validatePayload(PreservationRefusePayload, { grounds: [] });
      await expect(attempt).rejects.toBeInstanceOf(ValidationFailedError);
      const err = (await attempt.catch((e: unknown) => e)) as ValidationFailedError;
      const fields = (err.details as { field: string }[]).map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['grounds', 'reasons']));
    });

    it('should withhold traffic data on the same narrow grounds only', async () => {
      await expect(
        validatePayload(WithholdTrafficDataPayload, {
          providerCountry: 'GHA',
          grounds: ['POLITICAL_OFFENCE'],
          reasons: 'r',
        }),
      ).resolves.toBeInstanceOf(WithholdTrafficDataPayload);
      await expect(
        validatePayload(WithholdTrafficDataPayload, {
          providerCountry: 'GHA',
          grounds: ['BANK_SECRECY'],
          reasons: 'r',
        }),
      ).rejects.toBeInstanceOf(ValidationFailedError);
    });

    it.each([
      { days: 0, valid: false },
      { days: -5, valid: false },
      { days: 3651, valid: false },
      { days: 30, valid: true },
      { days: 0.5, valid: true },
    ])('should treat an extension of $days days as valid=$valid', async ({ days, valid }) => {
      const attempt = validatePayload(GrantExtensionPayload, { days });
      if (valid) {
        await expect(attempt).resolves.toMatchObject({ days });
      } else {
        await expect(attempt).rejects.toBeInstanceOf(ValidationFailedError);
      }
    });
  });

  describe('apply (what each action writes to the case file)', () => {
    const cases: ApplyCase[] = [
      { action: 'send', before: { submittedAt: null }, expected: { submittedAt: NOW } },
      { action: 'deliver', actor: SYSTEM, before: { deliveredAt: null }, expected: { deliveredAt: NOW } },
      {
        action: 'start-preservation',
        payload: { orderReference: 'AUT-PO-1' },
        expected: { caseData: { preservation: { orderReference: 'AUT-PO-1', orderedAt: at } } },
      },
      {
        action: 'start-preservation',
        payload: {},
        expected: { caseData: { preservation: { orderedAt: at } } },
      },
      {
        action: 'refuse',
        payload: { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'Security' },
        expected: {
          caseData: { refusal: { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'Security', refusedAt: at } },
        },
      },
      {
        action: 'issue-warning',
        payload: { concern: 'CONFIDENTIALITY_AT_RISK', reasons: 'The provider informs its users' },
        expected: {
          caseData: {
            warning: {
              concern: 'CONFIDENTIALITY_AT_RISK',
              reasons: 'The provider informs its users',
              issuedAt: at,
            },
          },
        },
      },
      {
        action: 'proceed',
        actor: user('requesting', 'approver'),
        before: { caseData: { warning: { concern: 'DATA_NOT_SECURED', reasons: 'r', issuedAt: 'i' } } },
        expected: {
          caseData: {
            warning: {
              concern: 'DATA_NOT_SECURED',
              reasons: 'r',
              issuedAt: 'i',
              decision: 'proceed',
              decidedAt: at,
            },
          },
        },
      },
      { action: 'proceed', actor: user('requesting', 'officer'), expected: { caseData: {} } },
      {
        action: 'confirm-preservation',
        payload: { custodianConfirmation: 'Preserved by Example Mail' },
        before: { caseData: { preservation: { orderReference: 'AUT-PO-1', orderedAt: 'o' } } },
        expected: {
          caseData: {
            preservation: {
              orderReference: 'AUT-PO-1',
              orderedAt: 'o',
              custodianConfirmation: 'Preserved by Example Mail',
              confirmedAt: at,
              expiresAt: '2026-04-30T10:00:00.000Z',
              periodDays: 60,
            },
          },
        },
      },
      {
        action: 'confirm-preservation',
        payload: { custodianConfirmation: 'c' },
        settings: { ...TIMER_SETTINGS, preservationDays: 90 },
        expected: {
          caseData: {
            preservation: {
              custodianConfirmation: 'c',
              confirmedAt: at,
              expiresAt: '2026-05-30T10:00:00.000Z',
              periodDays: 90,
            },
          },
        },
      },
      {
        action: 'confirm-preservation',
        payload: { custodianConfirmation: 'c' },
        settings: { ...TIMER_SETTINGS, preservationDays: 4 / 86400 },
        expected: {
          caseData: {
            preservation: {
              custodianConfirmation: 'c',
              confirmedAt: at,
              expiresAt: '2026-03-01T10:00:04.000Z',
              periodDays: 4 / 86400,
            },
          },
        },
      },
      {
        action: 'request-extension',
        actor: user('requesting', 'officer'),
        payload: { reasons: 'MLA request being drafted' },
        before: {
          caseData: {
            extensionRequests: [
              { reasons: 'first', requestedAt: 'r1', outcome: 'declined', decidedAt: 'd1' },
            ],
          },
        },
        expected: {
          caseData: {
            extensionRequests: [
              { reasons: 'first', requestedAt: 'r1', outcome: 'declined', decidedAt: 'd1' },
              { reasons: 'MLA request being drafted', requestedAt: at },
            ],
          },
        },
      },
      {
        action: 'grant-extension',
        payload: { days: 30 },
        before: {
          caseData: {
            preservation: { confirmedAt: 'c', expiresAt: '2026-03-10T00:00:00.000Z', periodDays: 60 },
            extensionRequests: [
              { reasons: 'first', requestedAt: 'r1', outcome: 'granted', days: 10, decidedAt: 'd1' },
              { reasons: 'second', requestedAt: 'r2' },
            ],
          },
        },
        expected: {
          caseData: {
            preservation: { confirmedAt: 'c', expiresAt: '2026-04-09T00:00:00.000Z', periodDays: 30 },
            extensionRequests: [
              { reasons: 'first', requestedAt: 'r1', outcome: 'granted', days: 10, decidedAt: 'd1' },
              { reasons: 'second', requestedAt: 'r2', outcome: 'granted', days: 30, decidedAt: at },
            ],
          },
        },
      },
      {
        action: 'grant-extension',
        payload: {},
        settings: { ...TIMER_SETTINGS, preservationDays: 90 },
        before: {
          caseData: {
            preservation: { expiresAt: '2026-03-10T00:00:00.000Z', periodDays: 90 },
            extensionRequests: [{ reasons: 'r', requestedAt: 'r1' }],
          },
        },
        expected: {
          caseData: {
            preservation: { expiresAt: '2026-06-08T00:00:00.000Z', periodDays: 90 },
            extensionRequests: [
              { reasons: 'r', requestedAt: 'r1', outcome: 'granted', days: 90, decidedAt: at },
            ],
          },
        },
      },
      {
        action: 'grant-extension',
        payload: { days: 30 },
        before: {
          caseData: {
            preservation: { expiresAt: '2026-02-20T00:00:00.000Z', periodDays: 60 },
            extensionRequests: [{ reasons: 'late', requestedAt: 'r1' }],
          },
        },
        expected: {
          caseData: {
            preservation: { expiresAt: '2026-03-31T10:00:00.000Z', periodDays: 30 },
            extensionRequests: [
              { reasons: 'late', requestedAt: 'r1', outcome: 'granted', days: 30, decidedAt: at },
            ],
          },
        },
      },
      {
        action: 'grant-extension',
        payload: { days: 1 },
        before: { caseData: { preservation: { expiresAt: at, periodDays: 60 } } },
        expected: {
          caseData: {
            preservation: { expiresAt: '2026-03-02T10:00:00.000Z', periodDays: 1 },
            extensionRequests: [],
          },
        },
      },
      {
        action: 'decline-extension',
        payload: { reasons: 'Domestic law allows no more' },
        before: {
          caseData: {
            preservation: { expiresAt: '2026-03-10T00:00:00.000Z', periodDays: 60 },
            extensionRequests: [{ reasons: 'r', requestedAt: 'r1' }],
          },
        },
        expected: {
          caseData: {
            preservation: { expiresAt: '2026-03-10T00:00:00.000Z', periodDays: 60 },
            extensionRequests: [
              {
                reasons: 'r',
                requestedAt: 'r1',
                outcome: 'declined',
                decisionReasons: 'Domestic law allows no more',
                decidedAt: at,
              },
            ],
          },
        },
      },
      {
        action: 'expire',
        actor: SYSTEM,
        before: { caseData: { preservation: { expiresAt: at } } },
        expected: { caseData: { preservation: { expiresAt: at }, expiredAt: at } },
      },
      {
        action: 'remind-expiry',
        actor: SYSTEM,
        before: { caseData: { preservation: { expiresAt: '2026-03-04T10:00:00.000Z' } } },
        expected: {
          caseData: {
            preservation: { expiresAt: '2026-03-04T10:00:00.000Z' },
            reminders: [
              {
                kind: 'preservation-expiry',
                dueAt: '2026-03-04T10:00:00.000Z',
                detail: 'the preservation expires soon',
                at,
              },
            ],
          },
        },
      },
      {
        action: 'hold',
        actor: SYSTEM,
        trigger: trigger({ followUpId: FOLLOW_UP_ID, action: 'hold' }, { sourceRequestId: FOLLOW_UP_ID }),
        expected: { caseData: { heldFor: { requestId: FOLLOW_UP_ID, at } } },
      },
      {
        action: 'hold',
        actor: SYSTEM,
        trigger: trigger({ action: 'hold' }, { sourceRequestId: OTHER_FOLLOW_UP_ID }),
        expected: { caseData: { heldFor: { requestId: OTHER_FOLLOW_UP_ID, at } } },
      },
      {
        action: 'release',
        actor: SYSTEM,
        before: {
          status: 'HELD_PENDING_MLA_DECISION',
          caseData: { heldFor: { requestId: FOLLOW_UP_ID, at: 'h' } },
        },
        trigger: trigger({ followUpId: FOLLOW_UP_ID, action: 'release' }),
        expected: {
          caseData: {
            heldFor: { requestId: FOLLOW_UP_ID, at: 'h' },
            releasedFor: { requestId: FOLLOW_UP_ID, at },
          },
        },
      },
      {
        action: 'withdraw',
        actor: user('requesting', 'officer'),
        payload: { reasons: 'Suspect identified' },
        expected: { caseData: { withdrawal: { reasons: 'Suspect identified', withdrawnAt: at } } },
      },
    ];

    itAppliesCases(preservationMachine, cases, {
      request: (before) => fakeRequest({ caseData: {}, ...before }),
    });

    it('should leave the status to the engine (apply never sets it)', () => {
      for (const t of preservationMachine.transitions) {
        const request = fakeRequest({ status: t.from[0] ?? 'DRAFT' });
        t.apply?.(
          ctx(
            request,
            {
              reasons: 'r',
              grounds: ['ESSENTIAL_INTERESTS'],
              custodianConfirmation: 'c',
              providerCountry: 'GHA',
            },
            user('requested', 'approver'),
            { trigger: trigger({ followUpId: FOLLOW_UP_ID }) },
          ),
        );
        expect(request.status).toBe(t.from[0]);
      }
    });

    it('should not keep the old expiry when an extension is granted before it', () => {
      const request = fakeRequest({ caseData: { preservation: { expiresAt: '2026-03-10T00:00:00.000Z' } } });
      rule('grant-extension').apply?.(ctx(request, { days: 0.5 }));
      expect(request.caseData.preservation?.expiresAt).toBe('2026-03-10T12:00:00.000Z');
    });

    it('should give each traffic-data disclosure its own id and the outcome DISCLOSED', () => {
      const request = fakeRequest({ status: 'PRESERVING' });
      const payload = {
        providerName: 'Accra Hosting Ltd',
        providerCountry: 'GHA',
        trafficData: 'Relay via 203.0.113.7 at 2026-03-14T02:11Z',
      };
      rule('disclose-traffic-data').apply?.(ctx(request, payload, user('requested', 'officer')));
      rule('disclose-traffic-data').apply?.(
        ctx(request, { ...payload, providerCountry: 'NGA' }, user('requested', 'officer')),
      );
      const list = request.caseData.trafficDisclosures ?? [];
      expect(list).toEqual([
        { id: expect.any(String), outcome: 'DISCLOSED', ...payload, recordedAt: at },
        { id: expect.any(String), outcome: 'DISCLOSED', ...payload, providerCountry: 'NGA', recordedAt: at },
      ]);
      for (const d of list) {
        expect(d.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
      expect(list[0].id).not.toBe(list[1].id);
      // Another node repeating the same events on its copy gives the records the same ids (art. 43 onward).
      const copy = fakeRequest({ status: 'PRESERVING' });
      rule('disclose-traffic-data').apply?.(ctx(copy, payload, user('requested', 'officer')));
      expect(copy.caseData.trafficDisclosures?.[0].id).toBe(list[0].id);
      expect(disclosureRecordId(request.id, 0)).toBe(list[0].id);
      expect(disclosureRecordId('00000000-0000-4000-8000-000000000000', 0)).not.toBe(list[0].id);
    });

    it('should record a withheld disclosure with its grounds and reasons after earlier ones', () => {
      const earlier = {
        id: '11111111-0000-4000-8000-000000000001',
        outcome: 'DISCLOSED' as const,
        providerCountry: 'GHA',
        recordedAt: 'r0',
      };
      const request = fakeRequest({
        status: 'HELD_PENDING_MLA_DECISION',
        caseData: { trafficDisclosures: [earlier] },
      });
      const payload = {
        providerCountry: 'USA',
        grounds: ['ESSENTIAL_INTERESTS'],
        reasons: 'Ongoing operation',
      };
      rule('withhold-traffic-data').apply?.(ctx(request, payload));
      expect(request.caseData.trafficDisclosures).toEqual([
        earlier,
        { id: expect.any(String), outcome: 'WITHHELD', ...payload, recordedAt: at },
      ]);
      expect(request.caseData.trafficDisclosures?.[1].id).not.toBe(earlier.id);
    });
  });

  describe('effects', () => {
    it('should schedule follow-up work exactly where the lifecycle needs it', () => {
      const clocks = [
        [PreservationJob.Expire, 'expire', 'self'],
        [PreservationJob.ExpiryRemind, 'remind-expiry', 'self'],
      ];
      expect(scheduledJobs(preservationMachine)).toEqual({
        send: [[JobName.RequestDeliver, 'deliver', 'self']],
        deliver: [[ContactJob.EscalateToPreservation, 'escalate-to-preservation', 'followed-up']],
        'confirm-preservation': clocks,
        'grant-extension': clocks,
      });
    });

    it('should schedule delivery right after send', () => {
      expect(rule('send').effects).toEqual([{ job: JobName.RequestDeliver, systemAction: 'deliver' }]);
    });

    it('should run every scheduled action on itself as a system action of this machine', () => {
      for (const t of preservationMachine.transitions) {
        for (const e of (t.effects ?? []).filter((x) => x.target !== 'followed-up')) {
          expect(rule(e.systemAction).system).toBe(true);
        }
      }
    });

    it('should tell a followed-up 24/7 ticket on delivery, and not the preservation an onward one follows up', () => {
      const [escalation] = rule('deliver').effects ?? [];
      const when = (followsUpRequestId: string | null, details: Record<string, unknown>) =>
        escalation.when?.(ctx(fakeRequest({ followsUpRequestId, details })) as TransitionContext<never>);
      expect(when(FOLLOW_UP_ID, {})).toBe(true);
      expect(when(FOLLOW_UP_ID, { disclosureId: OTHER_FOLLOW_UP_ID })).toBe(false);
      expect(when(null, {})).toBe(false);
      expect(escalation.params?.(ctx(fakeRequest()) as TransitionContext<never>)).toEqual({
        followUpId: fakeRequest().id,
      });
    });

    it('should show expiry and reminders as legal clocks with the art. 42 basis', () => {
      expect(clock('confirm-preservation', PreservationJob.Expire).timer).toEqual({
        label: 'Preservation expiry',
        basis: expect.stringContaining('art. 42'),
      });
      expect(clock('confirm-preservation', PreservationJob.Expire).timer?.basis).toContain('60 days');
      expect(clock('confirm-preservation', PreservationJob.ExpiryRemind).timer).toEqual({
        label: 'Preservation expiry reminder',
        basis: expect.stringContaining('art. 42'),
      });
      expect(rule('send').effects?.[0].timer).toBeUndefined();
    });

    it('should schedule, on confirmation, the expiry at expiresAt and reminders at T-14 and T-3 days', () => {
      const request = fakeRequest({ status: 'PRESERVING' });
      const jobs = applyAndSchedule(
        'confirm-preservation',
        ctx(request, { custodianConfirmation: 'c' }, user('requested', 'officer')),
      );
      const expiresAt = '2026-04-30T10:00:00.000Z';
      expect(request.caseData.preservation?.expiresAt).toBe(expiresAt);
      expect(jobs).toEqual([
        { job: PreservationJob.Expire, runAt: [new Date(expiresAt)], params: { expiresAt } },
        {
          job: PreservationJob.ExpiryRemind,
          runAt: [new Date('2026-04-16T10:00:00.000Z'), new Date('2026-04-27T10:00:00.000Z')],
          params: { expiresAt },
        },
      ]);
    });

    it.each([
      { days: 10, reminders: ['2026-03-08T10:00:00.000Z'] },
      { days: 14, reminders: ['2026-03-12T10:00:00.000Z'] },
      { days: 3, reminders: [] },
      { days: 2, reminders: [] },
    ])(
      'should schedule only the reminders still ahead of now for a $days-day period',
      ({ days, reminders }) => {
        const request = fakeRequest({ status: 'PRESERVING' });
        const jobs = applyAndSchedule(
          'confirm-preservation',
          ctx(request, { custodianConfirmation: 'c' }, user('requested', 'officer'), {
            settings: { ...TIMER_SETTINGS, preservationDays: days },
          }),
        );
        expect(jobs[0].runAt).toEqual([plus(days)]);
        expect(jobs[1].runAt).toEqual(reminders.map((d) => new Date(d)));
      },
    );

    it('should order reminders soonest first whatever order the settings list them in', () => {
      const request = fakeRequest({ status: 'PRESERVING' });
      const jobs = applyAndSchedule(
        'confirm-preservation',
        ctx(request, { custodianConfirmation: 'c' }, user('requested', 'officer'), {
          settings: { ...TIMER_SETTINGS, preservationReminderDays: [3, 30, 14] },
        }),
      );
      expect(jobs[1].runAt).toEqual([plus(30), plus(46), plus(57)]);
    });

    it('should reschedule expiry and reminders from the new expiry when an extension is granted', () => {
      const request = fakeRequest({
        status: 'EXTENSION_REQUESTED',
        caseData: {
          preservation: { expiresAt: '2026-03-10T10:00:00.000Z' },
          extensionRequests: [{ reasons: 'r', requestedAt: 'r1' }],
        },
      });
      const jobs = applyAndSchedule('grant-extension', ctx(request, { days: 30 }));
      const expiresAt = '2026-04-09T10:00:00.000Z';
      expect(jobs).toEqual([
        { job: PreservationJob.Expire, runAt: [new Date(expiresAt)], params: { expiresAt } },
        {
          job: PreservationJob.ExpiryRemind,
          runAt: [new Date('2026-03-26T10:00:00.000Z'), new Date('2026-04-06T10:00:00.000Z')],
          params: { expiresAt },
        },
      ]);
    });

    it('should count a late extension from now and schedule its reminders from there', () => {
      const request = fakeRequest({
        status: 'EXTENSION_REQUESTED',
        caseData: { preservation: { expiresAt: '2026-02-01T00:00:00.000Z' } },
      });
      const jobs = applyAndSchedule('grant-extension', ctx(request, { days: 10 }));
      expect(jobs[0].runAt).toEqual([plus(10)]);
      expect(jobs[1].runAt).toEqual([plus(7)]);
    });

    describe('validWhile of the expiry clocks', () => {
      const jobs = [PreservationJob.Expire, PreservationJob.ExpiryRemind];

      it.each(jobs)('should hold %s only for the expiry it was set for', (job) => {
        const effect = clock('confirm-preservation', job);
        const request = fakeRequest({
          caseData: { preservation: { expiresAt: '2026-04-30T10:00:00.000Z' } },
        });
        expect(effect.validWhile?.(request, trigger({ expiresAt: '2026-04-30T10:00:00.000Z' }))).toBe(true);
        expect(effect.validWhile?.(request, trigger({ expiresAt: '2026-04-30T10:00:00.001Z' }))).toBe(false);
        expect(effect.validWhile?.(request, trigger({ expiresAt: null }))).toBe(false);
        expect(effect.validWhile?.(fakeRequest(), trigger({ expiresAt: '2026-04-30T10:00:00.000Z' }))).toBe(
          false,
        );
      });

      it.each(jobs)(
        'should void %s of the old period once an extension is granted, not the new one',
        (job) => {
          const request = fakeRequest({ status: 'PRESERVING' });
          const first = applyAndSchedule(
            'confirm-preservation',
            ctx(request, { custodianConfirmation: 'c' }, user('requested', 'officer')),
          ).find((j) => j.job === String(job));
          rule('request-extension').apply?.(ctx(request, { reasons: 'r' }, user('requesting', 'officer')));
          const second = applyAndSchedule('grant-extension', ctx(request, { days: 30 })).find(
            (j) => j.job === String(job),
          );
          const effect = clock('grant-extension', job);
          expect(effect.validWhile?.(request, trigger(first?.params ?? {}))).toBe(false);
          expect(effect.validWhile?.(request, trigger(second?.params ?? {}))).toBe(true);
        },
      );

      it.each(jobs)('should keep %s valid when an extension is declined', (job) => {
        const request = fakeRequest({ status: 'PRESERVING' });
        const first = applyAndSchedule(
          'confirm-preservation',
          ctx(request, { custodianConfirmation: 'c' }, user('requested', 'officer')),
        ).find((j) => j.job === String(job));
        rule('request-extension').apply?.(ctx(request, { reasons: 'r' }, user('requesting', 'officer')));
        rule('decline-extension').apply?.(ctx(request, { reasons: 'no' }));
        expect(clock('confirm-preservation', job).validWhile?.(request, trigger(first?.params ?? {}))).toBe(
          true,
        );
      });

      it('should share one definition of the clocks between confirmation and extension', () => {
        expect(rule('grant-extension').effects).toBe(rule('confirm-preservation').effects);
      });
    });
  });
});
