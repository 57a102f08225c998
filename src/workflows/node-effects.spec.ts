import { deliverToCounterpart } from './delivery-rules';
import { runsHere, triggerFromPayload, triggerPayload } from './node-effects';
import { enquiryReminder, followUpReceived } from './shared-effects';
import type { EffectRule } from './workflow.types';

const clock: EffectRule = { job: 'Expire', systemAction: 'expire', timer: { label: 'x', basis: 'y' } };

describe('runsHere: the effects a node schedules on a request across nodes', () => {
  it('should schedule every effect on a request of this node alone', () => {
    for (const effect of [deliverToCounterpart, clock, enquiryReminder, followUpReceived]) {
      expect(runsHere(effect, null)).toBe(true);
    }
  });

  it('should never schedule the delivery job across nodes', () => {
    expect(runsHere(deliverToCounterpart, { side: 'requesting', followedUpHere: true })).toBe(false);
    expect(runsHere(deliverToCounterpart, { side: 'requested', followedUpHere: true })).toBe(false);
  });

  it('should schedule a clock on the node of the side whose clock it is (requested unless it says otherwise)', () => {
    expect(runsHere(clock, { side: 'requested', followedUpHere: false })).toBe(true);
    expect(runsHere(clock, { side: 'requesting', followedUpHere: false })).toBe(false);
    expect(runsHere(enquiryReminder, { side: 'requesting', followedUpHere: false })).toBe(true);
    expect(runsHere(enquiryReminder, { side: 'requested', followedUpHere: false })).toBe(false);
  });

  it("should schedule no side's clock on a node hosting only further parties of a multi-party request", () => {
    for (const effect of [clock, enquiryReminder]) {
      expect(runsHere(effect, { side: null, followedUpHere: false })).toBe(false);
    }
  });

  it("should schedule the followed-up request's news where that request is, its requested side hosted here", () => {
    expect(runsHere(followUpReceived, { side: 'requesting', followedUpHere: true })).toBe(true);
    expect(runsHere(followUpReceived, { side: 'requested', followedUpHere: false })).toBe(false);
  });
});

describe("triggerPayload / triggerFromPayload: a clock's occasion in its event", () => {
  const trigger = {
    jobName: 'FollowUpReceive',
    runAt: new Date('2026-12-01T10:00:00.000Z'),
    params: { followUpId: 'f', action: 'hold', none: null },
    sourceRequestId: 's',
  };

  it('should read back the occasion it recorded', () => {
    const payload = JSON.parse(JSON.stringify(triggerPayload(trigger))) as Record<string, unknown>;
    expect(triggerFromPayload(payload)).toEqual(trigger);
  });

  it('should name no occasion for a payload without one or of another form', () => {
    expect(triggerFromPayload({})).toBeUndefined();
    expect(triggerFromPayload({ trigger: 'x' })).toBeUndefined();
    expect(
      triggerFromPayload({ trigger: { ...triggerPayload(trigger).trigger, runAt: 'soon' } }),
    ).toBeUndefined();
    expect(
      triggerFromPayload({ trigger: { ...triggerPayload(trigger).trigger, params: { followUpId: 7 } } }),
    ).toBeUndefined();
  });
});
