import type { CooperationRequest } from './entities/cooperation-request.entity';
import { preservationMachine } from './preservation.machine';
import { followUpEnded, followUpReceived } from './shared-effects';
import type { TimerSettings, TransitionContext, TransitionRule } from './workflow.types';

/*
 * DOMAIN.md 4.2: "never auto-expire while a linked MLA request is open". The follow-up's delivery runs one
 * `hold` job; whatever the preservation's state then, no expiry may end it while the follow-up is open.
 */
const NOW = new Date('2026-03-01T10:00:00.000Z');
const SETTINGS: TimerSettings = {
  preservationDays: 60,
  preservationReminderDays: [14, 3],
  deadlineReminderDays: 7,
  statusEnquiryReminderDays: 14,
  provisionalArrestDays: 60,
};
const rule = (action: string): TransitionRule =>
  preservationMachine.transitions.find((t) => t.action === action) as TransitionRule;

/** What the engine does: the action applies when the status allows it; apply, then move to the target. */
function run(
  request: CooperationRequest,
  action: string,
  payload: object = {},
  trigger?: TransitionContext['trigger'],
): boolean {
  const r = rule(action);
  if (!r.from.includes(request.status)) {
    return false;
  }
  const ctx = { request, payload, actor: { type: 'system' as const }, now: NOW, settings: SETTINGS, trigger };
  const target = r.keepsStatus ? request.status : r.pickTarget ? r.pickTarget(payload, request) : r.to[0];
  r.apply?.(ctx);
  request.status = target;
  return true;
}

const mla = { id: 'm', followsUpRequestId: 'p' } as CooperationRequest;
const params = (): Record<string, string | null> =>
  followUpReceived.params?.({ request: mla } as TransitionContext<never>) ?? {};
const fromMla = (action: string): TransitionContext['trigger'] => ({
  jobName: action,
  runAt: NOW,
  params: params(),
  sourceRequestId: 'm',
});

describe('preservation hold by the follow-up MLA request', () => {
  it.each(['SENT', 'RECEIVED', 'WARNING_ISSUED', 'PRESERVING', 'PRESERVED_ACTIVE', 'EXTENSION_REQUESTED'])(
    'should never let the preservation expire when the follow-up MLA request arrived while it was %s',
    (status) => {
      const preservation = {
        id: 'p',
        channel: 'preservation',
        status,
        caseData: {},
      } as unknown as CooperationRequest;
      expect(run(preservation, 'hold', {}, fromMla('FollowUpReceive'))).toBe(true);
      run(preservation, 'deliver');
      run(preservation, 'start-preservation');
      run(preservation, 'proceed');
      run(preservation, 'confirm-preservation', { custodianConfirmation: 'c' });
      expect(preservation.status).toBe('HELD_PENDING_MLA_DECISION');
      expect(run(preservation, 'expire')).toBe(false);
    },
  );

  it('should let the normal period run again when the follow-up ended before the custodian confirmed', () => {
    const preservation = {
      id: 'p',
      channel: 'preservation',
      status: 'RECEIVED',
      caseData: {},
    } as unknown as CooperationRequest;
    run(preservation, 'hold', {}, fromMla('FollowUpReceive'));
    const trigger = fromMla('FollowUpEnd');
    expect(trigger && followUpEnded.validWhile?.(preservation, trigger)).toBe(true);
    run(preservation, 'release', {}, trigger);
    expect(preservation.status).toBe('RECEIVED');
    expect(preservation.caseData.heldFor).toBeUndefined();
    run(preservation, 'start-preservation');
    run(preservation, 'confirm-preservation', { custodianConfirmation: 'c' });
    expect(preservation.status).toBe('PRESERVED_ACTIVE');
  });

  it('should stay held until the last of two follow-ups ends, whichever ends first', () => {
    for (const endsFirst of ['m', 'm2']) {
      const preservation = {
        id: 'p',
        channel: 'preservation',
        status: 'PRESERVED_ACTIVE',
        caseData: {},
      } as unknown as CooperationRequest;
      const from = (id: string, job: string): TransitionContext['trigger'] => ({
        jobName: job,
        runAt: NOW,
        params: { followUpId: id },
        sourceRequestId: id,
      });
      expect(run(preservation, 'hold', {}, from('m', 'FollowUpReceive'))).toBe(true);
      expect(run(preservation, 'hold', {}, from('m2', 'FollowUpReceive'))).toBe(true);
      expect(preservation.status).toBe('HELD_PENDING_MLA_DECISION');
      const endsLast = endsFirst === 'm' ? 'm2' : 'm';

      const first = from(endsFirst, 'FollowUpEnd');
      expect(first && followUpEnded.validWhile?.(preservation, first)).toBe(true);
      run(preservation, 'release', {}, first);
      expect(preservation.status).toBe('HELD_PENDING_MLA_DECISION');
      expect(preservation.caseData.heldFor?.requestId).toBe(endsLast);
      expect(preservation.caseData.alsoHeldFor).toBeUndefined();
      expect(first && followUpEnded.validWhile?.(preservation, first)).toBe(false);
      expect(run(preservation, 'expire')).toBe(false);

      const last = from(endsLast, 'FollowUpEnd');
      expect(last && followUpEnded.validWhile?.(preservation, last)).toBe(true);
      run(preservation, 'release', {}, last);
      expect(preservation.status).toBe('RELEASED');
      expect(preservation.caseData.releasedFor?.requestId).toBe(endsLast);
    }
  });

  it('should record a follow-up once, however often its hold arrives', () => {
    const preservation = {
      id: 'p',
      channel: 'preservation',
      status: 'HELD_PENDING_MLA_DECISION',
      caseData: { heldFor: { requestId: 'm', at: 'a' } },
    } as unknown as CooperationRequest;
    run(preservation, 'hold', {}, fromMla('FollowUpReceive'));
    expect(preservation.caseData.alsoHeldFor).toBeUndefined();
  });
});
