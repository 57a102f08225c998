import { fixtureChannel } from '@/test-utils/fixture-channel';
import { ChannelRegistry } from '@/workflows';
import { ActionPreparation } from './entities/action-preparation.entity';
import { policyProblems } from './four-eyes-policy.service';
import { PreparationClosedError } from './four-eyes.errors';
import { assertMayConfirm } from './preparations.service';

function registry(): ChannelRegistry {
  const r = new ChannelRegistry();
  r.register(fixtureChannel);
  return r;
}

function preparation(overrides: Partial<ActionPreparation> = {}): ActionPreparation {
  return Object.assign(new ActionPreparation(), {
    id: 'p1',
    requestId: 'r1',
    authorityId: 'a1',
    action: 'accept',
    payload: {},
    confirmerRole: 'approver',
    status: 'pending',
    preparedByUserId: 'user-a',
    preparedAt: new Date(),
    closedByUserId: null,
    closedAt: null,
    ...overrides,
  });
}

const thrown = (f: () => void): { code?: string; kind?: string; details?: unknown } | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e as { code: string; kind: string; details: unknown };
  }
};

describe('Four eyes', () => {
  describe('policyProblems', () => {
    it('should accept user actions of registered channels', () => {
      expect(
        policyProblems(registry(), [
          { channel: 'fixture', action: 'accept', confirmerRole: 'approver' },
          { channel: 'fixture', action: 'submit', confirmerRole: 'officer' },
        ]),
      ).toEqual([]);
    });

    it('should name an unknown channel, a system or unknown action, and a rule listed twice', () => {
      const fields = policyProblems(registry(), [
        { channel: 'telepathy', action: 'accept', confirmerRole: 'approver' },
        { channel: 'fixture', action: 'deliver', confirmerRole: 'approver' },
        { channel: 'fixture', action: 'fly', confirmerRole: 'approver' },
        { channel: 'fixture', action: 'accept', confirmerRole: 'approver' },
        { channel: 'fixture', action: 'accept', confirmerRole: 'officer' },
      ]).map((p) => p.field);
      expect(fields).toEqual(['rules[0].channel', 'rules[1].action', 'rules[2].action', 'rules[4]']);
    });
  });

  describe('assertMayConfirm', () => {
    it('should let another user with the role confirm a pending preparation', () => {
      expect(
        thrown(() => assertMayConfirm(preparation(), { userId: 'user-b', roles: ['approver'] })),
      ).toBeNull();
    });

    it('should refuse the preparer, whatever roles it holds', () => {
      const err = thrown(() =>
        assertMayConfirm(preparation(), { userId: 'user-a', roles: ['officer', 'approver'] }),
      );
      expect(err).toMatchObject({
        code: 'FORBIDDEN',
        kind: 'forbidden',
        details: { rule: 'FOUR_EYES_SAME_USER' },
      });
    });

    it('should refuse a confirmer without the role the policy names', () => {
      const err = thrown(() => assertMayConfirm(preparation(), { userId: 'user-b', roles: ['officer'] }));
      expect(err).toMatchObject({
        code: 'FORBIDDEN',
        details: { rule: 'FOUR_EYES_ROLE', confirmerRole: 'approver' },
      });
    });

    it.each(['confirmed', 'withdrawn'] as const)(
      'should refuse a replay on a %s preparation (409)',
      (status) => {
        const err = thrown(() =>
          assertMayConfirm(preparation({ status }), { userId: 'user-b', roles: ['approver'] }),
        );
        expect(err).toBeInstanceOf(PreparationClosedError);
        expect(err).toMatchObject({ code: 'PREPARATION_CLOSED', kind: 'conflict' });
      },
    );
  });
});
