import { ctx, fakeRequest, ruleOf, SYSTEM, trigger, type Trigger } from '@/test-utils/machine-fixtures';
import {
  type CooperationRequest,
  followUpEnded,
  followUpReceived,
  type TransitionContext,
} from '@/workflows';
import { preservationMachine } from './preservation.machine';

/*
 * DOMAIN.md 4.2: "never auto-expire while a linked MLA request is open". The follow-up's delivery runs one
 * `hold` job; whatever the preservation's state then, no expiry may end it while the follow-up is open.
 */
const rule = ruleOf(preservationMachine);

/** What the engine does: the action applies when the status allows it; apply, then move to the target. */
function run(request: CooperationRequest, action: string, payload: object = {}, job?: Trigger): boolean {
  const r = rule(action);
  if (!r.from.includes(request.status)) {
    return false;
  }
  const target = r.keepsStatus ? request.status : r.pickTarget ? r.pickTarget(payload, request) : r.to[0];
  r.apply?.(ctx(request, payload, SYSTEM, { trigger: job }));
  request.status = target;
  return true;
}

const mla = { id: 'm', followsUpRequestId: 'p' } as CooperationRequest;
const params = (): Record<string, string | null> =>
  followUpReceived.params?.({ request: mla } as TransitionContext<never>) ?? {};
const fromMla = (action: string): Trigger => trigger(params(), { jobName: action, sourceRequestId: 'm' });

/** A preservation 'p' in `status`; the follow-up MLA request is 'm' (a second one, 'm2'). */
const preservationIn = (status: string, caseData: CooperationRequest['caseData'] = {}): CooperationRequest =>
  fakeRequest({ id: 'p', channel: 'preservation', status, caseData });

describe('preservation hold by the follow-up MLA request', () => {
  it.each(['SENT', 'RECEIVED', 'WARNING_ISSUED', 'PRESERVING', 'PRESERVED_ACTIVE', 'EXTENSION_REQUESTED'])(
    'should never let the preservation expire when the follow-up MLA request arrived while it was %s',
    (status) => {
      const preservation = preservationIn(status);
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
    const preservation = preservationIn('RECEIVED');
    run(preservation, 'hold', {}, fromMla('FollowUpReceive'));
    const ended = fromMla('FollowUpEnd');
    expect(ended && followUpEnded.validWhile?.(preservation, ended)).toBe(true);
    run(preservation, 'release', {}, ended);
    expect(preservation.status).toBe('RECEIVED');
    expect(preservation.caseData.heldFor).toBeUndefined();
    run(preservation, 'start-preservation');
    run(preservation, 'confirm-preservation', { custodianConfirmation: 'c' });
    expect(preservation.status).toBe('PRESERVED_ACTIVE');
  });

  it('should stay held until the last of two follow-ups ends, whichever ends first', () => {
    for (const endsFirst of ['m', 'm2']) {
      const preservation = preservationIn('PRESERVED_ACTIVE');
      const from = (id: string, job: string): Trigger =>
        trigger({ followUpId: id }, { jobName: job, sourceRequestId: id });
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
    const preservation = preservationIn('HELD_PENDING_MLA_DECISION', {
      heldFor: { requestId: 'm', at: 'a' },
    });
    run(preservation, 'hold', {}, fromMla('FollowUpReceive'));
    expect(preservation.caseData.alsoHeldFor).toBeUndefined();
  });
});
