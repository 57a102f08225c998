import { ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import type { UserRole } from '@/common/auth/authority-kind';
import { describeLifecycleTable, type ExpectedAction } from '@/test-utils/lifecycle-table';
import {
  type ApplyCase,
  ctx,
  fakeRequestFor,
  itAppliesCases,
  NOW,
  REQUESTED_AUTHORITY,
  reachableStates,
  ruleOf,
  scheduledJobs,
  sorted,
  user,
} from '@/test-utils/machine-fixtures';
import { type Actor, EmptyPayload, JobName, mayTake, type Side } from '@/workflows';
import {
  CancelOfferPayload,
  DeclineConditionsPayload,
  LogUsePayload,
  NotifyExculpatoryDisclosurePayload,
  ReviseConditionsPayload,
  TransmitInformationPayload,
} from './payloads/spontaneous.payloads';
import { spontaneousMachine } from './spontaneous.machine';
import { SpontaneousStatus } from './spontaneous.states';

/*
 * The expected lifecycle, transcribed by hand from DOMAIN.md 4.9 (spontaneous information, arts 40 and 51)
 * and 3.2. It is deliberately NOT derived from `spontaneousMachine`: the machine is checked against it.
 *
 * Choices beyond the DOMAIN.md 4.9 line:
 * - OFFER_DRAFTED is DRAFT (the engine's drafts are edited while in the initial state, as in every channel);
 *   SENDER_DECIDES is CONDITIONS_DECLINED itself: the sender's decision is the next action.
 * - After a decline the sender transmits without the declined conditions (Budapest 26(2): "nonetheless"),
 *   offers again on other conditions (revise-conditions), or cancels.
 * - Delivery is the system side event `deliver`, once (a revised offer is already in the inbox).
 * - The exculpatory-disclosure notice of UNTOC 18(5) is a side event of the receiver holding the information.
 * - Decisions (accept, decline, transmit, revise, cancel) are approvers'; the offer, the account of use
 *   and closing are officers'.
 */
const STATES = [
  'DRAFT',
  'OFFERED',
  'CONDITIONS_ACCEPTED',
  'CONDITIONS_DECLINED',
  'TRANSMITTED',
  'USE_LOGGED',
  'CANCELLED',
  'CLOSED',
] as const;
type State = (typeof STATES)[number];

const TERMINAL: readonly State[] = ['CANCELLED', 'CLOSED'];
const HELD: readonly State[] = ['TRANSMITTED', 'USE_LOGGED'];

const senderOfficer: [Side, UserRole] = ['requesting', 'officer'];
const senderApprover: [Side, UserRole] = ['requesting', 'approver'];
const receiverOfficer: [Side, UserRole] = ['requested', 'officer'];
const receiverApprover: [Side, UserRole] = ['requested', 'approver'];

const EXPECTED: Record<string, ExpectedAction<State>> = {
  offer: { from: ['DRAFT'], to: ['OFFERED'], users: [senderOfficer], system: false },
  deliver: { from: ['OFFERED'], to: [], users: [], system: true },
  'accept-conditions': {
    from: ['OFFERED'],
    to: ['CONDITIONS_ACCEPTED'],
    users: [receiverApprover],
    system: false,
  },
  'decline-conditions': {
    from: ['OFFERED'],
    to: ['CONDITIONS_DECLINED'],
    users: [receiverApprover],
    system: false,
  },
  'revise-conditions': {
    from: ['CONDITIONS_DECLINED'],
    to: ['OFFERED'],
    users: [senderApprover],
    system: false,
  },
  transmit: { from: ['CONDITIONS_ACCEPTED'], to: ['TRANSMITTED'], users: [senderApprover], system: false },
  'transmit-without-conditions': {
    from: ['CONDITIONS_DECLINED'],
    to: ['TRANSMITTED'],
    users: [senderApprover],
    system: false,
  },
  cancel: {
    from: ['OFFERED', 'CONDITIONS_ACCEPTED', 'CONDITIONS_DECLINED'],
    to: ['CANCELLED'],
    users: [senderApprover],
    system: false,
  },
  'log-use': { from: HELD, to: ['USE_LOGGED'], users: [receiverOfficer], system: false },
  'notify-exculpatory-disclosure': { from: HELD, to: [], users: [receiverApprover], system: false },
  close: { from: HELD, to: ['CLOSED'], users: [senderOfficer], system: false },
};
const SIDE_EVENTS = ['deliver', 'notify-exculpatory-disclosure'];

const CONDITIONS = [
  { type: 'CONFIDENTIALITY', text: 'Keep the information and its source confidential' },
  { type: 'USE_LIMIT', text: 'Only for the investigation of the ransomware group' },
];
const DOCS = [{ name: 'chat-logs.zip', sha256: 'a'.repeat(64), size: 1024 }];
const at = NOW.toISOString();

const fakeRequest = fakeRequestFor({
  channel: 'spontaneous',
  status: 'OFFERED',
  details: { kind: 'criminal-matter', conditions: CONDITIONS },
  caseData: { conditions: { items: CONDITIONS, proposedAt: '2026-02-01T00:00:00.000Z' } },
});
const rule = ruleOf(spontaneousMachine);

describe('spontaneousMachine', () => {
  describe('states and actions', () => {
    it('should have exactly the states of DOMAIN.md 4.9 (OFFER_DRAFTED as DRAFT, SENDER_DECIDES merged)', () => {
      expect(sorted(spontaneousMachine.states)).toEqual(sorted(STATES));
      expect(sorted(Object.values(SpontaneousStatus))).toEqual(sorted(STATES));
    });

    it('should start in DRAFT and end in CANCELLED or CLOSED', () => {
      expect(spontaneousMachine.channel).toBe('spontaneous');
      expect(spontaneousMachine.initial).toBe('DRAFT');
      expect(sorted(spontaneousMachine.terminal)).toEqual(sorted(TERMINAL));
    });

    it('should have exactly the expected actions, each defined once', () => {
      const actions = spontaneousMachine.transitions.map((t) => t.action);
      expect(sorted(actions)).toEqual(sorted(Object.keys(EXPECTED)));
      expect(new Set(actions).size).toBe(actions.length);
    });

    it('should keep the status on side events and only on them', () => {
      const keeping = spontaneousMachine.transitions.filter((t) => t.keepsStatus).map((t) => t.action);
      expect(sorted(keeping)).toEqual(sorted(SIDE_EVENTS));
    });

    it('should give every action a single target, or none for side events', () => {
      for (const t of spontaneousMachine.transitions) {
        expect(t.to).toHaveLength(t.keepsStatus ? 0 : 1);
      }
    });

    it('should cite UNCC art. 40 on every action but the domestic close, and art. 51 on the offer', () => {
      const without = spontaneousMachine.transitions.filter((t) => !t.basis.includes('UNCC art. 40'));
      expect(without.map((t) => t.action)).toEqual(['close']);
      expect(rule('offer').basis).toContain('art. 51');
      for (const t of spontaneousMachine.transitions) {
        expect(t.description.length).toBeGreaterThan(0);
      }
    });

    it.each([
      { action: 'offer', cites: '18(4)' },
      { action: 'offer', cites: 'Budapest 26' },
      { action: 'accept-conditions', cites: '26(2)' },
      { action: 'decline-conditions', cites: '26(2)' },
      { action: 'transmit-without-conditions', cites: '26(2)' },
      { action: 'notify-exculpatory-disclosure', cites: '18(5)' },
    ])('should cite $cites in the basis of $action', ({ action, cites }) => {
      expect(rule(action).basis).toContain(cites);
    });
  });

  describeLifecycleTable(spontaneousMachine, STATES, EXPECTED, () => fakeRequest());

  describe('paths', () => {
    it.each(TERMINAL)('should offer no action from terminal %s', (state) => {
      expect(spontaneousMachine.transitions.filter((t) => t.from.includes(state))).toEqual([]);
    });

    it('should reach every state from DRAFT', () => {
      expect(sorted(reachableStates(spontaneousMachine))).toEqual(sorted(STATES));
    });

    it('should transmit only after the receiver answered the offer', () => {
      const into = spontaneousMachine.transitions.filter((t) => t.to.includes('TRANSMITTED'));
      expect(into.flatMap((t) => t.from).sort()).toEqual(['CONDITIONS_ACCEPTED', 'CONDITIONS_DECLINED']);
    });

    it('should not let the sender cancel once the information is transmitted', () => {
      for (const state of HELD) {
        expect(rule('cancel').from).not.toContain(state);
      }
    });

    it('should deliver once: the offer schedules delivery, the revision does not', () => {
      expect(scheduledJobs(spontaneousMachine)).toEqual({
        offer: [[JobName.RequestDeliver, 'deliver', 'self']],
      });
      const deliver = rule('deliver');
      expect(deliver.availableWhen?.test(fakeRequest({ deliveredAt: null }))).toBe(true);
      expect(deliver.availableWhen?.test(fakeRequest())).toBe(false);
    });

    it('should let no user outside the two sides take anything', () => {
      const nobody: Actor = { type: 'user', userId: 'u', authorityId: '', roles: ['officer', 'approver'] };
      for (const t of spontaneousMachine.transitions) {
        expect(mayTake(t, fakeRequest(), nobody)).toBe(false);
      }
    });
  });

  describe('payloads', () => {
    it('should validate each user action with its own payload class', () => {
      const payloads = Object.fromEntries(spontaneousMachine.transitions.map((t) => [t.action, t.payload]));
      expect(payloads).toEqual({
        offer: EmptyPayload,
        deliver: undefined,
        'accept-conditions': EmptyPayload,
        'decline-conditions': DeclineConditionsPayload,
        'revise-conditions': ReviseConditionsPayload,
        transmit: TransmitInformationPayload,
        'transmit-without-conditions': TransmitInformationPayload,
        cancel: CancelOfferPayload,
        'log-use': LogUsePayload,
        'notify-exculpatory-disclosure': NotifyExculpatoryDisclosurePayload,
        close: EmptyPayload,
      });
    });

    it.each([
      { cls: TransmitInformationPayload, body: { summary: 's', items: [] }, fields: ['items'] },
      {
        cls: TransmitInformationPayload,
        body: { summary: 's', items: [{ name: 'a', sha256: 'A'.repeat(64) }] },
        fields: ['items[0].sha256'],
      },
      { cls: TransmitInformationPayload, body: { items: DOCS }, fields: ['summary'] },
      { cls: DeclineConditionsPayload, body: { unacceptable: [0] }, fields: ['reasons'] },
      { cls: DeclineConditionsPayload, body: { reasons: 'r', unacceptable: [-1] }, fields: ['unacceptable'] },
      {
        cls: DeclineConditionsPayload,
        body: { reasons: 'r', unacceptable: [1, 1] },
        fields: ['unacceptable'],
      },
      { cls: ReviseConditionsPayload, body: { conditions: [] }, fields: ['conditions'] },
      {
        cls: ReviseConditionsPayload,
        body: { conditions: [{ type: 'SECRET', text: 't' }] },
        fields: ['conditions[0].type'],
      },
      { cls: LogUsePayload, body: { use: 'sold-it', details: 'd' }, fields: ['use'] },
      {
        cls: NotifyExculpatoryDisclosurePayload,
        body: { disclosure: 'd', disclosureDate: 'soon' },
        fields: ['disclosureDate'],
      },
      { cls: CancelOfferPayload, body: { reasons: '' }, fields: ['reasons'] },
    ])('should reject $body naming $fields', async ({ cls, body, fields }) => {
      const err = (await validatePayload(cls as new () => object, body).catch((e: unknown) => e)) as
        ValidationFailedError | undefined;
      expect(err).toBeInstanceOf(ValidationFailedError);
      expect([...new Set((err?.details as { field: string }[]).map((d) => d.field))]).toEqual(fields);
    });
  });

  describe('guards', () => {
    const decline = rule('decline-conditions');

    it('should accept a decline naming conditions of the offer, or none', () => {
      expect(() =>
        decline.guard?.(
          ctx(fakeRequest(), { reasons: 'r', unacceptable: [1] }, user('requested', 'approver')),
        ),
      ).not.toThrow();
      expect(() => decline.guard?.(ctx(fakeRequest(), { reasons: 'r' }))).not.toThrow();
    });

    it('should refuse a decline naming a condition the offer does not have, naming the field', () => {
      let err: unknown;
      try {
        decline.guard?.(ctx(fakeRequest(), { reasons: 'r', unacceptable: [0, 2] }));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValidationFailedError);
      expect((err as ValidationFailedError).details).toEqual([
        { field: 'unacceptable', messages: ['not conditions of this offer (it has 2): 2'] },
      ]);
    });
  });

  describe('case file writes', () => {
    const base = (before: Parameters<typeof fakeRequest>[0]) => fakeRequest(before);
    const received = { conditions: { items: CONDITIONS, proposedAt: '2026-02-01T00:00:00.000Z' } };
    const cases: ApplyCase[] = [
      {
        action: 'offer',
        actor: user('requesting', 'officer'),
        before: { status: 'DRAFT', submittedAt: null, deliveredAt: null, caseData: {} },
        expected: {
          submittedAt: NOW,
          caseData: { offeredAt: at, conditions: { items: CONDITIONS, proposedAt: at } },
        },
      },
      {
        action: 'deliver',
        before: { deliveredAt: null },
        expected: { deliveredAt: NOW },
      },
      {
        action: 'accept-conditions',
        actor: user('requested', 'approver'),
        expected: {
          caseData: {
            conditions: { ...received.conditions, acceptedAt: at },
            acceptedAt: at,
            binding: {
              boundAuthorityId: REQUESTED_AUTHORITY,
              conditions: CONDITIONS,
              arose: 'accepted',
              since: at,
              acceptedByUserId: 'user-requested',
            },
          },
        },
      },
      {
        action: 'decline-conditions',
        payload: { reasons: 'Our courts must see all evidence', unacceptable: [1, 0] },
        expected: {
          caseData: {
            ...received,
            declines: [
              {
                conditions: CONDITIONS,
                unacceptable: [0, 1],
                reasons: 'Our courts must see all evidence',
                declinedAt: at,
              },
            ],
          },
        },
      },
      {
        action: 'revise-conditions',
        payload: { conditions: [CONDITIONS[0]] },
        before: { status: 'CONDITIONS_DECLINED' },
        expected: { caseData: { conditions: { items: [CONDITIONS[0]], proposedAt: at } } },
      },
      {
        action: 'transmit',
        payload: { summary: 'Chat logs of the group', items: DOCS },
        before: { status: 'CONDITIONS_ACCEPTED' },
        expected: {
          caseData: {
            ...received,
            transmission: {
              summary: 'Chat logs of the group',
              items: DOCS,
              underConditions: true,
              transmittedAt: at,
            },
          },
        },
      },
      {
        action: 'transmit-without-conditions',
        payload: { summary: 'Chat logs', items: [{ name: 'x.pdf', sha256: 'b'.repeat(64) }] },
        before: { status: 'CONDITIONS_DECLINED' },
        expected: {
          caseData: {
            ...received,
            transmission: {
              summary: 'Chat logs',
              items: [{ name: 'x.pdf', sha256: 'b'.repeat(64) }],
              underConditions: false,
              transmittedAt: at,
            },
            binding: {
              boundAuthorityId: REQUESTED_AUTHORITY,
              conditions: [],
              arose: 'provided-nonetheless',
              since: at,
            },
          },
        },
      },
      {
        action: 'log-use',
        payload: { use: 'opened-investigation', details: 'Case opened', proceedingReference: 'W-1/26' },
        before: { status: 'TRANSMITTED' },
        expected: {
          caseData: {
            ...received,
            uses: [
              {
                use: 'opened-investigation',
                details: 'Case opened',
                proceedingReference: 'W-1/26',
                loggedAt: at,
              },
            ],
          },
        },
      },
      {
        action: 'notify-exculpatory-disclosure',
        payload: { disclosure: 'A log clears a co-accused', disclosureDate: '2026-04-01T09:00:00+02:00' },
        before: { status: 'USE_LOGGED' },
        expected: {
          caseData: {
            ...received,
            exculpatoryNotices: [
              {
                disclosure: 'A log clears a co-accused',
                disclosureDate: '2026-04-01T07:00:00.000Z',
                notifiedAt: at,
              },
            ],
          },
        },
      },
      {
        action: 'cancel',
        payload: { reasons: 'Our own case would be prejudiced' },
        expected: {
          caseData: {
            ...received,
            cancellation: { reasons: 'Our own case would be prejudiced', cancelledAt: at },
          },
        },
      },
      {
        action: 'close',
        before: { status: 'USE_LOGGED' },
        expected: { caseData: { ...received, closedAt: at } },
      },
    ];
    itAppliesCases(spontaneousMachine, cases, { request: base });

    it('should keep the binding on the case file when the case closes', () => {
      const r = fakeRequest({ status: 'OFFERED' });
      rule('accept-conditions').apply?.(ctx(r, {}, user('requested', 'approver')));
      const binding = structuredClone(r.caseData.binding);
      rule('transmit').apply?.(ctx(r, { summary: 's', items: DOCS }, user('requesting', 'approver')));
      rule('close').apply?.(ctx(r, {}, user('requesting', 'officer')));
      expect(r.caseData.binding).toEqual(binding);
      expect(r.caseData.binding?.conditions).toEqual(CONDITIONS);
    });
  });
});
