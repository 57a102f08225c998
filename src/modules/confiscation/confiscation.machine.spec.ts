import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import type { UserRole } from '@/common/auth/authority-kind';
import { validatePayload } from '@/common/validation/validate-payload';
import { describeLifecycleTable, type ExpectedAction } from '@/test-utils/lifecycle-table';
import {
  type ApplyCase,
  ctx,
  fakeRequestFor,
  itAppliesCases,
  NOW,
  plus,
  reachableStates,
  ruleOf,
  scheduledJobs,
  sorted,
  trigger,
  user,
} from '@/test-utils/machine-fixtures';
import { ForbiddenRefusalGroundError, JobName, type Side } from '@/workflows';
import { ConfiscationJob } from './confiscation.constants';
import { confiscationMachine } from './confiscation.machine';
import { ConfiscationStatus } from './confiscation.states';
import {
  DecideDisposalPayload,
  ConfiscationRefusePayload,
  ProposeLiftPayload,
  RequestConfiscationPayload,
} from './payloads/confiscation.payloads';

/*
 * The expected lifecycle, transcribed by hand from DOMAIN.md 4.8 and 3.14 (arts 49-52 with the UNTOC 13 and 14
 * templates). It is deliberately NOT derived from `confiscationMachine`: the machine is checked against it.
 *
 * Choices beyond the DOMAIN.md 4.8 line:
 * - The draft starts at FREEZE_REQUESTED or, for a request that goes directly to confiscation, at
 *   CONFISCATION_REQUESTED (submit picks by details.measure); delivery is a side event, once.
 * - Consultation before refusal (art. 40, UNTOC 18(26)) and requests for information (UNTOC 18(16)) are side
 *   events of the two deciding states (FREEZE_REQUESTED, UNDER_REVIEW); refuse needs a consultation opened
 *   in the same state.
 * - LIFT_PROPOSED: the requesting State argues once (side event); the period's end and a reminder before it
 *   are system side events; lift needs the requesting State's reasons or the period's end.
 * - obtain-order serves type 1a, recognise-order type 1b; disposal waits for every third-party claim.
 * - Status enquiries and deadline reminders as in MLA (art. 40 applies mutatis mutandis).
 */
const STATES = [
  'DRAFT',
  'FREEZE_REQUESTED',
  'FROZEN',
  'LIFT_PROPOSED',
  'LIFTED',
  'CONFISCATION_REQUESTED',
  'UNDER_REVIEW',
  'ORDER_OBTAINED',
  'ORDER_RECOGNISED',
  'ENFORCED',
  'DISPOSAL_DECIDED',
  'REFUSED',
  'WITHDRAWN',
  'CLOSED',
] as const;
type State = (typeof STATES)[number];

const TERMINAL: readonly State[] = ['CLOSED', 'WITHDRAWN'];
const DECIDING: readonly State[] = ['FREEZE_REQUESTED', 'UNDER_REVIEW'];
const HELD: readonly State[] = [
  'FROZEN',
  'LIFT_PROPOSED',
  'CONFISCATION_REQUESTED',
  'UNDER_REVIEW',
  'ORDER_OBTAINED',
  'ORDER_RECOGNISED',
  'ENFORCED',
];
const IN_HAND: readonly State[] = ['FREEZE_REQUESTED', ...HELD, 'DISPOSAL_DECIDED'];
const OPEN: readonly State[] = HELD.filter((s) => s !== 'ENFORCED').concat('FREEZE_REQUESTED');

const rOfficer: [Side, UserRole] = ['requesting', 'officer'];
const qOfficer: [Side, UserRole] = ['requested', 'officer'];
const qApprover: [Side, UserRole] = ['requested', 'approver'];
const sys = (from: readonly State[]): ExpectedAction<State> => ({ from, to: [], users: [], system: true });
const one = (from: readonly State[], to: State[], who: [Side, UserRole]): ExpectedAction<State> => ({
  from,
  to,
  users: [who],
  system: false,
});

const EXPECTED: Record<string, ExpectedAction<State>> = {
  submit: one(['DRAFT'], ['FREEZE_REQUESTED', 'CONFISCATION_REQUESTED'], rOfficer),
  deliver: sys(['FREEZE_REQUESTED', 'CONFISCATION_REQUESTED']),
  'request-information': one(DECIDING, [], qOfficer),
  'provide-information': one(DECIDING, [], rOfficer),
  freeze: one(['FREEZE_REQUESTED'], ['FROZEN'], qApprover),
  'open-consultation': one(DECIDING, [], qApprover),
  refuse: one(DECIDING, ['REFUSED'], qApprover),
  'propose-lift': one(['FROZEN'], ['LIFT_PROPOSED'], qApprover),
  'argue-against-lift': one(['LIFT_PROPOSED'], [], rOfficer),
  'end-argument-period': sys(['LIFT_PROPOSED']),
  'remind-lift-argument': sys(['LIFT_PROPOSED']),
  'keep-frozen': one(['LIFT_PROPOSED'], ['FROZEN'], qApprover),
  lift: one(['LIFT_PROPOSED'], ['LIFTED'], qApprover),
  'request-confiscation': one(['FROZEN'], ['CONFISCATION_REQUESTED'], rOfficer),
  acknowledge: one(['CONFISCATION_REQUESTED'], ['UNDER_REVIEW'], qOfficer),
  'obtain-order': one(['UNDER_REVIEW'], ['ORDER_OBTAINED'], qApprover),
  'recognise-order': one(['UNDER_REVIEW'], ['ORDER_RECOGNISED'], qApprover),
  enforce: one(['ORDER_OBTAINED', 'ORDER_RECOGNISED'], ['ENFORCED'], qApprover),
  'decide-disposal': one(['ENFORCED'], ['DISPOSAL_DECIDED'], qApprover),
  close: one(['DISPOSAL_DECIDED', 'REFUSED', 'LIFTED'], ['CLOSED'], rOfficer),
  withdraw: one(OPEN, ['WITHDRAWN'], rOfficer),
  'record-third-party-claim': one(HELD, [], qOfficer),
  'resolve-third-party-claim': one(HELD, [], qApprover),
  'query-status': one(IN_HAND, [], rOfficer),
  'answer-status': one(IN_HAND, [], qOfficer),
  'remind-deadline': sys(IN_HAND),
  'remind-enquiry': sys(IN_HAND),
};
const STATUS_CHANGING = ['submit', 'freeze', 'refuse', 'propose-lift', 'keep-frozen', 'lift'].concat(
  'request-confiscation acknowledge obtain-order recognise-order enforce decide-disposal close withdraw'.split(
    ' ',
  ),
);

const PROPERTIES = [
  {
    description: 'Account AT61 1904 3002 3457 3201',
    kind: 'bank-account',
    estimatedValue: 250000,
    currency: 'EUR',
  },
  { description: 'Wallet bc1q…', kind: 'virtual-asset', location: 'Exchange in Vienna' },
];
const ORDER = {
  issuingAuthority: 'Hanoi People’s Court',
  reference: 'QD-7/2026',
  issuedOn: '2026-02-10T00:00:00+07:00',
  copy: { name: 'order.pdf', sha256: 'a'.repeat(64), size: 2048 },
};
const ENFORCE_ORDER = {
  type: 'enforce-order',
  order: ORDER,
  extentOfExecution: 'The whole balance of the account',
  thirdPartyNotice: 'The account holder and the bank were served',
  orderIsFinal: true,
  returnRequest: { purpose: 'compensate-victims', particulars: '312 victims of the fraud' },
};
const at = NOW.toISOString();

const fakeRequest = fakeRequestFor({
  channel: 'confiscation',
  status: 'FROZEN',
  details: { measure: 'freeze-seize', properties: PROPERTIES, orderIssued: false },
  caseData: {},
});
const rule = ruleOf(confiscationMachine);

async function fieldsOf(cls: new () => object, body: object): Promise<string[]> {
  const err = (await validatePayload(cls, body).catch((e: unknown) => e)) as
    ValidationFailedError | undefined;
  expect(err).toBeInstanceOf(ValidationFailedError);
  return [...new Set((err?.details as { field: string }[]).map((d) => d.field))];
}

/** The field problems a guard refuses with. */
function thrown(f: () => void): { details: FieldProblem[]; problems: () => FieldProblem[] } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationFailedError);
    const details = (e as ValidationFailedError).details as FieldProblem[];
    return { details, problems: () => details };
  }
  throw new Error('expected the guard to refuse');
}

describe('confiscationMachine', () => {
  describe('states and actions', () => {
    it('should have exactly the states of DOMAIN.md 4.8, with WITHDRAWN and the draft', () => {
      expect(sorted(confiscationMachine.states)).toEqual(sorted(STATES));
      expect(sorted(Object.values(ConfiscationStatus))).toEqual(sorted(STATES));
      expect(confiscationMachine.initial).toBe('DRAFT');
      expect(sorted(confiscationMachine.terminal)).toEqual(sorted(TERMINAL));
    });

    it('should have exactly the expected actions, each defined once', () => {
      const actions = confiscationMachine.transitions.map((t) => t.action);
      expect(sorted(actions)).toEqual(sorted(Object.keys(EXPECTED)));
      expect(new Set(actions).size).toBe(actions.length);
    });

    it('should change the status only on the expected actions', () => {
      const changing = confiscationMachine.transitions.filter((t) => !t.keepsStatus).map((t) => t.action);
      expect(sorted(changing)).toEqual(sorted(STATUS_CHANGING));
    });

    it('should give every row a legal basis and keep the [GK] tags of DOMAIN.md 3.14', () => {
      for (const t of confiscationMachine.transitions) {
        expect(t.basis).toMatch(/UNCC art\. (36|40|50|52)/);
        expect(t.description.length).toBeGreaterThan(0);
      }
      for (const action of ['propose-lift', 'lift', 'decide-disposal', 'freeze', 'refuse']) {
        expect(rule(action).basis).toContain('[GK]');
      }
    });

    it.each([
      { action: 'freeze', cites: '50(2)' },
      { action: 'request-confiscation', cites: '50(1)(a)-(b)' },
      { action: 'obtain-order', cites: '13(1)(a)' },
      { action: 'recognise-order', cites: '13(1)(b)' },
      { action: 'decide-disposal', cites: 'UNTOC 14' },
      { action: 'record-third-party-claim', cites: '13(8)' },
      { action: 'open-consultation', cites: '18(26)' },
      { action: 'refuse', cites: 'minimal value' },
    ])('should cite $cites in the basis of $action', ({ action, cites }) => {
      expect(rule(action).basis).toContain(cites);
    });
  });

  describeLifecycleTable(confiscationMachine, STATES, EXPECTED, () => fakeRequest());

  describe('paths', () => {
    it.each(TERMINAL)('should offer no action from terminal %s', (state) => {
      expect(confiscationMachine.transitions.filter((t) => t.from.includes(state))).toEqual([]);
    });

    it('should reach every state from DRAFT', () => {
      expect(sorted(reachableStates(confiscationMachine))).toEqual(sorted(STATES));
    });

    it('should start at freezing or directly at confiscation, by details.measure', () => {
      const submit = rule('submit');
      expect(submit.pickTarget?.({}, fakeRequest())).toBe('FREEZE_REQUESTED');
      const direct = fakeRequest({ details: { measure: 'confiscation', properties: PROPERTIES } });
      expect(submit.pickTarget?.({}, direct)).toBe('CONFISCATION_REQUESTED');
    });

    it('should schedule delivery, the deadline reminders and the clocks of a proposal to lift', () => {
      expect(scheduledJobs(confiscationMachine)).toEqual({
        submit: [[JobName.RequestDeliver, 'deliver', 'self']],
        deliver: [[JobName.DeadlineRemind, 'remind-deadline', 'self']],
        'propose-lift': [
          [ConfiscationJob.LiftArgumentPeriodEnd, 'end-argument-period', 'self'],
          [ConfiscationJob.LiftArgumentReminder, 'remind-lift-argument', 'self'],
        ],
        'query-status': [[JobName.EnquiryRemind, 'remind-enquiry', 'self']],
      });
    });

    it('should deliver once: a confiscation request after a freeze is already in the inbox', () => {
      expect(rule('deliver').availableWhen?.test(fakeRequest({ deliveredAt: null }))).toBe(true);
      expect(rule('deliver').availableWhen?.test(fakeRequest())).toBe(false);
    });
  });

  describe('conditions on the case file', () => {
    const lift = (extra: object = {}) => ({
      liftProposals: [
        {
          grounds: ['MINIMAL_VALUE'],
          reasons: 'r',
          respondBy: plus(10).toISOString(),
          proposedAt: at,
          ...extra,
        },
      ],
    });

    it('should refuse only after a consultation opened in the same state (UNTOC 18(26))', () => {
      const test = rule('refuse').availableWhen?.test;
      const consulted = { intendedOutcome: 'refuse', reasons: 'r', openedAt: at, in: 'FREEZE_REQUESTED' };
      expect(test?.(fakeRequest({ status: 'FREEZE_REQUESTED', caseData: {} }))).toBe(false);
      expect(test?.(fakeRequest({ status: 'FREEZE_REQUESTED', caseData: { consultation: consulted } }))).toBe(
        true,
      );
      expect(test?.(fakeRequest({ status: 'UNDER_REVIEW', caseData: { consultation: consulted } }))).toBe(
        false,
      );
    });

    it('should lift only after the requesting State argued or its period ended (art. 50 [GK])', () => {
      const test = rule('lift').availableWhen?.test;
      expect(test?.(fakeRequest({ status: 'LIFT_PROPOSED', caseData: lift() }))).toBe(false);
      expect(test?.(fakeRequest({ caseData: lift({ periodEndedAt: at }) }))).toBe(true);
      expect(test?.(fakeRequest({ caseData: lift({ arguments: { position: 'p', arguedAt: at } }) }))).toBe(
        true,
      );
      expect(
        rule('argue-against-lift').availableWhen?.test(
          fakeRequest({ caseData: lift({ arguments: { position: 'p', arguedAt: at } }) }),
        ),
      ).toBe(false);
    });

    it('should offer the order of the requested type only', () => {
      const type1a = fakeRequest({
        caseData: { confiscation: { type: 'obtain-domestic-order', requestedAt: at } },
      });
      const type1b = fakeRequest({ caseData: { confiscation: { ...ENFORCE_ORDER, requestedAt: at } } });
      expect(rule('obtain-order').availableWhen?.test(type1a)).toBe(true);
      expect(rule('obtain-order').availableWhen?.test(type1b)).toBe(false);
      expect(rule('recognise-order').availableWhen?.test(type1b)).toBe(true);
      expect(rule('recognise-order').availableWhen?.test(type1a)).toBe(false);
    });

    it('should wait with the disposal until every third-party claim is decided (UNTOC 13(8))', () => {
      const claim = { claimant: 'Bank', interest: 'Pledge', receivedAt: at };
      const open = fakeRequest({ caseData: { thirdPartyClaims: [claim] } });
      const decided = fakeRequest({
        caseData: {
          thirdPartyClaims: [
            { ...claim, resolution: { outcome: 'DISMISSED', reasons: 'r', resolvedAt: at } },
          ],
        },
      });
      expect(rule('decide-disposal').availableWhen?.test(open)).toBe(false);
      expect(rule('decide-disposal').availableWhen?.test(decided)).toBe(true);
      expect(rule('resolve-third-party-claim').availableWhen?.test(open)).toBe(true);
      expect(rule('resolve-third-party-claim').availableWhen?.test(decided)).toBe(false);
    });

    it('should void the reminder once the requesting State argued, and both clocks for a later proposal', () => {
      const [end, reminder] = rule('propose-lift').effects ?? [];
      const t = trigger({ proposedAt: at });
      const argued = fakeRequest({ caseData: lift({ arguments: { position: 'p', arguedAt: at } }) });
      expect(end.validWhile?.(argued, t)).toBe(true);
      expect(reminder.validWhile?.(argued, t)).toBe(false);
      expect(reminder.validWhile?.(fakeRequest({ caseData: lift() }), t)).toBe(true);
      expect(end.validWhile?.(fakeRequest({ caseData: lift() }), trigger({ proposedAt: 'earlier' }))).toBe(
        false,
      );
      const r = fakeRequest({ caseData: lift() });
      expect(end.runAt?.(ctx(r) as never)).toEqual(plus(10));
      expect(reminder.runAt?.(ctx(r) as never)).toEqual([plus(7)]);
    });
  });

  describe('payloads and guards', () => {
    it.each([
      {
        cls: ConfiscationRefusePayload,
        body: { grounds: ['SECRECY'], reasons: 'r' },
        fields: ['grounds[0]'],
      },
      { cls: ConfiscationRefusePayload, body: { grounds: ['MINIMAL_VALUE'] }, fields: ['reasons'] },
      {
        cls: ProposeLiftPayload,
        body: { grounds: ['MINIMAL_VALUE'], reasons: 'r', respondBy: 'soon' },
        fields: ['respondBy'],
      },
      { cls: RequestConfiscationPayload, body: { type: 'seize-all' }, fields: ['type'] },
      {
        cls: RequestConfiscationPayload,
        body: { ...ENFORCE_ORDER, order: { ...ORDER, copy: { name: 'o', sha256: 'x' } } },
        fields: ['order.copy.sha256'],
      },
      {
        cls: DecideDisposalPayload,
        body: { outcome: 'SOLD', amount: 1, currency: 'EUR' },
        fields: ['outcome'],
      },
      {
        cls: DecideDisposalPayload,
        body: { outcome: 'SHARED', amount: -1, currency: 'eur' },
        fields: ['amount', 'currency'],
      },
    ])('should reject $body naming $fields', async ({ cls, body, fields }) => {
      expect(await fieldsOf(cls as new () => object, body)).toEqual(fields);
    });

    it('should reject bank secrecy and fiscal grounds with the engine error (UNTOC 18(8), (22))', () => {
      const f = () =>
        rule('refuse').guard?.(
          ctx(fakeRequest(), { grounds: ['MINIMAL_VALUE', 'BANK_SECRECY'], reasons: 'r' }),
        );
      expect(f).toThrow(ForbiddenRefusalGroundError);
    });

    it('should name the missing contents of a confiscation request made after a freeze', () => {
      const err = thrown(() =>
        rule('request-confiscation').guard?.(ctx(fakeRequest(), { type: 'enforce-order' })),
      );
      expect(err.problems().map((d) => d.field)).toEqual([
        'order',
        'extentOfExecution',
        'thirdPartyNotice',
        'orderIsFinal',
      ]);
      const a = thrown(() =>
        rule('request-confiscation').guard?.(ctx(fakeRequest(), { type: 'obtain-domestic-order' })),
      );
      expect(a.problems().map((d) => d.field)).toEqual(['factsForDomesticOrder']);
      expect(() => rule('request-confiscation').guard?.(ctx(fakeRequest(), ENFORCE_ORDER))).not.toThrow();
    });

    it('should name property that the request does not have', () => {
      const err = thrown(() => rule('freeze').guard?.(ctx(fakeRequest(), { properties: [0, 2] })));
      expect(err.details).toEqual([
        { field: 'properties', messages: ['not property of this request (it has 2): 2'] },
      ]);
    });

    it('should want respondBy in the future', () => {
      const err = thrown(() =>
        rule('propose-lift').guard?.(ctx(fakeRequest(), { respondBy: NOW.toISOString() })),
      );
      expect(err.problems()[0].field).toBe('respondBy');
    });

    it('should check that a disposal adds up and answers a requested return (art. 52)', () => {
      const asked = fakeRequest({ caseData: { confiscation: { ...ENFORCE_ORDER, requestedAt: at } } });
      const guard = (r: typeof asked, p: object) => thrown(() => rule('decide-disposal').guard?.(ctx(r, p)));
      expect(
        guard(asked, {
          outcome: 'RETAINED',
          amount: 10,
          currency: 'EUR',
          costsDeducted: [{ description: 'c', amount: 11 }],
        })
          .problems()
          .map((d) => d.field),
      ).toEqual(['costsDeducted', 'reasons']);
      expect(
        guard(fakeRequest(), { outcome: 'SHARED', amount: 10, currency: 'EUR' }).problems()[0].field,
      ).toBe('shares');
      expect(
        guard(fakeRequest(), {
          outcome: 'RETURNED_TO_REQUESTER',
          amount: 10,
          currency: 'EUR',
          shares: [{ recipient: 'AUT', amount: 1 }],
        }).problems()[0].field,
      ).toBe('shares');
      expect(() =>
        rule('decide-disposal').guard?.(
          ctx(asked, { outcome: 'RETURNED_TO_REQUESTER', amount: 10, currency: 'EUR' }),
        ),
      ).not.toThrow();
    });

    it('should decide only an open claim', () => {
      const r = fakeRequest({
        caseData: { thirdPartyClaims: [{ claimant: 'B', interest: 'i', receivedAt: at }] },
      });
      expect(() => rule('resolve-third-party-claim').guard?.(ctx(r, { claim: 0 }))).not.toThrow();
      expect(thrown(() => rule('resolve-third-party-claim').guard?.(ctx(r, { claim: 1 }))).details).toEqual([
        { field: 'claim', messages: ['not an open claim (open: 0)'] },
      ]);
    });
  });

  describe('case file writes', () => {
    const proposal = {
      grounds: ['MINIMAL_VALUE'],
      reasons: 'Worth little',
      respondBy: plus(10).toISOString(),
      proposedAt: '2026-02-20T00:00:00.000Z',
    };
    const cases: ApplyCase[] = [
      {
        action: 'submit',
        actor: user('requesting', 'officer'),
        before: {
          status: 'DRAFT',
          details: { measure: 'confiscation', properties: PROPERTIES, confiscation: ENFORCE_ORDER },
          caseData: {},
        },
        expected: {
          submittedAt: NOW,
          caseData: {
            confiscation: {
              ...ENFORCE_ORDER,
              order: { ...ORDER, issuedOn: '2026-02-09T17:00:00.000Z' },
              requestedAt: at,
            },
          },
        },
      },
      {
        action: 'freeze',
        before: { status: 'FREEZE_REQUESTED' },
        payload: {
          measureTaken: 'freezing',
          domesticOrder: { issuingAuthority: 'Court', reference: 'F-1' },
          properties: [1, 0],
        },
        expected: {
          caseData: {
            freezing: {
              measureTaken: 'freezing',
              domesticOrder: { issuingAuthority: 'Court', reference: 'F-1' },
              properties: [0, 1],
              frozenAt: at,
            },
          },
        },
      },
      {
        action: 'open-consultation',
        before: { status: 'UNDER_REVIEW' },
        payload: { grounds: ['EVIDENCE_NOT_SUFFICIENT'], reasons: 'No link to the offence' },
        expected: {
          caseData: {
            consultation: {
              intendedOutcome: 'refuse',
              grounds: ['EVIDENCE_NOT_SUFFICIENT'],
              reasons: 'No link to the offence',
              openedAt: at,
              in: 'UNDER_REVIEW',
            } as never,
          },
        },
      },
      {
        action: 'propose-lift',
        payload: {
          grounds: ['MINIMAL_VALUE'],
          reasons: 'Worth little',
          respondBy: '2026-03-11T12:00:00+02:00',
        },
        expected: {
          caseData: {
            liftProposals: [
              {
                grounds: ['MINIMAL_VALUE'],
                reasons: 'Worth little',
                respondBy: '2026-03-11T10:00:00.000Z',
                proposedAt: at,
              },
            ],
          },
        },
      },
      {
        action: 'argue-against-lift',
        actor: user('requesting', 'officer'),
        before: { status: 'LIFT_PROPOSED', caseData: { liftProposals: [proposal] } },
        payload: {
          position: 'The wallet holds more',
          items: [{ name: 'trace.pdf', sha256: 'b'.repeat(64) }],
        },
        expected: {
          caseData: {
            liftProposals: [
              {
                ...proposal,
                arguments: {
                  position: 'The wallet holds more',
                  items: [{ name: 'trace.pdf', sha256: 'b'.repeat(64) }],
                  arguedAt: at,
                },
              },
            ],
          },
        },
      },
      {
        action: 'end-argument-period',
        before: { status: 'LIFT_PROPOSED', caseData: { liftProposals: [proposal] } },
        expected: { caseData: { liftProposals: [{ ...proposal, periodEndedAt: at }] } },
      },
      {
        action: 'keep-frozen',
        before: { status: 'LIFT_PROPOSED', caseData: { liftProposals: [proposal] } },
        payload: { reasons: 'Convinced' },
        expected: {
          caseData: {
            liftProposals: [
              { ...proposal, decision: { outcome: 'kept', reasons: 'Convinced', decidedAt: at } },
            ],
          },
        },
      },
      {
        action: 'lift',
        before: { status: 'LIFT_PROPOSED', caseData: { liftProposals: [proposal] } },
        payload: { reasons: 'No answer' },
        expected: {
          caseData: {
            liftProposals: [
              { ...proposal, decision: { outcome: 'lifted', reasons: 'No answer', decidedAt: at } },
            ],
            liftedAt: at,
          },
        },
      },
      {
        action: 'request-confiscation',
        actor: user('requesting', 'officer'),
        payload: { type: 'obtain-domestic-order', factsForDomesticOrder: 'Transfers traced' },
        expected: {
          caseData: {
            confiscation: {
              type: 'obtain-domestic-order',
              factsForDomesticOrder: 'Transfers traced',
              requestedAt: at,
            },
          },
        },
      },
      {
        action: 'obtain-order',
        before: { status: 'UNDER_REVIEW' },
        payload: { order: { ...ORDER, issuedOn: undefined }, properties: [1] },
        expected: {
          caseData: {
            order: {
              kind: 'domestic',
              issuingAuthority: ORDER.issuingAuthority,
              reference: ORDER.reference,
              copy: ORDER.copy,
              extent: 'property 1',
              at,
            },
          },
        },
      },
      {
        action: 'recognise-order',
        before: { status: 'UNDER_REVIEW' },
        payload: {
          decision: { issuingAuthority: 'Court', reference: 'R-2' },
          extent: 'partial',
          limits: 'Not the wallet',
        },
        expected: {
          caseData: {
            order: {
              kind: 'recognised',
              issuingAuthority: 'Court',
              reference: 'R-2',
              extent: 'partial',
              limits: 'Not the wallet',
              at,
            },
          },
        },
      },
      {
        action: 'enforce',
        before: { status: 'ORDER_RECOGNISED' },
        payload: { summary: 'Balance transferred', realised: { amount: 240000, currency: 'EUR' } },
        expected: {
          caseData: {
            enforcement: {
              summary: 'Balance transferred',
              realised: { amount: 240000, currency: 'EUR' },
              enforcedAt: at,
            },
          },
        },
      },
      {
        action: 'decide-disposal',
        before: { status: 'ENFORCED', caseData: { confiscation: { ...ENFORCE_ORDER, requestedAt: at } } },
        payload: {
          outcome: 'RETURNED_TO_REQUESTER',
          amount: 240000,
          currency: 'EUR',
          costsDeducted: [
            { description: 'Bank fees', amount: 500 },
            { description: 'Court', amount: 1500 },
          ],
        },
        expected: {
          caseData: {
            confiscation: { ...ENFORCE_ORDER, requestedAt: at },
            disposal: {
              outcome: 'RETURNED_TO_REQUESTER',
              amount: 240000,
              currency: 'EUR',
              costsDeducted: [
                { description: 'Bank fees', amount: 500 },
                { description: 'Court', amount: 1500 },
              ],
              totalCosts: 2000,
              net: 238000,
              returnRequested: ENFORCE_ORDER.returnRequest,
              decidedAt: at,
            },
          },
        },
      },
      {
        action: 'record-third-party-claim',
        payload: { claimant: 'Bank', interest: 'Pledge over the account', properties: [0] },
        expected: {
          caseData: {
            thirdPartyClaims: [
              { claimant: 'Bank', interest: 'Pledge over the account', properties: [0], receivedAt: at },
            ],
          },
        },
      },
      {
        action: 'resolve-third-party-claim',
        before: {
          caseData: { thirdPartyClaims: [{ claimant: 'Bank', interest: 'Pledge', receivedAt: at }] },
        },
        payload: { claim: 0, outcome: 'UPHELD', reasons: 'Pledge registered before the offence' },
        expected: {
          caseData: {
            thirdPartyClaims: [
              {
                claimant: 'Bank',
                interest: 'Pledge',
                receivedAt: at,
                resolution: {
                  outcome: 'UPHELD',
                  reasons: 'Pledge registered before the offence',
                  resolvedAt: at,
                },
              },
            ],
          },
        },
      },
    ];
    itAppliesCases(confiscationMachine, cases, { request: (before) => fakeRequest(before) });
  });
});
