import { ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import type { UserRole } from '@/common/auth/authority-kind';
import { describeLifecycleTable, type ExpectedAction } from '@/test-utils/lifecycle-table';
import {
  type ApplyCase,
  ctx,
  DAY,
  fakeRequestFor,
  itAppliesCases,
  NOW,
  REQUESTED_AUTHORITY,
  REQUESTING_AUTHORITY,
  reachableStates,
  ruleOf,
  scheduledJobs,
  sorted,
  TIMER_SETTINGS,
  trigger,
  user,
} from '@/test-utils/machine-fixtures';
import { type Actor, EmptyPayload, JobName, mayTake, type Side, WithdrawPayload } from '@/workflows';
import {
  AcknowledgeReceiptPayload,
  AgreeTransferPayload,
  DeclineTransferPayload,
  ExecuteTransferPayload,
  RecordConsentPayload,
  RefuseConsentPayload,
  ReportOutcomePayload,
  VerifyConsentPayload,
} from './payloads/transfer.payloads';
import { TransferJob } from './transfer.constants';
import { proposalReminder } from './transfer.effects';
import { transferMachine } from './transfer.machine';
import { TransferStatus } from './transfer.states';

/*
 * The expected lifecycle, transcribed by hand from DOMAIN.md 4.6 (transfer of sentenced persons, art. 38,
 * and of proceedings, art. 39) and 3.10-3.11. It is deliberately NOT derived from `transferMachine`.
 *
 * Choices beyond the DOMAIN.md 4.6 line:
 * - The proposer is the requesting side; "both must agree" is the counterpart's `agree` (on terms, to
 *   AWAITING_CONFIRMATION) and the proposer's `confirm-agreement` (to AGREED).
 * - CONSENT_PENDING is entered from UNDER_CONSIDERATION only for a sentenced person whose consent the
 *   arrangement requires; recording it returns to UNDER_CONSIDERATION, a refusal ends it (DECLINED).
 * - Which of the two States records the consent (the sentencing State) or verifies it, acknowledges the
 *   receipt and reports the outcome (the administering / receiving State) depends on the proposer's role:
 *   the table lets both officers and a guard picks the side.
 * - The proposer may withdraw up to execution; DECLINED and WITHDRAWN are final, EXECUTED ends in CLOSED.
 * - A reminder when the proposal stays unanswered for the configured period (STATUS_ENQUIRY_REMINDER_DAYS).
 */
const STATES = [
  'DRAFT',
  'PROPOSED',
  'UNDER_CONSIDERATION',
  'CONSENT_PENDING',
  'AWAITING_CONFIRMATION',
  'AGREED',
  'DECLINED',
  'WITHDRAWN',
  'EXECUTED',
  'CLOSED',
] as const;
type State = (typeof STATES)[number];

const TERMINAL: readonly State[] = ['DECLINED', 'WITHDRAWN', 'CLOSED'];

const proposerOfficer: [Side, UserRole] = ['requesting', 'officer'];
const proposerApprover: [Side, UserRole] = ['requesting', 'approver'];
const counterOfficer: [Side, UserRole] = ['requested', 'officer'];
const counterApprover: [Side, UserRole] = ['requested', 'approver'];
const officers = [proposerOfficer, counterOfficer];

const EXPECTED: Record<string, ExpectedAction<State>> = {
  propose: { from: ['DRAFT'], to: ['PROPOSED'], users: [proposerOfficer], system: false },
  deliver: { from: ['PROPOSED'], to: [], users: [], system: true },
  consider: { from: ['PROPOSED'], to: ['UNDER_CONSIDERATION'], users: [counterOfficer], system: false },
  'remind-unanswered': { from: ['PROPOSED', 'UNDER_CONSIDERATION'], to: [], users: [], system: true },
  'seek-consent': { from: ['UNDER_CONSIDERATION'], to: ['CONSENT_PENDING'], users: officers, system: false },
  'record-consent': {
    from: ['CONSENT_PENDING'],
    to: ['UNDER_CONSIDERATION'],
    users: officers,
    system: false,
  },
  'refuse-consent': { from: ['CONSENT_PENDING'], to: ['DECLINED'], users: officers, system: false },
  'verify-consent': {
    from: ['UNDER_CONSIDERATION', 'AWAITING_CONFIRMATION', 'AGREED'],
    to: [],
    users: officers,
    system: false,
  },
  agree: {
    from: ['UNDER_CONSIDERATION'],
    to: ['AWAITING_CONFIRMATION'],
    users: [counterApprover],
    system: false,
  },
  'confirm-agreement': {
    from: ['AWAITING_CONFIRMATION'],
    to: ['AGREED'],
    users: [proposerApprover],
    system: false,
  },
  decline: {
    from: ['UNDER_CONSIDERATION', 'CONSENT_PENDING'],
    to: ['DECLINED'],
    users: [counterApprover],
    system: false,
  },
  withdraw: {
    from: ['PROPOSED', 'UNDER_CONSIDERATION', 'CONSENT_PENDING', 'AWAITING_CONFIRMATION', 'AGREED'],
    to: ['WITHDRAWN'],
    users: [proposerApprover],
    system: false,
  },
  execute: { from: ['AGREED'], to: ['EXECUTED'], users: officers, system: false },
  'acknowledge-receipt': { from: ['EXECUTED'], to: [], users: officers, system: false },
  'report-outcome': { from: ['EXECUTED'], to: [], users: officers, system: false },
  close: { from: ['EXECUTED'], to: ['CLOSED'], users: [proposerOfficer], system: false },
};
const SIDE_EVENTS = [
  'deliver',
  'remind-unanswered',
  'verify-consent',
  'acknowledge-receipt',
  'report-outcome',
];

const SENTENCED = {
  kind: 'sentenced-person',
  proposerRole: 'sentencing-state',
  consentRequired: true,
};
const PROCEEDINGS = { kind: 'proceedings', proposerRole: 'transferring-state' };
const CONSENT = {
  givenAt: '2026-02-20T09:00:00.000Z',
  givenBy: 'sentenced-person',
  obtainedHow: 'in-writing-before-judge',
  informedOfConsequences: true as const,
  recordedAt: '2026-02-21T00:00:00.000Z',
  recordedByAuthorityId: REQUESTING_AUTHORITY,
};
const FILE = [{ name: 'case-file-vol1.pdf', sha256: 'c'.repeat(64), size: 4096 }];
const at = NOW.toISOString();

const CONSENT_BODY = {
  givenAt: at,
  givenBy: 'sentenced-person',
  obtainedHow: 'other',
  informedOfConsequences: true,
};

const fakeRequest = fakeRequestFor({
  channel: 'transfer',
  status: 'UNDER_CONSIDERATION',
  details: SENTENCED,
  caseData: {},
});
const proceedings = (over: Parameters<typeof fakeRequest>[0] = {}) =>
  fakeRequest({ details: PROCEEDINGS, ...over });
const rule = ruleOf(transferMachine);

describe('transferMachine', () => {
  describe('states and actions', () => {
    it('should have exactly the states of DOMAIN.md 4.6 with the confirmation step and the two ends', () => {
      expect(sorted(transferMachine.states)).toEqual(sorted(STATES));
      expect(sorted(Object.values(TransferStatus))).toEqual(sorted(STATES));
    });

    it('should start in DRAFT and end in DECLINED, WITHDRAWN or CLOSED', () => {
      expect(transferMachine.channel).toBe('transfer');
      expect(transferMachine.initial).toBe('DRAFT');
      expect(sorted(transferMachine.terminal)).toEqual(sorted(TERMINAL));
    });

    it('should have exactly the expected actions, each defined once', () => {
      const actions = transferMachine.transitions.map((t) => t.action);
      expect(sorted(actions)).toEqual(sorted(Object.keys(EXPECTED)));
      expect(new Set(actions).size).toBe(actions.length);
    });

    it('should keep the status on side events and only on them', () => {
      const keeping = transferMachine.transitions.filter((t) => t.keepsStatus).map((t) => t.action);
      expect(sorted(keeping)).toEqual(sorted(SIDE_EVENTS));
    });

    it('should give every action a single target, or none for side events', () => {
      for (const t of transferMachine.transitions) {
        expect(t.to).toHaveLength(t.keepsStatus ? 0 : 1);
      }
    });

    it('should cite arts 38 and 39 on every action but the consent rows (art. 38) and the domestic close', () => {
      const without = transferMachine.transitions.filter(
        (t) => !(t.basis.includes('art. 38') && t.basis.includes('art. 39')),
      );
      expect(sorted(without.map((t) => t.action))).toEqual(
        sorted(['seek-consent', 'record-consent', 'refuse-consent', 'verify-consent', 'close']),
      );
      for (const t of transferMachine.transitions) {
        expect(t.description.length).toBeGreaterThan(0);
      }
    });

    it.each([
      { action: 'propose', cites: 'UNTOC 17' },
      { action: 'propose', cites: 'UNTOC 21' },
      { action: 'propose', cites: '[GK]' },
      { action: 'seek-consent', cites: '[GK]' },
      { action: 'record-consent', cites: 'CoE 1983 art. 7(1)' },
      { action: 'refuse-consent', cites: '[GK]' },
      { action: 'verify-consent', cites: 'CoE 1983 art. 7(2)' },
      { action: 'verify-consent', cites: '[GK]' },
      { action: 'report-outcome', cites: 'art. 15' },
      { action: 'withdraw', cites: '[DESIGN]' },
      { action: 'remind-unanswered', cites: '[DESIGN]' },
    ])('should cite $cites in the basis of $action', ({ action, cites }) => {
      expect(rule(action).basis).toContain(cites);
    });
  });

  describeLifecycleTable(transferMachine, STATES, EXPECTED, () => fakeRequest());

  describe('paths', () => {
    it.each(TERMINAL)('should offer no action from terminal %s', (state) => {
      expect(transferMachine.transitions.filter((t) => t.from.includes(state))).toEqual([]);
    });

    it('should reach every state from DRAFT', () => {
      expect(sorted(reachableStates(transferMachine))).toEqual(sorted(STATES));
    });

    it('should agree only when both States did: the counterpart agrees, the proposer confirms', () => {
      const into = transferMachine.transitions.filter((t) => t.to.includes('AGREED'));
      expect(into.map((t) => t.action)).toEqual(['confirm-agreement']);
      expect(rule('agree').to).toEqual(['AWAITING_CONFIRMATION']);
    });

    it('should execute only an agreed transfer, and withdraw only before execution', () => {
      const into = transferMachine.transitions.filter((t) => t.to.includes('EXECUTED'));
      expect(into.flatMap((t) => t.from)).toEqual(['AGREED']);
      expect(rule('withdraw').from).not.toContain('EXECUTED');
    });

    it('should schedule delivery and the unanswered-proposal reminder on the proposal, nothing else', () => {
      expect(scheduledJobs(transferMachine)).toEqual({
        propose: [
          [JobName.RequestDeliver, 'deliver', 'self'],
          [TransferJob.ProposalRemind, 'remind-unanswered', 'self'],
        ],
      });
    });

    it('should let no user outside the two sides take anything', () => {
      const nobody: Actor = { type: 'user', userId: 'u', authorityId: '', roles: ['officer', 'approver'] };
      for (const t of transferMachine.transitions) {
        expect(mayTake(t, fakeRequest(), nobody)).toBe(false);
      }
    });
  });

  describe('clock', () => {
    it("should remind the proposer after the State's period, as a legal clock with its basis", () => {
      const c = { ...ctx(fakeRequest({ status: 'PROPOSED' })), payload: undefined as never };
      expect(proposalReminder.runAt?.(c)).toEqual(new Date(NOW.getTime() + 14 * DAY));
      expect(proposalReminder.runsOn).toBe('requesting');
      expect(proposalReminder.timer?.basis).toContain('STATUS_ENQUIRY_REMINDER_DAYS');
      expect(TIMER_SETTINGS.statusEnquiryReminderDays).toBe(14);
    });

    it('should void the reminder once the counterpart agreed or sought consent', () => {
      const t = trigger({});
      expect(proposalReminder.validWhile?.(fakeRequest(), t)).toBe(true);
      expect(proposalReminder.validWhile?.(fakeRequest({ caseData: { consentSoughtAt: at } }), t)).toBe(
        false,
      );
      expect(
        proposalReminder.validWhile?.(
          fakeRequest({
            caseData: {
              agreement: {
                terms: 't',
                conditions: [],
                agreedAt: at,
                agreedByAuthorityId: REQUESTED_AUTHORITY,
              },
            } as never,
          }),
          t,
        ),
      ).toBe(false);
    });
  });

  describe('availability', () => {
    it('should seek consent only for a sentenced person whose consent is required and not yet recorded', () => {
      const seek = rule('seek-consent').availableWhen;
      expect(seek?.test(fakeRequest())).toBe(true);
      expect(seek?.test(fakeRequest({ caseData: { consent: CONSENT } as never }))).toBe(false);
      expect(seek?.test(fakeRequest({ details: { ...SENTENCED, consentRequired: false } }))).toBe(false);
      expect(seek?.test(proceedings())).toBe(false);
    });

    it('should not agree before the required consent, nor after a verification that did not confirm it', () => {
      const agree = rule('agree').availableWhen;
      expect(agree?.test(fakeRequest())).toBe(false);
      expect(agree?.test(fakeRequest({ caseData: { consent: CONSENT } as never }))).toBe(true);
      const unconfirmed = {
        consent: CONSENT,
        consentVerification: {
          verifiedAt: at,
          method: 'consul',
          verifiedBy: 'Consul',
          confirmed: false,
          recordedAt: at,
        },
      };
      expect(agree?.test(fakeRequest({ caseData: unconfirmed as never }))).toBe(false);
      expect(agree?.test(proceedings())).toBe(true);
    });

    it('should close and report only once the receiving State acknowledged, and acknowledge once', () => {
      const receipt = { receivedAt: at, domesticReference: 'R-1', authority: 'Prison', acknowledgedAt: at };
      const done = fakeRequest({ status: 'EXECUTED', caseData: { receipt } as never });
      const open = fakeRequest({ status: 'EXECUTED' });
      expect(rule('close').availableWhen?.test(open)).toBe(false);
      expect(rule('close').availableWhen?.test(done)).toBe(true);
      expect(rule('report-outcome').availableWhen?.test(done)).toBe(true);
      expect(rule('acknowledge-receipt').availableWhen?.test(done)).toBe(false);
      expect(rule('acknowledge-receipt').availableWhen?.test(open)).toBe(true);
    });
  });

  describe('guards', () => {
    const refusal = (fn: () => void): unknown => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const fields = (e: unknown): string[] =>
      ((e as ValidationFailedError).details as { field: string }[]).map((d) => d.field);

    // Both sides' officers are the rows' actors; which State may take each row, its details say (actorWhen).
    const may = (action: string, request: ReturnType<typeof fakeRequest>, side: Side) =>
      mayTake(rule(action), request, user(side, 'officer'));

    it('should let only the sentencing State record or refuse the consent', () => {
      for (const action of ['record-consent', 'refuse-consent']) {
        expect(may(action, fakeRequest(), 'requesting')).toBe(true);
        expect(may(action, fakeRequest(), 'requested')).toBe(false);
        const byAdministering = fakeRequest({
          details: { ...SENTENCED, proposerRole: 'administering-state' },
        });
        expect(may(action, byAdministering, 'requested')).toBe(true);
        expect(may(action, byAdministering, 'requesting')).toBe(false);
        expect(rule(action).actorWhen?.reason).toBe('Only the sentencing State may do this');
      }
    });

    it('should let only the administering / receiving State verify, acknowledge and report', () => {
      for (const action of ['verify-consent', 'acknowledge-receipt', 'report-outcome']) {
        expect(may(action, fakeRequest(), 'requested')).toBe(true);
        expect(may(action, fakeRequest(), 'requesting')).toBe(false);
      }
      const asking = proceedings({ details: { ...PROCEEDINGS, proposerRole: 'receiving-state' } });
      expect(may('acknowledge-receipt', asking, 'requesting')).toBe(true);
      expect(may('acknowledge-receipt', asking, 'requested')).toBe(false);
    });

    it.each([
      { request: () => fakeRequest(), payload: { terms: 't' }, named: ['enforcement'] },
      {
        request: () => proceedings(),
        payload: { terms: 't', enforcement: 'continued' },
        named: ['enforcement'],
      },
    ])('should refuse an agreement naming $named', ({ request, payload, named }) => {
      const e = refusal(() => rule('agree').guard?.(ctx(request(), payload)));
      expect(e).toBeInstanceOf(ValidationFailedError);
      expect(fields(e)).toEqual(named);
    });

    it.each([
      { request: () => fakeRequest(), payload: { executedAt: at }, named: ['place'] },
      {
        request: () => fakeRequest(),
        payload: { executedAt: at, place: 'Airport', fileItems: FILE },
        named: ['fileItems'],
      },
      { request: () => proceedings(), payload: { executedAt: at }, named: ['fileItems'] },
      {
        request: () => proceedings(),
        payload: { executedAt: at, fileItems: FILE, escort: 'Police' },
        named: ['escort'],
      },
    ])('should refuse an execution naming $named', ({ request, payload, named }) => {
      const e = refusal(() =>
        rule('execute').guard?.(ctx(request(), payload, user('requesting', 'officer'))),
      );
      expect(e).toBeInstanceOf(ValidationFailedError);
      expect(fields(e)).toEqual(named);
    });

    it('should refuse an outcome of the other kind of transfer', () => {
      const g = rule('report-outcome').guard;
      const e = refusal(() =>
        g?.(ctx(proceedings(), { outcome: 'escaped', details: 'd' }, user('requested', 'officer'))),
      );
      expect(fields(e)).toEqual(['outcome']);
      expect(
        refusal(() =>
          g?.(ctx(proceedings(), { outcome: 'convicted', details: 'd' }, user('requested', 'officer'))),
        ),
      ).toBeUndefined();
    });
  });

  describe('payloads', () => {
    it('should validate each user action with its own payload class', () => {
      const payloads = Object.fromEntries(transferMachine.transitions.map((t) => [t.action, t.payload]));
      expect(payloads).toEqual({
        propose: EmptyPayload,
        deliver: undefined,
        consider: EmptyPayload,
        'remind-unanswered': undefined,
        'seek-consent': EmptyPayload,
        'record-consent': RecordConsentPayload,
        'refuse-consent': RefuseConsentPayload,
        'verify-consent': VerifyConsentPayload,
        agree: AgreeTransferPayload,
        'confirm-agreement': EmptyPayload,
        decline: DeclineTransferPayload,
        withdraw: WithdrawPayload,
        execute: ExecuteTransferPayload,
        'acknowledge-receipt': AcknowledgeReceiptPayload,
        'report-outcome': ReportOutcomePayload,
        close: EmptyPayload,
      });
    });

    it.each([
      {
        cls: RecordConsentPayload,
        body: { ...CONSENT_BODY, informedOfConsequences: false },
        fields: ['informedOfConsequences'],
      },
      { cls: RecordConsentPayload, body: { ...CONSENT_BODY, givenAt: 'yesterday' }, fields: ['givenAt'] },
      { cls: RecordConsentPayload, body: { ...CONSENT_BODY, givenBy: 'the warden' }, fields: ['givenBy'] },
      { cls: RefuseConsentPayload, body: { refusedAt: at }, fields: ['obtainedHow'] },
      {
        cls: VerifyConsentPayload,
        body: { verifiedAt: at, method: 'phone', verifiedBy: 'x', confirmed: true },
        fields: ['method'],
      },
      { cls: AgreeTransferPayload, body: { terms: '' }, fields: ['terms'] },
      { cls: AgreeTransferPayload, body: { terms: 't', enforcement: 'ignored' }, fields: ['enforcement'] },
      { cls: DeclineTransferPayload, body: {}, fields: ['reasons'] },
      { cls: ExecuteTransferPayload, body: { executedAt: at, fileItems: [] }, fields: ['fileItems'] },
      {
        cls: ExecuteTransferPayload,
        body: { executedAt: at, fileItems: [{ name: 'a', sha256: 'x' }] },
        fields: ['fileItems[0].sha256'],
      },
      {
        cls: AcknowledgeReceiptPayload,
        body: { receivedAt: at, authority: 'a' },
        fields: ['domesticReference'],
      },
      {
        cls: ReportOutcomePayload,
        body: { outcome: 'executed-by-firing-squad', details: 'd' },
        fields: ['outcome'],
      },
    ])('should reject $body naming $fields', async ({ cls, body, fields }) => {
      const err = (await validatePayload(cls as new () => object, body).catch((e: unknown) => e)) as
        ValidationFailedError | undefined;
      expect(err).toBeInstanceOf(ValidationFailedError);
      expect([...new Set((err?.details as { field: string }[]).map((d) => d.field))]).toEqual(fields);
    });
  });

  describe('case file writes', () => {
    const base = (before: Parameters<typeof fakeRequest>[0]) => fakeRequest(before);
    const agreement = {
      terms: 'Continued enforcement in Vienna',
      conditions: [{ type: 'USE_LIMIT', text: 'No further prosecution for the same acts' }],
      enforcement: 'continued',
      plannedFor: '2026-04-01T08:00:00.000Z',
      agreedAt: '2026-03-01T10:00:00.000Z',
      agreedByAuthorityId: REQUESTED_AUTHORITY,
    };
    const cases: ApplyCase[] = [
      {
        action: 'propose',
        actor: user('requesting', 'officer'),
        before: { status: 'DRAFT', submittedAt: null },
        expected: { submittedAt: NOW, caseData: { proposedAt: at } },
      },
      { action: 'deliver', before: { deliveredAt: null }, expected: { deliveredAt: NOW } },
      { action: 'consider', expected: { caseData: { considerationStartedAt: at } } },
      { action: 'seek-consent', expected: { caseData: { consentSoughtAt: at } } },
      {
        action: 'record-consent',
        actor: user('requesting', 'officer'),
        payload: {
          ...CONSENT_BODY,
          givenAt: '2026-02-20T10:00:00+01:00',
          notes: 'Before the judge of Hanoi',
        },
        expected: {
          caseData: {
            consent: {
              givenAt: '2026-02-20T09:00:00.000Z',
              givenBy: 'sentenced-person',
              obtainedHow: 'other',
              informedOfConsequences: true,
              notes: 'Before the judge of Hanoi',
              recordedAt: at,
              recordedByAuthorityId: REQUESTING_AUTHORITY,
            },
          },
        },
      },
      {
        action: 'refuse-consent',
        payload: { refusedAt: '2026-02-20T09:00:00Z', obtainedHow: 'in-writing-before-official' },
        expected: {
          caseData: {
            consentRefusal: {
              refusedAt: '2026-02-20T09:00:00.000Z',
              obtainedHow: 'in-writing-before-official',
              recordedAt: at,
            },
            decline: {
              reasons: 'The sentenced person refused consent',
              declinedAt: at,
              consentRefused: true,
            },
          },
        },
      },
      {
        action: 'verify-consent',
        before: { caseData: { consent: CONSENT } as never },
        payload: {
          verifiedAt: '2026-02-25',
          method: 'consul',
          verifiedBy: 'Consul of Austria',
          confirmed: true,
        },
        expected: {
          caseData: {
            consent: CONSENT,
            consentVerification: {
              verifiedAt: '2026-02-25T00:00:00.000Z',
              method: 'consul',
              verifiedBy: 'Consul of Austria',
              confirmed: true,
              recordedAt: at,
            },
          },
        },
      },
      {
        action: 'agree',
        payload: {
          terms: agreement.terms,
          conditions: agreement.conditions,
          enforcement: 'continued',
          plannedFor: '2026-04-01T10:00:00+02:00',
        },
        expected: { caseData: { agreement, acceptedAt: at } },
      },
      {
        action: 'confirm-agreement',
        actor: user('requesting', 'approver'),
        before: { status: 'AWAITING_CONFIRMATION', caseData: { agreement } as never },
        expected: {
          caseData: {
            agreement: { ...agreement, confirmedAt: at, confirmedByAuthorityId: REQUESTING_AUTHORITY },
            conditions: { items: agreement.conditions, proposedAt: agreement.agreedAt, acceptedAt: at },
          },
        },
      },
      {
        action: 'decline',
        payload: { reasons: 'Less than six months remain' },
        expected: {
          caseData: {
            decline: { reasons: 'Less than six months remain', declinedAt: at, consentRefused: false },
          },
        },
      },
      {
        action: 'withdraw',
        payload: { reasons: 'The person was pardoned' },
        expected: { caseData: { withdrawal: { reasons: 'The person was pardoned', withdrawnAt: at } } },
      },
      {
        action: 'execute',
        payload: { executedAt: '2026-04-01T08:00:00Z', place: 'Vienna airport', escort: 'Two officers' },
        expected: {
          caseData: {
            execution: {
              executedAt: '2026-04-01T08:00:00.000Z',
              place: 'Vienna airport',
              escort: 'Two officers',
              recordedAt: at,
            },
          },
        },
      },
      {
        action: 'execute',
        before: { details: PROCEEDINGS },
        payload: { executedAt: '2026-04-01T08:00:00Z', fileItems: FILE },
        expected: {
          caseData: {
            execution: { executedAt: '2026-04-01T08:00:00.000Z', fileItems: FILE, recordedAt: at },
          },
        },
      },
      {
        action: 'acknowledge-receipt',
        payload: {
          receivedAt: '2026-04-01T12:00:00Z',
          domesticReference: 'StA Wien 1/26',
          authority: 'Prison',
        },
        expected: {
          caseData: {
            receipt: {
              receivedAt: '2026-04-01T12:00:00.000Z',
              domesticReference: 'StA Wien 1/26',
              authority: 'Prison',
              acknowledgedAt: at,
            },
          },
        },
      },
      {
        action: 'report-outcome',
        payload: { outcome: 'enforcement-completed', details: 'Released', outcomeDate: '2030-01-01' },
        expected: {
          caseData: {
            outcomes: [
              {
                outcome: 'enforcement-completed',
                details: 'Released',
                outcomeDate: '2030-01-01T00:00:00.000Z',
                reportedAt: at,
              },
            ],
          },
        },
      },
      {
        action: 'remind-unanswered',
        trigger: trigger({}, { runAt: NOW }),
        expected: {
          caseData: {
            reminders: [
              {
                kind: 'proposal-unanswered',
                dueAt: at,
                detail: 'The counterpart has not answered the transfer proposal',
                at,
              },
            ],
          },
        },
      },
      { action: 'close', expected: { caseData: { closedAt: at } } },
    ];
    itAppliesCases(transferMachine, cases, { request: base });
  });
});
