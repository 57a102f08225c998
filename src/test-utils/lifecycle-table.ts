import type { UserRole } from '@/common/auth/authority-kind';
import {
  type Actor,
  type CooperationRequest,
  mayTake as mayTakeOnRequest,
  type Side,
  type TransitionRule,
  type WorkflowMachine,
} from '@/workflows';

/** Who the table's sides and roles let take a row (a row's own `actorWhen` is its channel spec's to check). */
const mayTake = (rule: TransitionRule, request: CooperationRequest, actor: Actor): boolean =>
  mayTakeOnRequest({ ...rule, actorWhen: undefined }, request, actor);
import { type Party, ruleOf, sorted, userOf } from './machine-fixtures';

/** One row of a hand-written expected lifecycle table (transcribed from API.md / DOMAIN.md, not the machine). */
export interface ExpectedAction<State extends string = string> {
  from: readonly State[];
  to: readonly State[];
  /** Side and role of the users who may take it. */
  users: readonly (readonly [Side, UserRole])[];
  /** The engine may take it (delivery, timer, a linked request's news). */
  system: boolean;
}

/**
 * Table-driven checks shared by the channel specs: for every (state, action) pair, whether it is legal and
 * where it leads; and for every action, which side and role (or the engine) may take it.
 */
export function describeLifecycleTable(
  machine: WorkflowMachine,
  states: readonly string[],
  expected: Record<string, ExpectedAction>,
  request: () => CooperationRequest,
): void {
  const actions = Object.keys(expected);
  const rule = ruleOf(machine);
  const user = (side: Party, ...roles: UserRole[]): Actor => userOf(request(), side, ...roles);

  describe('legality of every (state, action) pair', () => {
    const pairs = states.flatMap((state) =>
      actions.map((action) => {
        const legal = expected[action].from.includes(state);
        return { state, action, legal, to: legal ? expected[action].to : [] };
      }),
    );

    it.each(pairs)(
      'should treat $action from $state as legal=$legal with targets $to',
      ({ state, action, legal, to }) => {
        const r = rule(action);
        expect(r.from.includes(state)).toBe(legal);
        if (legal) {
          expect(sorted(r.to)).toEqual(sorted(to));
        }
      },
    );
  });

  describe('who may take each action', () => {
    const sides = ['requesting', 'requested', 'third-party'] as const;
    const roles: UserRole[] = ['officer', 'approver', 'auditor'];
    const userCases = actions.flatMap((action) =>
      sides.flatMap((side) =>
        roles.map((role) => ({
          action,
          side,
          role,
          allowed: expected[action].users.some(([s, r]) => s === side && r === role),
        })),
      ),
    );

    it.each(userCases)(
      'should let a $side $role take $action: $allowed',
      ({ action, side, role, allowed }) => {
        expect(mayTake(rule(action), request(), user(side, role))).toBe(allowed);
      },
    );

    it.each(actions.map((action) => ({ action, allowed: expected[action].system })))(
      'should let the system take $action: $allowed',
      ({ action, allowed }) => {
        expect(mayTake(rule(action), request(), { type: 'system' })).toBe(allowed);
      },
    );

    it.each(actions)('should let a user holding every role on the right side take %s', (action) => {
      const users = expected[action].users;
      for (const [side] of users) {
        expect(mayTake(rule(action), request(), user(side, 'officer', 'approver', 'auditor'))).toBe(true);
      }
      if (users.length === 0) {
        expect(mayTake(rule(action), request(), user('requesting', 'officer', 'approver'))).toBe(false);
        expect(mayTake(rule(action), request(), user('requested', 'officer', 'approver'))).toBe(false);
      }
    });

    it.each(actions)('should not let a third party holding every role take %s', (action) => {
      expect(mayTake(rule(action), request(), user('third-party', 'officer', 'approver', 'auditor'))).toBe(
        false,
      );
    });

    it.each(actions)('should not let a user without roles take %s', (action) => {
      expect(mayTake(rule(action), request(), user('requesting'))).toBe(false);
      expect(mayTake(rule(action), request(), user('requested'))).toBe(false);
    });
  });
}
