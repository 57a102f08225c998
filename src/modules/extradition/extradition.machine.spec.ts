import { ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import type { UserRole } from '@/common/auth/authority-kind';
import type { CooperationRequest } from '@/test-utils/machine-fixtures';
import { describeLifecycleTable, type ExpectedAction } from '@/test-utils/lifecycle-table';
import {
  type ApplyCase,
  ctxFor,
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
  user,
} from '@/test-utils/machine-fixtures';
import {
  type Actor,
  type EffectRule,
  EmptyPayload,
  ForbiddenRefusalGroundError,
  JobName,
  mayTake,
  type Side,
  type TimerSettings,
  type TransitionContext,
  WithdrawPayload,
} from '@/workflows';
import { extraditionMachine } from './extradition.machine';
import { ExtraditionStatus } from './extradition.states';
import {
  AcceptAccessoryOffencesPayload,
  EXTRADITION_REFUSAL_GROUNDS,
  ExecuteProvisionalArrestPayload,
  ExtraditionConsultationPayload,
  ExtraditionRefusePayload,
  GrantWithConditionsPayload,
  OpenJudicialReviewPayload,
  ReportProsecutionOutcomePayload,
  RequestDomesticProsecutionPayload,
  SubmitViewsPayload,
  SurrenderPayload,
} from './payloads/extradition.payloads';
import { ExtraditionJob } from './extradition.constants';

/*
 * The expected lifecycle, transcribed by hand from DOMAIN.md 4.5 (extradition with provisional arrest,
 * art. 37) and 3.9, with the engine's documented choices where the sheet leaves room. It is deliberately
 * NOT derived from `extraditionMachine`: the machine is checked against it.
 *
 * Choices beyond the DOMAIN.md 4.5 table:
 * - "(start)" is DRAFT. A formal request may follow a provisional-arrest request that was not (yet)
 *   executed, or come late after a lapse, so submit-formal-request applies from DRAFT, PA_REQUESTED,
 *   PA_EXECUTED and PA_LAPSED.
 * - Delivery (the queue puts the request in the counterpart's inbox) is the system side event `deliver`,
 *   after the provisional-arrest request or the formal request, and only while not yet delivered.
 * - Refusal goes through consultation first (UNTOC 16(16); API.md "Refusal goes through consultation
 *   first"): refuse applies from CONSULTATION only, although the 4.5 table lists UNDER_JUDICIAL_REVIEW too.
 * - Accessory offences (UNTOC 16(2)) and the requester's views (UNTOC 16(16)) are side events.
 * - "R then Q" of the referral: R asks (request-domestic-prosecution, only after a refusal solely for
 *   nationality), Q reports the final outcome (report-prosecution-outcome, Budapest 24(6)), which closes.
 * - "any -> WITHDRAWN" is read as in the MLA channel: while the proceedings run, after DRAFT (never sent).
 *   Outcomes close through `close` (PA_LAPSED, REFUSED, SURRENDERED); a referral ends with its outcome.
 * - Decisions (grant, refuse, consultation, accessory offences) belong to the requested approver;
 *   seizing the courts and the handover to the requested officer; executing the arrest and reporting the
 *   prosecution's outcome to either.
 */
const STATES = [
  'DRAFT',
  'PA_REQUESTED',
  'PA_EXECUTED',
  'PA_LAPSED',
  'FORMAL_REQUEST_SUBMITTED',
  'UNDER_JUDICIAL_REVIEW',
  'CONSULTATION',
  'GRANTED',
  'GRANTED_CONDITIONAL',
  'REFUSED',
  'REFERRED_FOR_DOMESTIC_PROSECUTION',
  'SURRENDERED',
  'WITHDRAWN',
  'CLOSED',
] as const;
type State = (typeof STATES)[number];

const TERMINAL: readonly State[] = ['WITHDRAWN', 'CLOSED'];

/** Sent, and neither decided nor lapsed nor handed over. */
const WITHDRAWABLE: readonly State[] = [
  'PA_REQUESTED',
  'PA_EXECUTED',
  'FORMAL_REQUEST_SUBMITTED',
  'UNDER_JUDICIAL_REVIEW',
  'CONSULTATION',
  'GRANTED',
  'GRANTED_CONDITIONAL',
];

/** Outcomes the requesting side closes. */
const CLOSABLE: readonly State[] = ['SURRENDERED', 'REFUSED', 'PA_LAPSED'];

/** The requested State decides: under judicial review, or consulting before a refusal. */
const DECIDING: readonly State[] = ['UNDER_JUDICIAL_REVIEW', 'CONSULTATION'];

const requestingOfficer: [Side, UserRole] = ['requesting', 'officer'];
const requestedOfficer: [Side, UserRole] = ['requested', 'officer'];
const requestedApprover: [Side, UserRole] = ['requested', 'approver'];

const EXPECTED: Record<string, ExpectedAction<State>> = {
  'request-provisional-arrest': {
    from: ['DRAFT'],
    to: ['PA_REQUESTED'],
    users: [requestingOfficer],
    system: false,
  },
  deliver: { from: ['PA_REQUESTED', 'FORMAL_REQUEST_SUBMITTED'], to: [], users: [], system: true },
  'execute-provisional-arrest': {
    from: ['PA_REQUESTED'],
    to: ['PA_EXECUTED'],
    users: [requestedOfficer, requestedApprover],
    system: false,
  },
  lapse: { from: ['PA_EXECUTED'], to: ['PA_LAPSED'], users: [], system: true },
  'submit-formal-request': {
    from: ['DRAFT', 'PA_REQUESTED', 'PA_EXECUTED', 'PA_LAPSED'],
    to: ['FORMAL_REQUEST_SUBMITTED'],
    users: [requestingOfficer],
    system: false,
  },
  'open-judicial-review': {
    from: ['FORMAL_REQUEST_SUBMITTED'],
    to: ['UNDER_JUDICIAL_REVIEW'],
    users: [requestedOfficer],
    system: false,
  },
  'accept-accessory-offences': { from: DECIDING, to: [], users: [requestedApprover], system: false },
  'open-consultation': {
    from: ['UNDER_JUDICIAL_REVIEW'],
    to: ['CONSULTATION'],
    users: [requestedApprover],
    system: false,
  },
  'submit-views': { from: ['CONSULTATION'], to: [], users: [requestingOfficer], system: false },
  grant: { from: DECIDING, to: ['GRANTED'], users: [requestedApprover], system: false },
  'grant-with-conditions': {
    from: DECIDING,
    to: ['GRANTED_CONDITIONAL'],
    users: [requestedApprover],
    system: false,
  },
  refuse: { from: ['CONSULTATION'], to: ['REFUSED'], users: [requestedApprover], system: false },
  'request-domestic-prosecution': {
    from: ['REFUSED'],
    to: ['REFERRED_FOR_DOMESTIC_PROSECUTION'],
    users: [requestingOfficer],
    system: false,
  },
  'report-prosecution-outcome': {
    from: ['REFERRED_FOR_DOMESTIC_PROSECUTION'],
    to: ['CLOSED'],
    users: [requestedOfficer, requestedApprover],
    system: false,
  },
  surrender: {
    from: ['GRANTED', 'GRANTED_CONDITIONAL'],
    to: ['SURRENDERED'],
    users: [requestedOfficer],
    system: false,
  },
  close: { from: CLOSABLE, to: ['CLOSED'], users: [requestingOfficer], system: false },
  withdraw: { from: WITHDRAWABLE, to: ['WITHDRAWN'], users: [requestingOfficer], system: false },
};
const SIDE_EVENTS = ['deliver', 'accept-accessory-offences', 'submit-views'];
const ACTIONS = Object.keys(EXPECTED);

const at = NOW.toISOString();

/** The requested State of these cases gives 40 days for the formal request after a provisional arrest. */
const SETTINGS: TimerSettings = { ...TIMER_SETTINGS, provisionalArrestDays: 40 };

/** A principal offence punishable by two years in both States, with dual criminality. */
const PRINCIPAL = {
  description: 'Illegal access to a hospital network',
  requestingStateProvision: 'Penal Code (VNM) art. 289',
  requestedStateProvision: 'StGB (AUT) § 118a',
  maxPenaltyMonthsRequesting: 24,
  maxPenaltyMonthsRequested: 24,
  dualCriminality: true,
};
/** An accompanying offence below the one-year threshold (UNTOC 16(2)). */
const ACCESSORY = {
  description: 'Possession of a password list',
  requestingStateProvision: 'Penal Code (VNM) art. 291',
  requestedStateProvision: 'StGB (AUT) § 126c',
  maxPenaltyMonthsRequesting: 6,
  maxPenaltyMonthsRequested: 6,
  dualCriminality: true,
  accessory: true,
};

const fakeRequest = fakeRequestFor({
  channel: 'extradition',
  status: 'UNDER_JUDICIAL_REVIEW',
  version: 4,
  urgency: 'urgent',
  details: { offences: [PRINCIPAL, ACCESSORY] },
});
const rule = ruleOf(extraditionMachine);
const ctx = ctxFor({ settings: SETTINGS });

/** Runs `attempt` and returns what it threw (failing the test when it throws nothing). */
function thrown(attempt: () => void): unknown {
  try {
    attempt();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, nothing was thrown');
}

/**
 * Takes an action the way the engine does, without the database: the state, the availability condition,
 * the side and role, the guard, then the case file and the status.
 */
function take(request: CooperationRequest, action: string, payload: object, actor: Actor): void {
  const r = rule(action);
  expect(r.from).toContain(request.status);
  if (r.availableWhen) {
    expect(r.availableWhen.test(request)).toBe(true);
  }
  expect(mayTake(r, request, actor)).toBe(true);
  const c = ctx(request, payload, actor);
  r.guard?.(c);
  r.apply?.(c);
  if (!r.keepsStatus) {
    request.status = r.to[0];
  }
}

describe('extraditionMachine', () => {
  describe('states and actions', () => {
    it('should have exactly the states of DOMAIN.md 4.5, plus DRAFT', () => {
      expect(sorted(extraditionMachine.states)).toEqual(sorted(STATES));
      expect(sorted(Object.values(ExtraditionStatus))).toEqual(sorted(STATES));
    });

    it('should start in DRAFT and end in WITHDRAWN or CLOSED', () => {
      expect(extraditionMachine.channel).toBe('extradition');
      expect(extraditionMachine.initial).toBe('DRAFT');
      expect(sorted(extraditionMachine.terminal)).toEqual(sorted(TERMINAL));
    });

    it('should keep the status on side events and only on them', () => {
      const keeping = extraditionMachine.transitions.filter((t) => t.keepsStatus).map((t) => t.action);
      expect(sorted(keeping)).toEqual(sorted(SIDE_EVENTS));
    });

    it('should have exactly the expected actions, each defined once', () => {
      const actions = extraditionMachine.transitions.map((t) => t.action);
      expect(sorted(actions)).toEqual(sorted(ACTIONS));
      expect(new Set(actions).size).toBe(actions.length);
    });

    it('should name only known states in every rule', () => {
      for (const t of extraditionMachine.transitions) {
        for (const s of [...t.from, ...t.to]) {
          expect(STATES).toContain(s);
        }
      }
    });

    it('should give every action a single target, or none for side events', () => {
      for (const t of extraditionMachine.transitions) {
        expect(t.to).toHaveLength(t.keepsStatus ? 0 : 1);
        expect(t.pickTarget).toBeUndefined();
      }
    });

    it('should give every action a legal basis and a description', () => {
      for (const t of extraditionMachine.transitions) {
        expect(t.basis.length).toBeGreaterThan(0);
        expect(t.description.length).toBeGreaterThan(0);
      }
    });

    it('should cite UNCC art. 37 on every action but the domestic close', () => {
      const without = extraditionMachine.transitions.filter((t) => !t.basis.includes('UNCC art. 37'));
      expect(without.map((t) => t.action)).toEqual(['close']);
    });

    it.each([
      { action: 'request-provisional-arrest', cites: '16(9)' },
      { action: 'execute-provisional-arrest', cites: '16(9)' },
      { action: 'submit-formal-request', cites: '16(7)' },
      { action: 'accept-accessory-offences', cites: '16(2)' },
      { action: 'open-consultation', cites: '16(16)' },
      { action: 'submit-views', cites: '16(16)' },
      { action: 'grant-with-conditions', cites: '16(11)' },
      { action: 'refuse', cites: '(14)' },
      { action: 'refuse', cites: '(15)' },
      { action: 'request-domestic-prosecution', cites: '16(10)' },
      { action: 'request-domestic-prosecution', cites: '24(6)' },
      { action: 'report-prosecution-outcome', cites: '24(6)' },
    ])('should cite $cites in the basis of $action', ({ action, cites }) => {
      expect(rule(action).basis).toContain(cites);
    });
  });

  describeLifecycleTable(extraditionMachine, STATES, EXPECTED, () => fakeRequest());

  describe('who else may act', () => {
    it('should not let a user whose authority is on neither side take anything', () => {
      const nobody: Actor = { type: 'user', userId: 'u', authorityId: '', roles: ['officer', 'approver'] };
      for (const t of extraditionMachine.transitions) {
        expect(mayTake(t, fakeRequest(), nobody)).toBe(false);
      }
    });

    it('should let auditors take no action at all', () => {
      for (const t of extraditionMachine.transitions) {
        expect(t.actors.some((a) => a.roles.includes('auditor'))).toBe(false);
      }
    });

    it('should leave delivery and the lapse of a provisional arrest to the engine alone', () => {
      for (const action of ['deliver', 'lapse']) {
        expect(rule(action).actors).toEqual([]);
        expect(rule(action).system).toBe(true);
      }
      const systemActions = extraditionMachine.transitions.filter((t) => t.system).map((t) => t.action);
      expect(sorted(systemActions)).toEqual(['deliver', 'lapse']);
    });
  });

  describe('terminal and withdrawable states', () => {
    it.each(TERMINAL)('should offer no action, user or system, from terminal %s', (state) => {
      expect(
        extraditionMachine.transitions.filter((t) => t.from.includes(state)).map((t) => t.action),
      ).toEqual([]);
    });

    const nonTerminal = STATES.filter((s) => !TERMINAL.includes(s));
    it.each(nonTerminal)('should offer at least one way out of non-terminal %s', (state) => {
      expect(extraditionMachine.transitions.some((t) => t.from.includes(state) && !t.keepsStatus)).toBe(true);
    });

    it.each(
      nonTerminal.map((state) => ({
        state,
        withdrawable:
          state !== 'DRAFT' && !CLOSABLE.includes(state) && state !== 'REFERRED_FOR_DOMESTIC_PROSECUTION',
      })),
    )('should allow withdraw from $state: $withdrawable', ({ state, withdrawable }) => {
      expect(rule('withdraw').from.includes(state)).toBe(withdrawable);
    });

    it('should not allow withdrawing a DRAFT (it was never sent)', () => {
      expect(rule('withdraw').from).not.toContain('DRAFT');
    });

    it.each(CLOSABLE)('should close %s through close, by the requesting side', (state) => {
      const out = extraditionMachine.transitions.filter((t) => t.from.includes(state) && !t.keepsStatus);
      const ways = out.map((t) => t.action);
      expect(ways).toContain('close');
      expect(ways).not.toContain('withdraw');
      expect(rule('close').to).toEqual(['CLOSED']);
    });

    it('should end a referral only with the reported outcome of the prosecution', () => {
      const out = extraditionMachine.transitions.filter((t) =>
        t.from.includes('REFERRED_FOR_DOMESTIC_PROSECUTION'),
      );
      expect(out.map((t) => [t.action, t.to])).toEqual([['report-prosecution-outcome', ['CLOSED']]]);
    });

    it('should leave a lapsed provisional arrest to a late formal request or to closing', () => {
      const out = extraditionMachine.transitions.filter((t) => t.from.includes('PA_LAPSED'));
      expect(out.map((t) => t.action).sort()).toEqual(['close', 'submit-formal-request']);
    });

    it('should let the requested side refuse only after consulting the requesting side', () => {
      for (const state of STATES) {
        expect(rule('refuse').from.includes(state)).toBe(state === 'CONSULTATION');
      }
    });

    it('should offer a referral for domestic prosecution only after a refusal', () => {
      for (const state of STATES) {
        expect(rule('request-domestic-prosecution').from.includes(state)).toBe(state === 'REFUSED');
      }
    });

    it('should surrender only a person whose extradition was granted, with or without conditions', () => {
      const into = extraditionMachine.transitions.filter((t) => t.to.includes('SURRENDERED'));
      expect(into.map((t) => t.action)).toEqual(['surrender']);
      expect(sorted(rule('surrender').from)).toEqual(['GRANTED', 'GRANTED_CONDITIONAL']);
    });

    it('should reach every state from DRAFT', () => {
      expect(sorted(reachableStates(extraditionMachine))).toEqual(sorted(STATES));
    });
  });

  describe('payloads', () => {
    it('should validate each user action with its own payload class', () => {
      const payloads = Object.fromEntries(extraditionMachine.transitions.map((t) => [t.action, t.payload]));
      expect(payloads).toEqual({
        'request-provisional-arrest': EmptyPayload,
        deliver: undefined,
        'execute-provisional-arrest': ExecuteProvisionalArrestPayload,
        lapse: undefined,
        'submit-formal-request': EmptyPayload,
        'open-judicial-review': OpenJudicialReviewPayload,
        'accept-accessory-offences': AcceptAccessoryOffencesPayload,
        'open-consultation': ExtraditionConsultationPayload,
        'submit-views': SubmitViewsPayload,
        grant: EmptyPayload,
        'grant-with-conditions': GrantWithConditionsPayload,
        refuse: ExtraditionRefusePayload,
        'request-domestic-prosecution': RequestDomesticProsecutionPayload,
        'report-prosecution-outcome': ReportProsecutionOutcomePayload,
        surrender: SurrenderPayload,
        close: EmptyPayload,
        withdraw: WithdrawPayload,
      });
    });

    it('should know the treaty and domestic grounds of UNTOC 16(7), (10), (14), without FISCAL_ONLY', () => {
      expect(EXTRADITION_REFUSAL_GROUNDS).toContain('NATIONALITY');
      expect(EXTRADITION_REFUSAL_GROUNDS).toContain('DISCRIMINATORY_PURPOSE');
      expect(EXTRADITION_REFUSAL_GROUNDS).not.toContain('FISCAL_ONLY');
    });

    it('should let FISCAL_ONLY through validation so that the guard can name it', async () => {
      await expect(
        validatePayload(ExtraditionRefusePayload, { grounds: ['FISCAL_ONLY'], reasons: 'r' }),
      ).resolves.toBeInstanceOf(ExtraditionRefusePayload);
    });

    it.each([
      { body: { grounds: ['BANK_SECRECY'], reasons: 'r' }, fields: ['grounds'] },
      { body: { grounds: [], reasons: 'r' }, fields: ['grounds'] },
      { body: { grounds: ['NATIONALITY', 'NATIONALITY'], reasons: 'r' }, fields: ['grounds'] },
      { body: { grounds: ['NATIONALITY'] }, fields: ['reasons'] },
      { body: { grounds: ['NATIONALITY'], reasons: '' }, fields: ['reasons'] },
    ])('should reject the refusal $body naming $fields', async ({ body, fields }) => {
      const err = (await validatePayload(ExtraditionRefusePayload, body).catch((e: unknown) => e)) as
        ValidationFailedError | undefined;
      expect(err).toBeInstanceOf(ValidationFailedError);
      const named = (err?.details as { field: string }[]).map((d) => d.field.replace(/\[\d+\]$/, ''));
      expect([...new Set(named)]).toEqual(fields);
    });

    it.each([
      { offenceIndexes: [], valid: false },
      { offenceIndexes: [-1], valid: false },
      { offenceIndexes: [1.5], valid: false },
      { offenceIndexes: [1, 1], valid: false },
      { offenceIndexes: [0, 3], valid: true },
    ])(
      'should treat accessory offence indexes $offenceIndexes as valid=$valid',
      async ({ offenceIndexes, valid }) => {
        const attempt = validatePayload(AcceptAccessoryOffencesPayload, { offenceIndexes });
        if (valid) {
          await expect(attempt).resolves.toMatchObject({ offenceIndexes });
        } else {
          await expect(attempt).rejects.toBeInstanceOf(ValidationFailedError);
        }
      },
    );

    it.each([
      { measure: 'custody', valid: true },
      { measure: 'other-measures', valid: true },
      { measure: 'house-arrest', valid: false },
    ])('should treat the provisional-arrest measure $measure as valid=$valid', async ({ measure, valid }) => {
      const attempt = validatePayload(ExecuteProvisionalArrestPayload, { measure });
      if (valid) {
        await expect(attempt).resolves.toMatchObject({ measure });
      } else {
        await expect(attempt).rejects.toMatchObject({ details: [{ field: 'measure' }] });
      }
    });

    it.each([
      { body: { outcome: 'convicted', details: 'Three years' }, valid: true },
      { body: { outcome: 'pending', details: 'd' }, valid: false },
      { body: { outcome: 'acquitted' }, valid: false },
    ])('should treat the prosecution outcome $body as valid=$valid', async ({ body, valid }) => {
      const attempt = validatePayload(ReportProsecutionOutcomePayload, body);
      if (valid) {
        await expect(attempt).resolves.toMatchObject(body);
      } else {
        await expect(attempt).rejects.toBeInstanceOf(ValidationFailedError);
      }
    });

    it('should demand at least one condition to grant with conditions', async () => {
      await expect(validatePayload(GrantWithConditionsPayload, { conditions: [] })).rejects.toMatchObject({
        details: [{ field: 'conditions' }],
      });
    });
  });

  describe('guards and conditions on the case file', () => {
    it('should guard only the dossier submissions, accessory offences and refusal', () => {
      expect(sorted(extraditionMachine.transitions.filter((t) => t.guard).map((t) => t.action))).toEqual([
        'accept-accessory-offences',
        'refuse',
        'request-provisional-arrest',
        'submit-formal-request',
      ]);
    });

    it('should condition only delivery and the referral on the case file', () => {
      expect(
        sorted(extraditionMachine.transitions.filter((t) => t.availableWhen).map((t) => t.action)),
      ).toEqual(['deliver', 'request-domestic-prosecution']);
    });

    it('should demand a complete request only to send the provisional-arrest request or the formal request', () => {
      expect(
        sorted(extraditionMachine.transitions.filter((t) => t.requiresComplete).map((t) => t.action)),
      ).toEqual(['request-provisional-arrest', 'submit-formal-request']);
    });

    describe.each(['request-provisional-arrest', 'submit-formal-request'])(
      '%s (extraditable offences)',
      (action) => {
        it('should accept a principal offence with an accessory one', () => {
          expect(() => rule(action).guard?.(ctx(fakeRequest({ status: 'DRAFT' }), {}))).not.toThrow();
        });

        it('should reject a principal offence below one year with NOT_EXTRADITABLE naming the field', () => {
          const request = fakeRequest({
            status: 'DRAFT',
            details: { offences: [{ ...PRINCIPAL, maxPenaltyMonthsRequested: 11 }] },
          });
          const err = thrown(() => rule(action).guard?.(ctx(request, {}))) as ValidationFailedError;
          expect(err).toBeInstanceOf(ValidationFailedError);
          expect(err.code).toBe('NOT_EXTRADITABLE');
          expect((err.details as { field: string }[]).map((d) => d.field)).toEqual([
            'details.offences[0].maxPenaltyMonthsRequested',
          ]);
        });

        it('should reject an offence without dual criminality', () => {
          const request = fakeRequest({
            status: 'DRAFT',
            details: { offences: [PRINCIPAL, { ...ACCESSORY, dualCriminality: false }] },
          });
          expect(thrown(() => rule(action).guard?.(ctx(request, {})))).toMatchObject({
            code: 'NOT_EXTRADITABLE',
            details: [{ field: 'details.offences[1].dualCriminality' }],
          });
        });
      },
    );

    describe('refuse', () => {
      const forbidden = [
        { grounds: ['FISCAL_ONLY'], fields: ['grounds[0]'] },
        { grounds: ['NATIONALITY', 'FISCAL_ONLY'], fields: ['grounds[1]'] },
        { grounds: ['POLITICAL_OFFENCE', 'HUMAN_RIGHTS_RISK', 'FISCAL_ONLY'], fields: ['grounds[2]'] },
      ];

      it.each(forbidden)(
        'should reject grounds $grounds with FORBIDDEN_REFUSAL_GROUND naming $fields',
        ({ grounds, fields }) => {
          const err = thrown(() =>
            rule('refuse').guard?.(ctx(fakeRequest({ status: 'CONSULTATION' }), { grounds, reasons: 'r' })),
          ) as ForbiddenRefusalGroundError;
          expect(err).toBeInstanceOf(ForbiddenRefusalGroundError);
          expect(err.code).toBe('FORBIDDEN_REFUSAL_GROUND');
          expect(err.kind).toBe('invalid');
          const details = err.details as { field: string; messages: string[] }[];
          expect(details.map((d) => d.field)).toEqual(fields);
          for (const d of details) {
            expect(d.messages.join(' ')).toContain('FISCAL_ONLY');
            expect(d.messages.join(' ')).toContain('16(15)');
          }
          expect(err.message).toContain('FISCAL_ONLY');
        },
      );

      it.each(EXTRADITION_REFUSAL_GROUNDS)('should accept the ground %s', (ground) => {
        expect(() =>
          rule('refuse').guard?.(
            ctx(fakeRequest({ status: 'CONSULTATION' }), { grounds: [ground], reasons: 'r' }),
          ),
        ).not.toThrow();
      });

      it('should accept several lawful grounds together', () => {
        expect(() =>
          rule('refuse').guard?.(
            ctx(fakeRequest({ status: 'CONSULTATION' }), {
              grounds: ['NATIONALITY', 'DISCRIMINATORY_PURPOSE'],
              reasons: 'r',
            }),
          ),
        ).not.toThrow();
      });
    });

    describe('accept-accessory-offences', () => {
      const offences = [PRINCIPAL, ACCESSORY, { ...ACCESSORY, description: 'Second accessory' }];

      it.each([[[1]], [[2]], [[1, 2]]])('should accept the accessory offences %j', (offenceIndexes) => {
        const request = fakeRequest({ details: { offences } });
        expect(() =>
          rule('accept-accessory-offences').guard?.(ctx(request, { offenceIndexes })),
        ).not.toThrow();
      });

      it.each([
        { offenceIndexes: [0], named: '0' },
        { offenceIndexes: [1, 0], named: '0' },
        { offenceIndexes: [1, 7], named: '7' },
        { offenceIndexes: [0, 2, 3], named: '0, 3' },
      ])(
        'should refuse $offenceIndexes (not accessory or not an offence) naming offenceIndexes and $named',
        ({ offenceIndexes, named }) => {
          const request = fakeRequest({ details: { offences } });
          const err = thrown(() =>
            rule('accept-accessory-offences').guard?.(ctx(request, { offenceIndexes })),
          ) as ValidationFailedError;
          expect(err).toBeInstanceOf(ValidationFailedError);
          expect(err.details).toEqual([
            { field: 'offenceIndexes', messages: [`not accessory offences of this request: ${named}`] },
          ]);
        },
      );

      it('should refuse any index when the request lists no offences', () => {
        const request = fakeRequest({ details: {} });
        expect(() =>
          rule('accept-accessory-offences').guard?.(ctx(request, { offenceIndexes: [0] })),
        ).toThrow(ValidationFailedError);
      });
    });

    describe('deliver (only while not yet delivered)', () => {
      it.each([
        { deliveredAt: null, available: true },
        { deliveredAt: new Date('2026-02-01T00:00:00.000Z'), available: false },
      ])('should be available=$available when deliveredAt=$deliveredAt', ({ deliveredAt, available }) => {
        expect(
          rule('deliver').availableWhen?.test(fakeRequest({ status: 'PA_REQUESTED', deliveredAt })),
        ).toBe(available);
      });

      it('should say why a second delivery does nothing', () => {
        expect(rule('deliver').availableWhen?.reason).toMatch(/already delivered/);
      });
    });

    describe('request-domestic-prosecution (only after a refusal solely for nationality)', () => {
      const refused = (grounds: unknown): CooperationRequest =>
        fakeRequest({
          status: 'REFUSED',
          caseData: { refusal: { grounds, reasons: 'r', refusedAt: 'x' } as never },
        });

      it.each([
        { grounds: ['NATIONALITY'], available: true },
        { grounds: ['NATIONALITY', 'HUMAN_RIGHTS_RISK'], available: false },
        { grounds: ['HUMAN_RIGHTS_RISK', 'NATIONALITY'], available: false },
        { grounds: ['POLITICAL_OFFENCE'], available: false },
        { grounds: [], available: false },
        { grounds: 'NATIONALITY', available: false },
      ])('should be available=$available after a refusal on $grounds', ({ grounds, available }) => {
        expect(rule('request-domestic-prosecution').availableWhen?.test(refused(grounds))).toBe(available);
      });

      it('should not be available without a recorded refusal', () => {
        const rule_ = rule('request-domestic-prosecution');
        expect(rule_.availableWhen?.test(fakeRequest({ status: 'REFUSED', caseData: {} }))).toBe(false);
        expect(rule_.availableWhen?.reason).toContain('nationality');
      });
    });
  });

  describe('apply (what each action writes to the case file)', () => {
    const cases: ApplyCase[] = [
      {
        action: 'request-provisional-arrest',
        actor: user('requesting', 'officer'),
        expected: { submittedAt: NOW, caseData: {} },
      },
      { action: 'deliver', actor: SYSTEM, before: { deliveredAt: null }, expected: { deliveredAt: NOW } },
      {
        action: 'execute-provisional-arrest',
        payload: { measure: 'custody' },
        expected: {
          caseData: {
            provisionalArrest: {
              measure: 'custody',
              executedAt: at,
              formalRequestDueAt: plus(40).toISOString(),
            },
          },
        },
      },
      {
        action: 'execute-provisional-arrest',
        payload: { measure: 'other-measures', details: 'Passport surrendered, daily reporting' },
        expected: {
          caseData: {
            provisionalArrest: {
              measure: 'other-measures',
              details: 'Passport surrendered, daily reporting',
              executedAt: at,
              formalRequestDueAt: plus(40).toISOString(),
            },
          },
        },
      },
      {
        action: 'lapse',
        actor: SYSTEM,
        before: {
          caseData: { provisionalArrest: { measure: 'custody', executedAt: 'e', formalRequestDueAt: 'd' } },
        },
        expected: {
          caseData: {
            provisionalArrest: { measure: 'custody', executedAt: 'e', formalRequestDueAt: 'd', lapsedAt: at },
          },
        },
      },
      {
        action: 'submit-formal-request',
        actor: user('requesting', 'officer'),
        expected: { submittedAt: NOW, caseData: { formalRequestAt: at } },
      },
      {
        action: 'submit-formal-request',
        actor: user('requesting', 'officer'),
        before: { submittedAt: new Date('2026-02-10T08:00:00.000Z') },
        expected: { submittedAt: new Date('2026-02-10T08:00:00.000Z'), caseData: { formalRequestAt: at } },
      },
      {
        action: 'open-judicial-review',
        payload: { court: 'Landesgericht für Strafsachen Wien', caseReference: '31 HR 12/26' },
        expected: {
          caseData: {
            judicialReview: {
              court: 'Landesgericht für Strafsachen Wien',
              caseReference: '31 HR 12/26',
              openedAt: at,
            },
          },
        },
      },
      { action: 'open-judicial-review', expected: { caseData: { judicialReview: { openedAt: at } } } },
      {
        action: 'accept-accessory-offences',
        payload: { offenceIndexes: [1] },
        expected: { caseData: { accessoryOffencesAccepted: { offenceIndexes: [1], at } } },
      },
      {
        action: 'open-consultation',
        payload: { reasons: 'The person is a national' },
        expected: {
          caseData: {
            consultation: { intendedOutcome: 'refuse', reasons: 'The person is a national', openedAt: at },
          },
        },
      },
      {
        action: 'submit-views',
        actor: user('requesting', 'officer'),
        payload: { views: 'We ask for domestic prosecution instead' },
        expected: { caseData: { views: [{ views: 'We ask for domestic prosecution instead', at }] } },
      },
      {
        action: 'submit-views',
        actor: user('requesting', 'officer'),
        payload: { views: 'Further evidence attached' },
        before: { caseData: { views: [{ views: 'first', at: 'a1' }] } },
        expected: {
          caseData: {
            views: [
              { views: 'first', at: 'a1' },
              { views: 'Further evidence attached', at },
            ],
          },
        },
      },
      { action: 'grant', expected: { caseData: { decision: { outcome: 'granted', at } } } },
      {
        action: 'grant-with-conditions',
        payload: { conditions: [{ type: 'OTHER', text: 'Return to serve the sentence' }] },
        expected: {
          caseData: {
            decision: { outcome: 'granted-with-conditions', at },
            conditions: { items: [{ type: 'OTHER', text: 'Return to serve the sentence' }], proposedAt: at },
          },
        },
      },
      {
        action: 'refuse',
        payload: { grounds: ['NATIONALITY'], reasons: 'Constitution bars extraditing nationals' },
        expected: {
          caseData: {
            refusal: {
              grounds: ['NATIONALITY'],
              reasons: 'Constitution bars extraditing nationals',
              refusedAt: at,
            },
          },
        },
      },
      {
        action: 'request-domestic-prosecution',
        actor: user('requesting', 'officer'),
        payload: { reasons: 'Aut dedere aut judicare' },
        expected: {
          caseData: {
            domesticProsecution: {
              requestedAt: at,
              reasons: 'Aut dedere aut judicare',
              outcomeReported: false,
            },
          },
        },
      },
      {
        action: 'report-prosecution-outcome',
        payload: { outcome: 'convicted', details: 'Three years' },
        before: {
          caseData: { domesticProsecution: { requestedAt: 'r', reasons: 'why', outcomeReported: false } },
        },
        expected: {
          caseData: {
            domesticProsecution: {
              requestedAt: 'r',
              reasons: 'why',
              outcome: 'convicted',
              details: 'Three years',
              outcomeReported: true,
              reportedAt: at,
            },
          },
        },
      },
      {
        action: 'surrender',
        payload: { arrangements: 'Vienna airport, escorted' },
        expected: { caseData: { surrender: { arrangements: 'Vienna airport, escorted', at } } },
      },
      { action: 'surrender', expected: { caseData: { surrender: { at } } } },
      { action: 'close', actor: user('requesting', 'officer'), expected: { caseData: { closedAt: at } } },
      {
        action: 'withdraw',
        actor: user('requesting', 'officer'),
        payload: { reasons: 'The person was arrested elsewhere' },
        expected: {
          caseData: { withdrawal: { reasons: 'The person was arrested elsewhere', withdrawnAt: at } },
        },
      },
    ];

    itAppliesCases(extraditionMachine, cases, {
      request: (before) => fakeRequest({ caseData: {}, submittedAt: null, ...before }),
      settings: SETTINGS,
    });

    it('should give every action an apply, none of which sets the status', () => {
      for (const t of extraditionMachine.transitions) {
        expect(t.apply).toBeDefined();
      }
      const request = fakeRequest({ status: 'UNDER_JUDICIAL_REVIEW' });
      for (const c of cases) {
        rule(c.action).apply?.(ctx(request, c.payload ?? {}, c.actor ?? user('requested', 'approver')));
        expect(request.status).toBe('UNDER_JUDICIAL_REVIEW');
      }
    });

    it('should count the formal-request deadline from the settings of the requested State', () => {
      const request = fakeRequest({ caseData: {} });
      rule('execute-provisional-arrest').apply?.(
        ctx(request, { measure: 'custody' }, user('requested', 'officer'), {
          settings: { ...SETTINGS, provisionalArrestDays: 60 },
        }),
      );
      expect(request.caseData.provisionalArrest?.formalRequestDueAt).toBe('2026-04-30T10:00:00.000Z');
    });

    it('should keep the lapse alongside what was recorded when the arrest was executed', () => {
      const request = fakeRequest({ caseData: {} });
      rule('execute-provisional-arrest').apply?.(ctx(request, { measure: 'custody' }));
      const later = plus(40);
      rule('lapse').apply?.(ctx(request, {}, SYSTEM, { now: later }));
      expect(request.caseData.provisionalArrest).toEqual({
        measure: 'custody',
        executedAt: at,
        formalRequestDueAt: later.toISOString(),
        lapsedAt: later.toISOString(),
      });
    });
  });

  describe('effects', () => {
    it('should schedule follow-up work exactly where the lifecycle needs it', () => {
      expect(scheduledJobs(extraditionMachine)).toEqual({
        'request-provisional-arrest': [[JobName.RequestDeliver, 'deliver', 'self']],
        'execute-provisional-arrest': [[ExtraditionJob.ProvisionalArrestLapse, 'lapse', 'self']],
        'submit-formal-request': [[JobName.RequestDeliver, 'deliver', 'self']],
      });
    });

    it('should deliver right away after either submission', () => {
      for (const action of ['request-provisional-arrest', 'submit-formal-request']) {
        expect(rule(action).effects).toEqual([{ job: JobName.RequestDeliver, systemAction: 'deliver' }]);
      }
    });

    it('should share one definition per job name (the engine finds an effect by its job)', () => {
      const byJob = new Map<string, EffectRule>();
      for (const t of extraditionMachine.transitions) {
        for (const e of t.effects ?? []) {
          const seen = byJob.get(e.job);
          if (seen) {
            expect(e).toBe(seen);
          }
          byJob.set(e.job, e);
        }
      }
      expect(sorted([...byJob.keys()])).toEqual(
        sorted([JobName.RequestDeliver, ExtraditionJob.ProvisionalArrestLapse]),
      );
    });

    it('should run every scheduled action as a system action of this machine, from where it was scheduled', () => {
      for (const t of extraditionMachine.transitions) {
        for (const e of t.effects ?? []) {
          const target = rule(e.systemAction);
          expect(target.system).toBe(true);
          for (const s of t.to) {
            expect(target.from).toContain(s);
          }
        }
      }
    });

    it.each([
      { days: 40, runAt: '2026-04-10T10:00:00.000Z' },
      { days: 60, runAt: '2026-04-30T10:00:00.000Z' },
      { days: 1, runAt: '2026-03-02T10:00:00.000Z' },
      { days: 0.5, runAt: '2026-03-01T22:00:00.000Z' },
    ])('should schedule the lapse at now + provisionalArrestDays ($days days: $runAt)', ({ days, runAt }) => {
      const effect = rule('execute-provisional-arrest').effects?.[0];
      const c = ctx(
        fakeRequest({ status: 'PA_REQUESTED' }),
        { measure: 'custody' },
        user('requested', 'officer'),
        {
          settings: { ...SETTINGS, provisionalArrestDays: days },
        },
      );
      expect(effect?.runAt?.(c as TransitionContext<never>)).toEqual(new Date(runAt));
    });

    it('should schedule the lapse exactly at the due date it records', () => {
      const r = rule('execute-provisional-arrest');
      const request = fakeRequest({ status: 'PA_REQUESTED', caseData: {} });
      const c = ctx(request, { measure: 'custody' }, user('requested', 'officer'));
      r.apply?.(c);
      const runAt = r.effects?.[0].runAt?.(c as TransitionContext<never>) as Date;
      expect(runAt.toISOString()).toBe(request.caseData.provisionalArrest?.formalRequestDueAt);
    });

    it('should show the lapse as a legal clock with the art. 37 basis', () => {
      const effect = rule('execute-provisional-arrest').effects?.[0];
      expect(effect?.timer?.label).toBe('Formal extradition request due');
      expect(effect?.timer?.basis).toContain('UNCC art. 37');
      expect(effect?.timer?.basis).toContain('16(9)');
      expect(effect?.when).toBeUndefined();
      expect(effect?.validWhile).toBeUndefined();
    });

    it('should let the lapse do nothing once the formal request arrived or the case moved on', () => {
      // The engine skips a job whose action no longer applies: only PA_EXECUTED lapses.
      for (const state of STATES) {
        expect(rule('lapse').from.includes(state)).toBe(state === 'PA_EXECUTED');
      }
    });
  });

  describe('whole cases, step by step', () => {
    const R = user('requesting', 'officer');
    const QO = user('requested', 'officer');
    const QA = user('requested', 'approver');

    function draft(): CooperationRequest {
      return fakeRequest({ status: 'DRAFT', submittedAt: null, deliveredAt: null, caseData: {} });
    }

    it('should go from provisional arrest through the formal request to surrender and close', () => {
      const r = draft();
      take(r, 'request-provisional-arrest', {}, R);
      take(r, 'deliver', {}, SYSTEM);
      expect(rule('deliver').availableWhen?.test(r)).toBe(false);
      take(r, 'execute-provisional-arrest', { measure: 'custody' }, QO);
      take(r, 'submit-formal-request', {}, R);
      expect(rule('deliver').availableWhen?.test(r)).toBe(false);
      take(r, 'open-judicial-review', {}, QO);
      take(r, 'accept-accessory-offences', { offenceIndexes: [1] }, QA);
      expect(r.status).toBe('UNDER_JUDICIAL_REVIEW');
      take(r, 'grant', {}, QA);
      take(r, 'surrender', {}, QO);
      take(r, 'close', {}, R);
      expect(r.status).toBe('CLOSED');
      expect(r.submittedAt).toEqual(NOW);
      expect(r.caseData.decision?.outcome).toBe('granted');
    });

    it('should refer a national for domestic prosecution and close on the reported outcome', () => {
      const r = draft();
      take(r, 'submit-formal-request', {}, R);
      take(r, 'deliver', {}, SYSTEM);
      take(r, 'open-judicial-review', { court: 'Court' }, QO);
      take(r, 'open-consultation', { reasons: 'The person is our national' }, QA);
      take(r, 'submit-views', { views: 'Please prosecute' }, R);
      expect(r.status).toBe('CONSULTATION');
      take(r, 'refuse', { grounds: ['NATIONALITY'], reasons: 'Nationals are not extradited' }, QA);
      take(r, 'request-domestic-prosecution', { reasons: 'UNTOC 16(10)' }, R);
      take(r, 'report-prosecution-outcome', { outcome: 'convicted', details: 'Two years' }, QA);
      expect(r.status).toBe('CLOSED');
      expect(r.caseData.domesticProsecution).toMatchObject({ outcomeReported: true, outcome: 'convicted' });
    });

    it('should let a provisional arrest lapse and the requesting side close the case', () => {
      const r = draft();
      take(r, 'request-provisional-arrest', {}, R);
      take(r, 'deliver', {}, SYSTEM);
      take(r, 'execute-provisional-arrest', { measure: 'other-measures' }, QA);
      take(r, 'lapse', {}, SYSTEM);
      expect(r.status).toBe('PA_LAPSED');
      take(r, 'close', {}, R);
      expect(r.status).toBe('CLOSED');
    });

    it('should refuse a fiscal-only refusal and leave the case in consultation', () => {
      const r = fakeRequest({ status: 'CONSULTATION', caseData: {} });
      expect(() => take(r, 'refuse', { grounds: ['FISCAL_ONLY'], reasons: 'tax' }, QA)).toThrow(
        ForbiddenRefusalGroundError,
      );
      expect(r.status).toBe('CONSULTATION');
      expect(r.caseData.refusal).toBeUndefined();
    });
  });
});
