import type { UserRole } from '@/common/auth/authority-kind';
import type {
  Actor,
  CaseData,
  CooperationRequest as EngineRequest,
  Side,
  TimerSettings,
  TransitionContext,
  TransitionRule,
  WorkflowMachine,
} from '@/workflows';

/**
 * Fixtures shared by the channel machine specs (and the specs of the effects and guards they use): a fake
 * request, the actors of either side, the context an action is applied in, the default timer settings, a
 * rule lookup, and the runner of the "apply cases" tables. For specs only, never application code.
 */

export const REQUESTING_AUTHORITY = 'aaaaaaaa-0000-4000-8000-000000000001';
export const REQUESTED_AUTHORITY = 'bbbbbbbb-0000-4000-8000-000000000002';
export const THIRD_PARTY_AUTHORITY = 'cccccccc-0000-4000-8000-000000000003';
export const REQUEST_ID = 'dddddddd-0000-4000-8000-000000000004';
/** A request that follows the fake request up (an MLA request after a preservation). */
export const FOLLOW_UP_ID = 'eeeeeeee-0000-4000-8000-000000000005';
export const OTHER_FOLLOW_UP_ID = 'ffffffff-0000-4000-8000-000000000006';

/** The engine's clock in every context built here. */
export const NOW = new Date('2026-03-01T10:00:00.000Z');
export const DAY = 86400000;
/** `days` (fractions allowed) after `from`. */
export const plus = (days: number, from: Date = NOW): Date => new Date(from.getTime() + days * DAY);

/** The timer settings of the requested State unless a spec says otherwise (override with a spread). */
export const TIMER_SETTINGS: Readonly<TimerSettings> = {
  preservationDays: 60,
  preservationReminderDays: [14, 3],
  deadlineReminderDays: 7,
  statusEnquiryReminderDays: 14,
  provisionalArrestDays: 60,
  contactAcknowledgeMinutes: 60,
  interceptionOffences: null,
};

/**
 * A request whose case file may hold any channel's keys: the channel specs build and read case files of
 * their own shape (MlaCaseData, ...) through these shared fixtures.
 */
export type CooperationRequest = Omit<EngineRequest, 'caseData'> & {
  caseData: CaseData & Record<string, any>;
};

/**
 * A delivered MLA request between the two fake authorities, with an empty case file. Each call builds a
 * fresh object (the machines' `apply` writes to it).
 */
export function fakeRequest(overrides: Partial<CooperationRequest> = {}): CooperationRequest {
  return {
    id: REQUEST_ID,
    channel: 'mla',
    status: 'RECEIVED',
    version: 1,
    requestingAuthorityId: REQUESTING_AUTHORITY,
    requestedAuthorityId: REQUESTED_AUTHORITY,
    additionalPartyIds: [],
    urgency: 'normal',
    followsUpRequestId: null,
    deliveredAt: new Date('2026-02-01T00:00:00.000Z'),
    submittedAt: new Date('2026-01-31T00:00:00.000Z'),
    caseData: {},
    ...overrides,
  } as CooperationRequest;
}

/**
 * A spec's own `fakeRequest`: `defaults` (a channel, its usual status...) over the shared ones, then the
 * overrides of each call. The defaults are copied on every call, so no two requests share an object.
 */
export function fakeRequestFor(
  defaults: Partial<CooperationRequest>,
): (overrides?: Partial<CooperationRequest>) => CooperationRequest {
  return (overrides = {}) => fakeRequest({ ...structuredClone(defaults), ...overrides });
}

/** A side of the request, or an authority that is party to neither. */
export type Party = Side | 'third-party';

/** A user of `side`'s authority in `request`, holding `roles` (none: no role at all). */
export function userOf(
  request: Pick<CooperationRequest, 'requestingAuthorityId' | 'requestedAuthorityId'>,
  side: Party,
  ...roles: UserRole[]
): Actor {
  const authorityId =
    side === 'requesting'
      ? request.requestingAuthorityId
      : side === 'requested'
        ? request.requestedAuthorityId
        : THIRD_PARTY_AUTHORITY;
  return { type: 'user', userId: `user-${side}`, authorityId, roles };
}

/** A user of `side`'s authority in any request built by `fakeRequest`. */
export function user(side: Party, ...roles: UserRole[]): Actor {
  return userOf(
    { requestingAuthorityId: REQUESTING_AUTHORITY, requestedAuthorityId: REQUESTED_AUTHORITY },
    side,
    ...roles,
  );
}

/** The engine itself (delivery, timers, a linked request's news). */
export const SYSTEM: Actor = { type: 'system' };

export type Trigger = NonNullable<TransitionContext['trigger']>;

/** The scheduled work an action runs on: by default a job of the follow-up request, due now. */
export function trigger(params: Record<string, string | null>, overrides: Partial<Trigger> = {}): Trigger {
  return { jobName: 'job', runAt: NOW, params, sourceRequestId: FOLLOW_UP_ID, ...overrides };
}

export interface ContextOptions {
  now?: Date;
  settings?: TimerSettings;
  trigger?: Trigger;
}

export type ContextBuilder = (
  request: CooperationRequest,
  payload?: object,
  actor?: Actor,
  options?: ContextOptions,
) => TransitionContext<object>;

/**
 * A context builder whose `now` and settings default to `defaults` (then NOW and TIMER_SETTINGS); the
 * actor defaults to a requested approver.
 */
export function ctxFor(defaults: Omit<ContextOptions, 'trigger'> = {}): ContextBuilder {
  return (request, payload = {}, actor = user('requested', 'approver'), options = {}) => ({
    request,
    payload,
    actor,
    now: options.now ?? defaults.now ?? NOW,
    settings: options.settings ?? defaults.settings ?? TIMER_SETTINGS,
    trigger: options.trigger,
  });
}

/** The context an action is applied in, at NOW with TIMER_SETTINGS (see ctxFor). */
export const ctx: ContextBuilder = ctxFor();

/** The rule of `machine` for an action; an unknown action fails the test. */
export function ruleOf(machine: WorkflowMachine): (action: string) => TransitionRule {
  return (action) => {
    const found = machine.transitions.find((t) => t.action === action);
    if (!found) {
      throw new Error(`the ${machine.channel} machine has no action ${action}`);
    }
    return found;
  };
}

export const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/** Every state some chain of transitions leads to from the initial one (the initial included). */
export function reachableStates(machine: WorkflowMachine): string[] {
  const reached = new Set<string>([machine.initial]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of machine.transitions) {
      if (t.from.some((s) => reached.has(s))) {
        for (const s of t.to) {
          if (!reached.has(s)) {
            reached.add(s);
            grew = true;
          }
        }
      }
    }
  }
  return [...reached];
}

/** For each action that schedules work: its jobs as [job, system action, target] (target `self` by default). */
export function scheduledJobs(machine: WorkflowMachine): Record<string, string[][]> {
  return Object.fromEntries(
    machine.transitions
      .filter((t) => t.effects?.length)
      .map((t) => [t.action, (t.effects ?? []).map((e) => [e.job, e.systemAction, e.target ?? 'self'])]),
  );
}

/** One row of an "apply" table: an action taken on a request, and what it must change on it. */
export interface ApplyCase {
  action: string;
  /** Default `{}`. */
  payload?: object;
  /** Default a requested approver. */
  actor?: Actor;
  /** The request before the action, over the spec's base request. */
  before?: Partial<CooperationRequest>;
  trigger?: Trigger;
  settings?: TimerSettings;
  /** The fields that must have changed; every other field must stay as it was. */
  expected: Partial<CooperationRequest>;
}

/**
 * One test per case: applies the action to `request(case.before)` and checks that the request then equals
 * what it was, with `expected` over it (nothing else written, the case file compared by value).
 */
export function itAppliesCases(
  machine: WorkflowMachine,
  cases: readonly ApplyCase[],
  options: {
    request: (before: Partial<CooperationRequest>) => CooperationRequest;
    settings?: TimerSettings;
  },
): void {
  const rule = ruleOf(machine);
  const context = ctxFor({ settings: options.settings });
  it.each(cases.map((c, i) => ({ ...c, n: i })))(
    'should write the expected case file for $action (#$n)',
    ({ action, payload, actor, before, trigger: t, settings, expected }) => {
      const request = options.request(before ?? {});
      const untouched = { ...request, caseData: structuredClone(request.caseData) };
      rule(action).apply?.(
        context(request, payload ?? {}, actor ?? user('requested', 'approver'), { trigger: t, settings }),
      );
      expect(request).toEqual({ ...untouched, ...expected });
    },
  );
}
