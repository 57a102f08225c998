import {
  ctx,
  DAY,
  fakeRequestFor,
  FOLLOW_UP_ID,
  NOW,
  OTHER_FOLLOW_UP_ID,
  REQUEST_ID,
  ruleOf,
  SYSTEM,
  TIMER_SETTINGS,
  trigger,
} from '@/test-utils/machine-fixtures';
import {
  ahead,
  type CooperationRequest,
  daysAfter,
  daysBefore,
  deadlineReminders,
  enquiryReminder,
  followUpEnded,
  followUpReceived,
  holdersOf,
  JobName,
  recordReminder,
  type TimerSettings,
  type TransitionContext,
} from '@/workflows';
import { preservationMachine } from './preservation.machine';

/** The request under test is an MLA request; the one it follows up, a preservation. */
const PRESERVATION_ID = REQUEST_ID;
const MLA_ID = FOLLOW_UP_ID;
const OTHER_MLA_ID = OTHER_FOLLOW_UP_ID;

const fakeRequest = fakeRequestFor({ id: MLA_ID, status: 'RECEIVED', version: 2, suggestedDeadline: null });
const preservationRule = ruleOf(preservationMachine);

/** The context an effect is evaluated in: the engine acting at `now`. */
function effectCtx(
  request: CooperationRequest,
  settings: TimerSettings = TIMER_SETTINGS,
  now = NOW,
): TransitionContext<never> {
  return ctx(request, {}, SYSTEM, { settings, now }) as TransitionContext<never>;
}

describe('shared effects', () => {
  describe('date helpers', () => {
    it('should count whole and fractional days before and after a date', () => {
      expect(daysAfter(NOW, 60)).toEqual(new Date('2026-04-30T10:00:00.000Z'));
      expect(daysBefore(NOW, 14)).toEqual(new Date('2026-02-15T10:00:00.000Z'));
      expect(daysAfter(NOW, 0.5)).toEqual(new Date('2026-03-01T22:00:00.000Z'));
      expect(daysBefore(NOW, 2 / 86400)).toEqual(new Date('2026-03-01T09:59:58.000Z'));
      expect(daysAfter(NOW, 0)).toEqual(NOW);
    });

    it('should not modify the date it counts from', () => {
      const from = new Date(NOW);
      daysAfter(from, 3);
      daysBefore(from, 3);
      expect(from).toEqual(NOW);
    });

    it('should keep only dates strictly ahead of now, soonest first', () => {
      const dates = [
        new Date(NOW.getTime() + 3 * DAY),
        new Date(NOW.getTime() - 1),
        NOW,
        new Date(NOW.getTime() + 1),
        new Date(NOW.getTime() + DAY),
      ];
      expect(ahead(NOW, dates)).toEqual([
        new Date(NOW.getTime() + 1),
        new Date(NOW.getTime() + DAY),
        new Date(NOW.getTime() + 3 * DAY),
      ]);
      expect(ahead(NOW, [])).toEqual([]);
    });
  });

  describe('followUpReceived', () => {
    it('should hold the followed-up request by its system action hold', () => {
      expect(followUpReceived).toMatchObject({
        job: JobName.FollowUpReceive,
        systemAction: 'hold',
        target: 'followed-up',
      });
      expect(followUpReceived.runAt).toBeUndefined();
      expect(followUpReceived.timer).toBeUndefined();
    });

    it('should be scheduled only for a request that follows another up', () => {
      expect(followUpReceived.when?.(effectCtx(fakeRequest({ followsUpRequestId: PRESERVATION_ID })))).toBe(
        true,
      );
      expect(followUpReceived.when?.(effectCtx(fakeRequest({ followsUpRequestId: null })))).toBe(false);
    });

    it('should name the follow-up in its params', () => {
      expect(
        followUpReceived.params?.(effectCtx(fakeRequest({ followsUpRequestId: PRESERVATION_ID }))),
      ).toEqual({
        followUpId: MLA_ID,
      });
    });
  });

  describe('followUpEnded', () => {
    it('should release the followed-up request by its system action release', () => {
      expect(followUpEnded).toMatchObject({
        job: JobName.FollowUpEnd,
        systemAction: 'release',
        target: 'followed-up',
      });
      expect(followUpEnded.runAt).toBeUndefined();
    });

    it('should be scheduled only for a request that follows another up, naming it', () => {
      const linked = fakeRequest({ followsUpRequestId: PRESERVATION_ID });
      expect(followUpEnded.when?.(effectCtx(linked))).toBe(true);
      expect(followUpEnded.when?.(effectCtx(fakeRequest()))).toBe(false);
      expect(followUpEnded.params?.(effectCtx(linked))).toEqual({ followUpId: MLA_ID });
    });

    it('should be valid only for the follow-up that holds the preservation', () => {
      const held = fakeRequest({
        id: PRESERVATION_ID,
        channel: 'preservation',
        status: 'HELD_PENDING_MLA_DECISION',
        caseData: { heldFor: { requestId: MLA_ID, at: NOW.toISOString() } },
      });
      expect(followUpEnded.validWhile?.(held, trigger({ followUpId: MLA_ID }))).toBe(true);
      expect(
        followUpEnded.validWhile?.(
          held,
          trigger({ followUpId: OTHER_MLA_ID }, { sourceRequestId: OTHER_MLA_ID }),
        ),
      ).toBe(false);
      expect(followUpEnded.validWhile?.(held, trigger({ followUpId: null }))).toBe(false);
    });

    it('should be valid for each follow-up holding the preservation together', () => {
      const held = fakeRequest({
        id: PRESERVATION_ID,
        channel: 'preservation',
        status: 'HELD_PENDING_MLA_DECISION',
        caseData: {
          heldFor: { requestId: MLA_ID, at: NOW.toISOString() },
          alsoHeldFor: [{ requestId: OTHER_MLA_ID, at: NOW.toISOString() }],
        },
      });
      expect(holdersOf(held)).toEqual([MLA_ID, OTHER_MLA_ID]);
      expect(followUpEnded.validWhile?.(held, trigger({ followUpId: MLA_ID }))).toBe(true);
      expect(
        followUpEnded.validWhile?.(
          held,
          trigger({ followUpId: OTHER_MLA_ID }, { sourceRequestId: OTHER_MLA_ID }),
        ),
      ).toBe(true);
    });

    it('should do nothing to a request that no follow-up holds or was recorded for', () => {
      const active = fakeRequest({
        id: PRESERVATION_ID,
        channel: 'preservation',
        status: 'PRESERVED_ACTIVE',
      });
      expect(followUpEnded.validWhile?.(active, trigger({ followUpId: MLA_ID }))).toBe(false);
      const release = preservationRule('release');
      expect(release.from).not.toContain('PRESERVED_ACTIVE');
    });

    it('should let the follow-up that held a preservation release it, and no other', () => {
      const mla = fakeRequest({ followsUpRequestId: PRESERVATION_ID });
      const preservation = fakeRequest({
        id: PRESERVATION_ID,
        channel: 'preservation',
        status: 'PRESERVED_ACTIVE',
        caseData: { preservation: { expiresAt: '2026-04-30T10:00:00.000Z' } },
      });
      const hold = preservationRule('hold');
      hold.apply?.({
        ...effectCtx(preservation),
        payload: {},
        trigger: trigger({ ...followUpReceived.params?.(effectCtx(mla)), action: 'hold' }),
      });
      expect(preservation.caseData.heldFor).toEqual({ requestId: MLA_ID, at: NOW.toISOString() });

      const ending = trigger({ ...followUpEnded.params?.(effectCtx(mla)), action: 'release' });
      expect(followUpEnded.validWhile?.(preservation, ending)).toBe(true);
      const other = fakeRequest({ id: OTHER_MLA_ID, followsUpRequestId: PRESERVATION_ID });
      const otherEnding = trigger(
        { ...followUpEnded.params?.(effectCtx(other)), action: 'release' },
        { sourceRequestId: OTHER_MLA_ID },
      );
      expect(followUpEnded.validWhile?.(preservation, otherEnding)).toBe(false);
    });
  });

  describe('deadlineReminders', () => {
    const runAt = (deadline: string | null, settings: TimerSettings = TIMER_SETTINGS) =>
      deadlineReminders.runAt?.(
        effectCtx(fakeRequest({ suggestedDeadline: deadline ? new Date(deadline) : null }), settings),
      );

    it('should remind the requested side by its system action remind-deadline, as a legal clock', () => {
      expect(deadlineReminders).toMatchObject({
        job: JobName.DeadlineRemind,
        systemAction: 'remind-deadline',
      });
      expect(deadlineReminders.target).toBeUndefined();
      expect(deadlineReminders.timer).toEqual({
        label: 'Suggested deadline reminder',
        basis: expect.stringContaining('UNTOC 18(24)'),
      });
    });

    it('should remind N days before the deadline and at the deadline', () => {
      expect(runAt('2026-04-01T10:00:00.000Z')).toEqual([
        new Date('2026-03-25T10:00:00.000Z'),
        new Date('2026-04-01T10:00:00.000Z'),
      ]);
      expect(runAt('2026-04-01T10:00:00.000Z', { ...TIMER_SETTINGS, deadlineReminderDays: 2 })).toEqual([
        new Date('2026-03-30T10:00:00.000Z'),
        new Date('2026-04-01T10:00:00.000Z'),
      ]);
    });

    it.each([
      {
        deadline: '2026-03-08T10:00:00.000Z',
        expected: ['2026-03-08T10:00:00.000Z'],
        why: 'N days before is now',
      },
      {
        deadline: '2026-03-05T10:00:00.000Z',
        expected: ['2026-03-05T10:00:00.000Z'],
        why: 'N days before is past',
      },
      { deadline: '2026-03-01T10:00:00.000Z', expected: [], why: 'the deadline is now' },
      { deadline: '2026-02-01T10:00:00.000Z', expected: [], why: 'the deadline has passed' },
    ])('should schedule only the reminders ahead when $why', ({ deadline, expected }) => {
      expect(runAt(deadline)).toEqual(expected.map((d) => new Date(d)));
    });

    it('should schedule nothing without a suggested deadline', () => {
      expect(runAt(null)).toBeNull();
    });

    it('should name the deadline in its params', () => {
      const deadline = new Date('2026-04-01T10:00:00.000Z');
      expect(deadlineReminders.params?.(effectCtx(fakeRequest({ suggestedDeadline: deadline })))).toEqual({
        deadline: deadline.toISOString(),
      });
      expect(deadlineReminders.params?.(effectCtx(fakeRequest()))).toEqual({ deadline: null });
    });
  });

  describe('enquiryReminder', () => {
    const askedAt = NOW.toISOString();

    it('should remind by its system action remind-enquiry, as a legal clock', () => {
      expect(enquiryReminder).toMatchObject({ job: JobName.EnquiryRemind, systemAction: 'remind-enquiry' });
      expect(enquiryReminder.timer).toEqual({
        label: 'Unanswered status enquiry',
        basis: expect.stringContaining('UNTOC 18(24)'),
      });
    });

    it('should fire the configured number of days after the enquiry, naming it', () => {
      expect(enquiryReminder.runAt?.(effectCtx(fakeRequest()))).toEqual(new Date('2026-03-15T10:00:00.000Z'));
      expect(
        enquiryReminder.runAt?.(
          effectCtx(fakeRequest(), { ...TIMER_SETTINGS, statusEnquiryReminderDays: 1 / 24 }),
        ),
      ).toEqual(new Date('2026-03-01T11:00:00.000Z'));
      expect(enquiryReminder.params?.(effectCtx(fakeRequest()))).toEqual({ askedAt });
    });

    it('should be valid while that enquiry is unanswered', () => {
      const request = fakeRequest({ caseData: { statusEnquiries: [{ question: 'Status?', askedAt }] } });
      expect(enquiryReminder.validWhile?.(request, trigger({ askedAt }))).toBe(true);
    });

    it('should be void once that enquiry is answered', () => {
      const request = fakeRequest({
        caseData: {
          statusEnquiries: [{ question: 'Status?', askedAt, answer: 'Soon', answeredAt: askedAt }],
        },
      });
      expect(enquiryReminder.validWhile?.(request, trigger({ askedAt }))).toBe(false);
    });

    it('should not be kept alive by another, later enquiry that is still open', () => {
      const request = fakeRequest({
        caseData: {
          statusEnquiries: [
            { question: 'Status?', askedAt, answer: 'Soon', answeredAt: askedAt },
            { question: 'Still?', askedAt: '2026-03-05T10:00:00.000Z' },
          ],
        },
      });
      expect(enquiryReminder.validWhile?.(request, trigger({ askedAt }))).toBe(false);
      expect(enquiryReminder.validWhile?.(request, trigger({ askedAt: '2026-03-05T10:00:00.000Z' }))).toBe(
        true,
      );
    });

    it('should be void when the request has no enquiries at all', () => {
      expect(enquiryReminder.validWhile?.(fakeRequest(), trigger({ askedAt }))).toBe(false);
    });
  });

  describe('recordReminder', () => {
    it('should append a reminder entry to the case file', () => {
      const request = fakeRequest({
        caseData: { reminders: [{ kind: 'deadline', dueAt: 'd0', detail: 'x', at: 'a0' }] },
      });
      recordReminder(request, 'preservation-expiry', new Date('2026-03-04T10:00:00.000Z'), 'soon', NOW);
      expect(request.caseData.reminders).toEqual([
        { kind: 'deadline', dueAt: 'd0', detail: 'x', at: 'a0' },
        {
          kind: 'preservation-expiry',
          dueAt: '2026-03-04T10:00:00.000Z',
          detail: 'soon',
          at: NOW.toISOString(),
        },
      ]);
    });

    it('should start the list when there is none', () => {
      const request = fakeRequest();
      recordReminder(request, 'enquiry', NOW, 'unanswered', NOW);
      expect(request.caseData.reminders).toEqual([
        { kind: 'enquiry', dueAt: NOW.toISOString(), detail: 'unanswered', at: NOW.toISOString() },
      ]);
    });
  });
});
