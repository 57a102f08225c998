import type { UserRole } from '@/common/auth/authority-kind';
import { DomainError, ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import { describeLifecycleTable, type ExpectedAction } from '@/test-utils/lifecycle-table';
import {
  ctx,
  fakeRequestFor,
  NOW,
  REQUESTED_AUTHORITY,
  REQUESTING_AUTHORITY,
  reachableStates,
  ruleOf,
  scheduledJobs,
  sorted,
} from '@/test-utils/machine-fixtures';
import { type Actor, type CooperationRequest, JobName, mayTake, type Side } from '@/workflows';
import { jointInvestigationChannel } from './joint-investigation.channel';
import type { JitCaseData } from './joint-investigation.case-data';
import { JitJob } from './joint-investigation.constants';
import { jointInvestigationMachine } from './joint-investigation.machine';
import { JitStatus } from './joint-investigation.states';
import { ProposeTermsPayload, RecordActivityPayload } from './payloads/joint-investigation.payloads';

/*
 * The expected lifecycle, transcribed by hand from DOMAIN.md 4.7 (joint investigation, art. 48) and 3.13.
 * It is deliberately NOT derived from `jointInvestigationMachine`: the machine is checked against it.
 *
 * Choices beyond the DOMAIN.md 4.7 line:
 * - More than two parties: the proposer is the requesting side, every invited State is on the requested
 *   side and acts for itself. NEGOTIATING starts when the first invited State joins; DECLINED only when
 *   no invited State is left; AGREEMENT_SIGNED when every party still in the team signed one version of
 *   the terms (a new version voids the signatures).
 * - EXTENDED is not a state: an extension is proposed and agreed by every party while the team is ACTIVE;
 *   the end moves when the last party agreed. A party may leave an active team; with none left it ends.
 * - The end of the agreed period is a legal clock (end-period, system); a reminder before it.
 * - EVALUATED: each party records its own evaluation; the proposer closes (after ENDED or EVALUATED).
 * - The proposer may withdraw until the team starts.
 */
const STATES = [
  'DRAFT',
  'PROPOSED',
  'NEGOTIATING',
  'AGREEMENT_SIGNED',
  'ACTIVE',
  'ENDED',
  'EVALUATED',
  'CLOSED',
  'DECLINED',
  'WITHDRAWN',
] as const;
type State = (typeof STATES)[number];

const TERMINAL: readonly State[] = ['CLOSED', 'DECLINED', 'WITHDRAWN'];

const leadOfficer: [Side, UserRole] = ['requesting', 'officer'];
const leadApprover: [Side, UserRole] = ['requesting', 'approver'];
const partyOfficer: [Side, UserRole] = ['requested', 'officer'];
const partyApprover: [Side, UserRole] = ['requested', 'approver'];

const EXPECTED: Record<string, ExpectedAction<State>> = {
  propose: { from: ['DRAFT'], to: ['PROPOSED'], users: [leadOfficer], system: false },
  deliver: { from: ['PROPOSED'], to: [], users: [], system: true },
  'join-negotiation': {
    from: ['PROPOSED', 'NEGOTIATING'],
    to: ['NEGOTIATING'],
    users: [partyApprover],
    system: false,
  },
  decline: {
    from: ['PROPOSED', 'NEGOTIATING'],
    to: ['PROPOSED', 'NEGOTIATING', 'AGREEMENT_SIGNED', 'DECLINED'],
    users: [partyApprover],
    system: false,
  },
  'propose-terms': { from: ['NEGOTIATING'], to: [], users: [leadApprover, partyApprover], system: false },
  'sign-agreement': {
    from: ['NEGOTIATING'],
    to: ['NEGOTIATING', 'AGREEMENT_SIGNED'],
    users: [leadApprover, partyApprover],
    system: false,
  },
  start: { from: ['AGREEMENT_SIGNED'], to: ['ACTIVE'], users: [leadApprover], system: false },
  'record-activity': { from: ['ACTIVE'], to: [], users: [leadOfficer, partyOfficer], system: false },
  'propose-extension': { from: ['ACTIVE'], to: [], users: [leadApprover, partyApprover], system: false },
  'agree-extension': { from: ['ACTIVE'], to: [], users: [leadApprover, partyApprover], system: false },
  'decline-extension': { from: ['ACTIVE'], to: [], users: [leadApprover, partyApprover], system: false },
  'remind-end': { from: ['ACTIVE'], to: [], users: [], system: true },
  leave: { from: ['ACTIVE'], to: ['ACTIVE', 'ENDED'], users: [partyApprover], system: false },
  end: { from: ['ACTIVE'], to: ['ENDED'], users: [leadApprover], system: false },
  'end-period': { from: ['ACTIVE'], to: ['ENDED'], users: [], system: true },
  evaluate: {
    from: ['ENDED', 'EVALUATED'],
    to: ['EVALUATED'],
    users: [leadApprover, partyApprover],
    system: false,
  },
  withdraw: {
    from: ['PROPOSED', 'NEGOTIATING', 'AGREEMENT_SIGNED'],
    to: ['WITHDRAWN'],
    users: [leadApprover],
    system: false,
  },
  close: { from: ['ENDED', 'EVALUATED'], to: ['CLOSED'], users: [leadOfficer], system: false },
};
const SIDE_EVENTS = [
  'deliver',
  'propose-terms',
  'record-activity',
  'propose-extension',
  'agree-extension',
  'decline-extension',
  'remind-end',
];

/** A further party of the team (Ghana, say), beyond the requested authority. */
const FURTHER = '99999999-0000-4000-8000-000000000009';
const at = NOW.toISOString();
const TERMS = {
  purpose: 'Identify the operators',
  startDate: '2026-03-01',
  endDate: '2026-08-31',
  members: [
    { partyAuthorityId: FURTHER, name: 'A. Mensah', function: 'Prosecutor', role: 'leader' as const },
  ],
};
const party = (authorityId: string, ...roles: UserRole[]): Actor => ({
  type: 'user',
  userId: `user-${authorityId.slice(0, 4)}`,
  authorityId,
  roles,
});
const lead = party(REQUESTING_AUTHORITY, 'officer', 'approver');
const invited = party(REQUESTED_AUTHORITY, 'officer', 'approver');
const further = party(FURTHER, 'officer', 'approver');

type Status = 'invited' | 'negotiating' | 'signed' | 'declined' | 'left';
const standing = (lead: Status, inv: Status, fur: Status): JitCaseData['parties'] => ({
  [REQUESTING_AUTHORITY]: { status: lead, since: at },
  [REQUESTED_AUTHORITY]: { status: inv, since: at },
  [FURTHER]: { status: fur, since: at },
});
const signature = (authorityId: string) => ({ authorityId, userId: 'u', signedAt: at });

const base = fakeRequestFor({
  channel: 'joint-investigation',
  status: 'NEGOTIATING',
  additionalPartyIds: [FURTHER],
  details: { legalBasis: 'convention-art-48', terms: TERMS },
  caseData: {
    parties: standing('negotiating', 'negotiating', 'invited'),
    agreementDraft: { version: 1, terms: TERMS, proposedBy: REQUESTING_AUTHORITY, proposedAt: at },
    signatures: [],
  },
});
const jit = (over: Partial<CooperationRequest> & { caseData?: JitCaseData } = {}) => {
  const r = base();
  return { ...r, ...over, caseData: { ...r.caseData, ...(over.caseData ?? {}) } } as CooperationRequest & {
    caseData: JitCaseData;
  };
};
const rule = ruleOf(jointInvestigationMachine);
const target = (action: string, r: CooperationRequest, actor: Actor, payload: object = {}): string =>
  rule(action).pickTarget?.(payload, r, actor) ?? rule(action).to[0];
const available = (action: string, r: CooperationRequest, actor: Actor): boolean =>
  (rule(action).availableWhen?.test(r, actor) ?? true) && mayTake(rule(action), r, actor);
const apply = (action: string, r: CooperationRequest, actor: Actor, payload: object = {}) => {
  rule(action).guard?.(ctx(r, payload, actor));
  rule(action).apply?.(ctx(r, payload, actor));
  return r as CooperationRequest & { caseData: JitCaseData };
};

describe('jointInvestigationMachine', () => {
  describe('states and actions', () => {
    it('should have exactly the states of DOMAIN.md 4.7 (EXTENDED kept inside ACTIVE)', () => {
      expect(sorted(jointInvestigationMachine.states)).toEqual(sorted(STATES));
      expect(sorted(Object.values(JitStatus))).toEqual(sorted(STATES));
      expect(jointInvestigationMachine.initial).toBe('DRAFT');
      expect(sorted(jointInvestigationMachine.terminal)).toEqual(sorted(TERMINAL));
    });

    it('should have exactly the expected actions, side events keeping the status', () => {
      const actions = jointInvestigationMachine.transitions.map((t) => t.action);
      expect(sorted(actions)).toEqual(sorted(Object.keys(EXPECTED)));
      const keeping = jointInvestigationMachine.transitions.filter((t) => t.keepsStatus).map((t) => t.action);
      expect(sorted(keeping)).toEqual(sorted(SIDE_EVENTS));
    });

    it('should cite art. 48 on every action but the domestic close and the evaluation practice', () => {
      const without = jointInvestigationMachine.transitions.filter((t) => !t.basis.includes('art. 48'));
      expect(sorted(without.map((t) => t.action))).toEqual(['close', 'evaluate']);
      expect(rule('propose-terms').basis).toContain('[GK]');
    });

    it('should take up to ten further parties (a two-party channel takes none)', () => {
      expect(jointInvestigationChannel.maxAdditionalParties).toBe(10);
    });
  });

  describeLifecycleTable(jointInvestigationMachine, STATES, EXPECTED, () => jit());

  describe('paths', () => {
    it.each(TERMINAL)('should offer no action from terminal %s', (state) => {
      expect(jointInvestigationMachine.transitions.filter((t) => t.from.includes(state))).toEqual([]);
    });

    it('should reach every state from DRAFT', () => {
      expect(sorted(reachableStates(jointInvestigationMachine))).toEqual(sorted(STATES));
    });

    it('should schedule delivery on the proposal and the end clocks where the end is set', () => {
      const clocks = [
        [JitJob.PeriodEnd, 'end-period', 'self'],
        [JitJob.EndRemind, 'remind-end', 'self'],
      ];
      expect(scheduledJobs(jointInvestigationMachine)).toEqual({
        propose: [[JobName.RequestDeliver, 'deliver', 'self']],
        start: clocks,
        'agree-extension': clocks,
        leave: clocks,
      });
    });
  });

  describe('each party acts for itself', () => {
    it('should record every party as invited and the proposer as negotiating on the proposal', () => {
      const r = apply('propose', jit({ status: 'DRAFT', caseData: {} }), lead);
      expect(r.caseData.parties).toEqual({
        [REQUESTING_AUTHORITY]: { status: 'negotiating', since: at },
        [REQUESTED_AUTHORITY]: { status: 'invited', since: at },
        [FURTHER]: { status: 'invited', since: at },
      });
      expect(r.caseData.agreementDraft).toEqual({
        version: 1,
        terms: TERMS,
        proposedBy: REQUESTING_AUTHORITY,
        proposedAt: at,
      });
    });

    it('should offer joining only to a party that has not answered, and declining only to one in the team', () => {
      const r = jit({ caseData: { parties: standing('negotiating', 'negotiating', 'invited') } });
      expect(available('join-negotiation', r, invited)).toBe(false);
      expect(available('join-negotiation', r, further)).toBe(true);
      const out = jit({ caseData: { parties: standing('negotiating', 'declined', 'invited') } });
      expect(available('decline', out, invited)).toBe(false);
      expect(available('decline', out, further)).toBe(true);
    });

    it('should be declined only when the last invited State declines', () => {
      const first = jit({
        status: 'PROPOSED',
        caseData: { parties: standing('negotiating', 'invited', 'invited') },
      });
      expect(target('decline', first, invited)).toBe('PROPOSED');
      const last = jit({
        status: 'PROPOSED',
        caseData: { parties: standing('negotiating', 'declined', 'invited') },
      });
      expect(target('decline', last, further)).toBe('DECLINED');
      expect(apply('decline', last, further, { reasons: 'No' }).caseData.parties?.[FURTHER]).toEqual({
        status: 'declined',
        since: at,
        reasons: 'No',
      });
    });

    it('should sign the agreement only when every party in the team signed, a decliner no longer counted', () => {
      const two = jit({
        caseData: {
          parties: standing('signed', 'negotiating', 'signed'),
          signatures: [signature(REQUESTING_AUTHORITY), signature(FURTHER)],
        },
      });
      expect(target('sign-agreement', two, invited, { termsVersion: 1 })).toBe('AGREEMENT_SIGNED');
      const signed = apply('sign-agreement', two, invited, { termsVersion: 1 });
      expect(signed.caseData.agreement?.signatures.map((s) => s.authorityId)).toEqual([
        REQUESTING_AUTHORITY,
        FURTHER,
        REQUESTED_AUTHORITY,
      ]);
      const one = jit({
        caseData: {
          parties: standing('signed', 'negotiating', 'invited'),
          signatures: [signature(REQUESTING_AUTHORITY)],
        },
      });
      expect(target('sign-agreement', one, invited, { termsVersion: 1 })).toBe('NEGOTIATING');
      // The one left unsigned declines: the others' agreement stands.
      const rest = jit({
        caseData: {
          parties: standing('signed', 'signed', 'invited'),
          signatures: [signature(REQUESTING_AUTHORITY), signature(REQUESTED_AUTHORITY)],
        },
      });
      expect(target('decline', rest, further, { reasons: 'x' })).toBe('AGREEMENT_SIGNED');
      expect(apply('decline', rest, further, { reasons: 'x' }).caseData.agreement?.version).toBe(1);
    });

    it('should refuse a signature of another version, and offer signing once per party', () => {
      const r = jit({ caseData: { signatures: [signature(REQUESTED_AUTHORITY)] } });
      expect(() => apply('sign-agreement', r, further, { termsVersion: 2 })).toThrow(DomainError);
      expect(available('sign-agreement', r, invited)).toBe(false);
      expect(available('sign-agreement', r, further)).toBe(true);
    });

    it('should make other terms a new version and void the signatures given', () => {
      const r = jit({
        caseData: {
          parties: standing('signed', 'signed', 'invited'),
          signatures: [signature(REQUESTING_AUTHORITY)],
        },
      });
      const after = apply('propose-terms', r, further, { terms: { ...TERMS, costs: 'Shared' } });
      expect(after.caseData.agreementDraft?.version).toBe(2);
      expect(after.caseData.agreementDraft?.proposedBy).toBe(FURTHER);
      expect(after.caseData.signatures).toEqual([]);
      expect(after.caseData.parties?.[REQUESTING_AUTHORITY].status).toBe('negotiating');
      const stranger = { ...TERMS, members: [{ ...TERMS.members[0], partyAuthorityId: 'x-not-a-party' }] };
      expect(() => apply('propose-terms', jit(), further, { terms: stranger })).toThrow(
        ValidationFailedError,
      );
    });
  });

  describe('the active team', () => {
    const active = (over: JitCaseData = {}) =>
      jit({
        status: 'ACTIVE',
        caseData: {
          parties: standing('signed', 'signed', 'signed'),
          agreement: { version: 1, terms: TERMS, signatures: [], signedAt: at },
          endDate: '2026-08-31',
          ...over,
        },
      });

    it('should start on the agreed first day, not before, and set the end clocks', () => {
      const signed = active();
      signed.status = 'AGREEMENT_SIGNED';
      const early = { ...signed.caseData.agreement!, terms: { ...TERMS, startDate: '2026-03-02' } };
      expect(() =>
        apply('start', jit({ ...signed, caseData: { ...signed.caseData, agreement: early } }), lead),
      ).toThrow(/starts on 2026-03-02/);
      const started = apply('start', signed, lead);
      expect(started.caseData.endDate).toBe('2026-08-31');
      const c = ctx(started, {}, lead);
      const [end, remind] = rule('start').effects ?? [];
      expect(end.runAt?.(c as never)).toEqual(new Date('2026-09-01T00:00:00.000Z'));
      expect(remind.runAt?.(c as never)).toEqual([new Date('2026-08-02T00:00:00.000Z')]);
      expect(end.when?.(c as never)).toBe(true);
    });

    it('should void the end clock once a later end was agreed', () => {
      const [end] = rule('start').effects ?? [];
      const trigger = {
        jobName: JitJob.PeriodEnd,
        runAt: NOW,
        params: { endDate: '2026-08-31' },
        sourceRequestId: 'x',
      };
      expect(end.validWhile?.(active(), trigger)).toBe(true);
      expect(end.validWhile?.(active({ endDate: '2026-12-31' }), trigger)).toBe(false);
    });

    it('should move the end only when every party agreed to the extension', () => {
      let r = apply('propose-extension', active(), invited, { newEndDate: '2026-12-31', reasons: 'More' });
      expect(available('agree-extension', r, invited)).toBe(false);
      r = apply('agree-extension', r, lead);
      expect(r.caseData.endDate).toBe('2026-08-31');
      r = apply('agree-extension', r, further);
      expect(r.caseData.endDate).toBe('2026-12-31');
      expect(r.caseData.pendingExtension).toBeUndefined();
      expect(r.caseData.extensions?.[0].agreedBy).toEqual([
        REQUESTED_AUTHORITY,
        REQUESTING_AUTHORITY,
        FURTHER,
      ]);
      expect(rule('agree-extension').effects?.[0].when?.(ctx(r, {}, further) as never)).toBe(true);
      expect(() =>
        apply('propose-extension', r, invited, { newEndDate: '2026-12-31', reasons: 'Again' }),
      ).toThrow(ValidationFailedError);
    });

    it('should complete a pending extension when the only party yet to agree leaves', () => {
      const pending = {
        newEndDate: '2026-12-31',
        reasons: 'More',
        proposedBy: REQUESTED_AUTHORITY,
        proposedAt: at,
        agreedBy: [REQUESTED_AUTHORITY, REQUESTING_AUTHORITY],
      };
      const r = apply('leave', active({ pendingExtension: pending }), further, { reasons: 'Done' });
      expect(target('leave', active({ pendingExtension: pending }), further)).toBe('ACTIVE');
      expect(r.caseData.endDate).toBe('2026-12-31');
    });

    it('should end when the last invited State leaves', () => {
      const r = active({ parties: standing('signed', 'left', 'signed') });
      expect(target('leave', r, further)).toBe('ENDED');
      expect(apply('leave', r, further, { reasons: 'Done' }).caseData.ended?.reason).toBe('no-party-left');
    });

    it("should need the host's authorisation for an activity in another party's territory", async () => {
      const abroad = {
        kind: 'arrest-or-search',
        hostAuthorityId: FURTHER,
        date: '2026-03-01',
        summary: 'Search',
      };
      await validatePayload(RecordActivityPayload, abroad, 'payload');
      expect(() => apply('record-activity', active(), invited, abroad)).toThrow(ValidationFailedError);
      const ok = apply('record-activity', active(), invited, { ...abroad, hostAuthorisation: 'Order 17' });
      expect(ok.caseData.activities?.[0]).toMatchObject({
        hostAuthorityId: FURTHER,
        recordedBy: REQUESTED_AUTHORITY,
      });
      expect(apply('record-activity', active(), further, abroad).caseData.activities).toHaveLength(1);
      expect(() =>
        apply('record-activity', active(), invited, { ...abroad, hostAuthorityId: 'nobody' }),
      ).toThrow(ValidationFailedError);
    });

    it('should let each party that took part evaluate once', () => {
      const ended = active({ parties: standing('signed', 'left', 'signed') });
      ended.status = 'ENDED';
      const r = apply('evaluate', ended, invited, { assessment: 'Good' });
      expect(available('evaluate', r, invited)).toBe(false);
      expect(available('evaluate', r, further)).toBe(true);
      const never = jit({ status: 'ENDED', caseData: { parties: standing('signed', 'declined', 'signed') } });
      expect(available('evaluate', never, invited)).toBe(false);
    });
  });

  describe('payloads', () => {
    it('should require the terms as an object (other terms without terms are a 400)', async () => {
      await expect(validatePayload(ProposeTermsPayload, {}, 'payload')).rejects.toThrow(
        ValidationFailedError,
      );
      await expect(
        validatePayload(ProposeTermsPayload, { terms: { ...TERMS, endDate: '31/08/2026' } }, 'payload'),
      ).rejects.toThrow(ValidationFailedError);
    });
  });
});
