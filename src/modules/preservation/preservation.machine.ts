import { randomUUID } from 'node:crypto';
import {
  type ActorRule,
  ahead,
  type CaseOf,
  daysAfter,
  daysBefore,
  type EffectRule,
  EmptyPayload,
  holdersOf,
  recordReminder,
  sendAndDeliver,
  type TransitionContext,
  WithdrawPayload,
  type WorkflowMachine,
} from '@/workflows';
import {
  ConfirmPreservationPayload,
  DeclineExtensionPayload,
  DiscloseTrafficDataPayload,
  GrantExtensionPayload,
  IssueWarningPayload,
  PreservationRefusePayload,
  RequestExtensionPayload,
  StartPreservationPayload,
  WithholdTrafficDataPayload,
} from './payloads/preservation.payloads';
import { PreservationJob } from './preservation.constants';
import type { PreservationCaseData, PreservationRule, TrafficDisclosure } from './preservation.case-data';

/** Expedited preservation of stored electronic data (UNCC art. 42) and disclosure of traffic data (art. 43). */
export enum PreservationStatus {
  Draft = 'DRAFT',
  Sent = 'SENT',
  Received = 'RECEIVED',
  Preserving = 'PRESERVING',
  WarningIssued = 'WARNING_ISSUED',
  Refused = 'REFUSED',
  PreservedActive = 'PRESERVED_ACTIVE',
  ExtensionRequested = 'EXTENSION_REQUESTED',
  HeldPendingMlaDecision = 'HELD_PENDING_MLA_DECISION',
  Expired = 'EXPIRED',
  Released = 'RELEASED',
  Withdrawn = 'WITHDRAWN',
}

const S = PreservationStatus;
const requestingOfficer: ActorRule = { side: 'requesting', roles: ['officer'] };
const requestingApprover: ActorRule = { side: 'requesting', roles: ['approver'] };
const requestedOfficer: ActorRule = { side: 'requested', roles: ['officer'] };
const requestedApprover: ActorRule = { side: 'requested', roles: ['approver'] };
const iso = (d: Date): string => d.toISOString();
const BASIS_42 = 'UNCC art. 42 (Budapest 29)';

/** The clock is running (and may be extended); held and ended preservations have no expiry. */
const ACTIVE = [S.PreservedActive, S.ExtensionRequested];
/** Data is being, or has been, preserved: traffic data may be found and disclosed (art. 43). */
const PRESERVING_OR_HELD = [S.Preserving, S.PreservedActive, S.ExtensionRequested, S.HeldPendingMlaDecision];

/** Sets a new expiry `days` after `from` (periodDays: the length of the latest period granted). */
function setExpiry(ctx: TransitionContext<object, PreservationCaseData>, from: Date, days: number): void {
  const p = ctx.request.caseData.preservation ?? {};
  ctx.request.caseData.preservation = { ...p, expiresAt: iso(daysAfter(from, days)), periodDays: days };
}

const currentExpiry = (ctx: TransitionContext<never, PreservationCaseData>): Date =>
  new Date(ctx.request.caseData.preservation?.expiresAt ?? ctx.now.toISOString());

/** Only the expiry it was set for: an extension makes the earlier clocks void. */
const forCurrentExpiry: EffectRule<PreservationCaseData>['validWhile'] = (request, trigger) =>
  request.caseData.preservation?.expiresAt === trigger.params.expiresAt;

const expiryClocks: EffectRule<PreservationCaseData>[] = [
  {
    job: PreservationJob.Expire,
    systemAction: 'expire',
    when: ({ request }) => request.status === String(S.PreservedActive),
    runAt: currentExpiry,
    params: (ctx) => ({ expiresAt: currentExpiry(ctx).toISOString() }),
    validWhile: forCurrentExpiry,
    timer: { label: 'Preservation expiry', basis: `${BASIS_42}: at least 60 days` },
  },
  {
    job: PreservationJob.ExpiryRemind,
    systemAction: 'remind-expiry',
    when: ({ request }) => request.status === String(S.PreservedActive),
    runAt: (ctx) =>
      ahead(
        ctx.now,
        ctx.settings.preservationReminderDays.map((d) => daysBefore(currentExpiry(ctx), d)),
      ),
    params: (ctx) => ({ expiresAt: currentExpiry(ctx).toISOString() }),
    validWhile: forCurrentExpiry,
    timer: { label: 'Preservation expiry reminder', basis: BASIS_42 },
  },
];

const transitions: PreservationRule[] = [
  ...sendAndDeliver({
    action: 'send',
    draft: S.Draft,
    sent: S.Sent,
    received: S.Received,
    basis: 'UNCC arts 41-42 (Budapest 29(1)-(2), 35)',
    description: "Send the request to the requested State's 24/7 point of contact or central authority",
    deliveryBasis: 'UNCC art. 41 (Budapest 35)',
  }),
  {
    action: 'start-preservation',
    from: [S.Received],
    to: [S.Preserving],
    actors: [requestedOfficer],
    payload: StartPreservationPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.preservation = {
        ...request.caseData.preservation,
        ...(payload.orderReference ? { orderReference: payload.orderReference } : {}),
        orderedAt: iso(now),
      };
    },
    basis: `${BASIS_42}(3): all appropriate measures to preserve expeditiously`,
    description: 'A domestic preservation order goes to the custodian',
  } satisfies PreservationRule<StartPreservationPayload>,
  {
    action: 'refuse',
    from: [S.Received],
    to: [S.Refused],
    actors: [requestedApprover],
    payload: PreservationRefusePayload,
    apply: ({ request, payload, now }) => {
      request.caseData.refusal = { grounds: payload.grounds, reasons: payload.reasons, refusedAt: iso(now) };
    },
    basis: `${BASIS_42}(4)-(5): narrow grounds only; dual criminality may not be required`,
    description: 'Refuse on a narrow ground, with reasons',
  } satisfies PreservationRule<PreservationRefusePayload>,
  {
    action: 'issue-warning',
    from: [S.Preserving],
    to: [S.WarningIssued],
    actors: [requestedOfficer, requestedApprover],
    payload: IssueWarningPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.warning = { concern: payload.concern, reasons: payload.reasons, issuedAt: iso(now) };
    },
    basis: `${BASIS_42}(6): preservation would not secure the data, or would harm confidentiality`,
    description: 'Warn the requesting State, which decides whether to go on',
  } satisfies PreservationRule<IssueWarningPayload>,
  {
    action: 'proceed',
    from: [S.WarningIssued],
    to: [S.Preserving],
    actors: [requestingOfficer, requestingApprover],
    payload: EmptyPayload,
    apply: ({ request, now }) => {
      if (request.caseData.warning) {
        request.caseData.warning = { ...request.caseData.warning, decision: 'proceed', decidedAt: iso(now) };
      }
    },
    basis: `${BASIS_42}(6): the requesting State decides`,
    description: 'Go on with the preservation despite the warning',
  },
  {
    action: 'confirm-preservation',
    from: [S.Preserving],
    to: [S.PreservedActive, S.HeldPendingMlaDecision],
    // The follow-up MLA request may have arrived before the custodian confirmed: then no clock runs.
    pickTarget: (_payload, request) =>
      request.caseData.heldFor ? S.HeldPendingMlaDecision : S.PreservedActive,
    actors: [requestedOfficer],
    payload: ConfirmPreservationPayload,
    apply: (ctx) => {
      const { request, payload, now, settings } = ctx;
      request.caseData.preservation = {
        ...request.caseData.preservation,
        custodianConfirmation: payload.custodianConfirmation,
        confirmedAt: iso(now),
      };
      setExpiry(ctx, now, settings.preservationDays);
    },
    effects: expiryClocks,
    basis: `${BASIS_42}(7): preserved for at least 60 days`,
    description: 'The custodian confirmed; the preservation period starts',
  } satisfies PreservationRule<ConfirmPreservationPayload>,
  {
    action: 'request-extension',
    from: [S.PreservedActive],
    to: [S.ExtensionRequested],
    actors: [requestingOfficer],
    payload: RequestExtensionPayload,
    apply: ({ request, payload, now }) => {
      const list = request.caseData.extensionRequests ?? [];
      request.caseData.extensionRequests = [...list, { reasons: payload.reasons, requestedAt: iso(now) }];
    },
    basis: 'UNCC art. 42 (extension before expiry) [GK]',
    description: 'Ask for an extension before the preservation expires',
  } satisfies PreservationRule<RequestExtensionPayload>,
  {
    action: 'grant-extension',
    from: [S.ExtensionRequested],
    to: [S.PreservedActive],
    actors: [requestedOfficer, requestedApprover],
    payload: GrantExtensionPayload,
    apply: (ctx) => {
      const { request, payload, now, settings } = ctx;
      const days = payload.days ?? settings.preservationDays;
      const current = new Date(request.caseData.preservation?.expiresAt ?? iso(now));
      setExpiry(ctx, current.getTime() > now.getTime() ? current : now, days);
      request.caseData.extensionRequests = settleLast(request.caseData.extensionRequests, {
        outcome: 'granted',
        days,
        decidedAt: iso(now),
      });
    },
    effects: expiryClocks,
    basis: 'UNCC art. 42 (extension) [GK]',
    description: 'Extend the preservation: a new expiry, new reminders',
  } satisfies PreservationRule<GrantExtensionPayload>,
  {
    action: 'decline-extension',
    from: [S.ExtensionRequested],
    to: [S.PreservedActive],
    actors: [requestedApprover],
    payload: DeclineExtensionPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.extensionRequests = settleLast(request.caseData.extensionRequests, {
        outcome: 'declined',
        decisionReasons: payload.reasons,
        decidedAt: iso(now),
      });
    },
    basis: 'UNCC art. 42 (extension) [GK]',
    description: 'Decline the extension; the current expiry stands',
  } satisfies PreservationRule<DeclineExtensionPayload>,
  {
    action: 'expire',
    from: ACTIVE,
    to: [S.Expired],
    actors: [],
    system: true,
    apply: ({ request, now }) => {
      request.caseData.expiredAt = iso(now);
    },
    basis: `${BASIS_42}(7): no follow-up request received within the period`,
    description: 'The preservation period ended without a follow-up request (timer)',
  },
  {
    action: 'remind-expiry',
    from: ACTIVE,
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    apply: ({ request, now }) => {
      const expiresAt = new Date(request.caseData.preservation?.expiresAt ?? iso(now));
      recordReminder(request, 'preservation-expiry', expiresAt, 'the preservation expires soon', now);
    },
    basis: BASIS_42,
    description: 'Reminder to the requesting side before the preservation expires',
  },
  {
    action: 'hold',
    from: [
      S.Sent,
      S.Received,
      S.WarningIssued,
      S.Preserving,
      S.PreservedActive,
      S.ExtensionRequested,
      S.HeldPendingMlaDecision,
    ],
    to: [S.HeldPendingMlaDecision, S.Sent, S.Received, S.WarningIssued],
    // Before the data is being preserved (or while the requester weighs a warning) the follow-up is only
    // recorded; confirmation then goes straight to the hold, so no expiry can run while it is open.
    // Another follow-up of a held preservation joins the hold.
    pickTarget: (_payload, request) =>
      [S.Sent, S.Received, S.WarningIssued].includes(request.status as PreservationStatus)
        ? request.status
        : S.HeldPendingMlaDecision,
    actors: [],
    system: true,
    apply: ({ request, trigger, now }) => {
      const hold = { requestId: trigger?.params.followUpId ?? trigger?.sourceRequestId ?? '', at: iso(now) };
      if (!request.caseData.heldFor) {
        request.caseData.heldFor = hold;
      } else if (!holdersOf(request).includes(hold.requestId)) {
        request.caseData.alsoHeldFor = [...(request.caseData.alsoHeldFor ?? []), hold];
      }
    },
    basis: `${BASIS_42}(7): once the follow-up request is received, preserved until it is decided`,
    description: 'A follow-up MLA request reached the requested State: no expiry while one is open',
  },
  {
    action: 'release',
    from: [S.Sent, S.Received, S.WarningIssued, S.Preserving, S.HeldPendingMlaDecision],
    to: [S.Released, S.Sent, S.Received, S.WarningIssued, S.Preserving, S.HeldPendingMlaDecision],
    // The last open follow-up ended: held, the preservation ends; not yet held, the recorded follow-up is
    // forgotten and the normal period applies from confirmation. Another follow-up still open: it stays.
    pickTarget: (_payload, request) =>
      request.status === String(S.HeldPendingMlaDecision) && holdersOf(request).length === 1
        ? S.Released
        : request.status,
    actors: [],
    system: true,
    apply: ({ request, trigger, now }) => {
      const ending = trigger?.params.followUpId ?? '';
      const others = [request.caseData.heldFor, ...(request.caseData.alsoHeldFor ?? [])].filter(
        (h): h is { requestId: string; at: string } => h !== undefined && h.requestId !== ending,
      );
      if (others.length > 0) {
        const [first, ...rest] = others;
        request.caseData.heldFor = first;
        if (rest.length > 0) {
          request.caseData.alsoHeldFor = rest;
        } else {
          delete request.caseData.alsoHeldFor;
        }
      } else if (request.status === String(S.HeldPendingMlaDecision)) {
        request.caseData.releasedFor = { requestId: ending, at: iso(now) };
      } else {
        delete request.caseData.heldFor;
      }
    },
    basis: `${BASIS_42}(7)`,
    description: 'A follow-up MLA request was executed, refused or withdrawn (the last one ends the hold)',
  },
  {
    action: 'disclose-traffic-data',
    from: PRESERVING_OR_HELD,
    to: [],
    keepsStatus: true,
    actors: [requestedOfficer, requestedApprover],
    payload: DiscloseTrafficDataPayload,
    apply: ({ request, payload, now }) => recordDisclosure(request, 'DISCLOSED', payload, now),
    basis: 'UNCC art. 43 (Budapest 30(1)): enough traffic data to identify the provider and the path',
    description: 'A provider in another State took part: disclose the traffic data identifying it',
  } satisfies PreservationRule<DiscloseTrafficDataPayload>,
  {
    action: 'withhold-traffic-data',
    from: PRESERVING_OR_HELD,
    to: [],
    keepsStatus: true,
    actors: [requestedApprover],
    payload: WithholdTrafficDataPayload,
    apply: ({ request, payload, now }) => recordDisclosure(request, 'WITHHELD', payload, now),
    basis: 'UNCC art. 43 (Budapest 30(2)): narrow grounds only, with reasons',
    description: 'Withhold the traffic data on a narrow ground, with reasons',
  } satisfies PreservationRule<WithholdTrafficDataPayload>,
  {
    action: 'withdraw',
    from: [
      S.Sent,
      S.Received,
      S.Preserving,
      S.WarningIssued,
      S.PreservedActive,
      S.ExtensionRequested,
      S.HeldPendingMlaDecision,
    ],
    to: [S.Withdrawn],
    actors: [requestingOfficer],
    payload: WithdrawPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.withdrawal = { reasons: payload.reasons, withdrawnAt: iso(now) };
    },
    basis: 'UNCC art. 40 (UNTOC 18(24)); art. 42(6) after a warning',
    description: 'The preservation is no longer needed',
  } satisfies PreservationRule<WithdrawPayload>,
];

/** Adds an art. 43 record (disclosed or withheld) with its own id, to which an onward preservation refers. */
function recordDisclosure(
  request: CaseOf<PreservationCaseData>,
  outcome: TrafficDisclosure['outcome'],
  payload: DiscloseTrafficDataPayload | WithholdTrafficDataPayload,
  now: Date,
): void {
  const list = request.caseData.trafficDisclosures ?? [];
  request.caseData.trafficDisclosures = [
    ...list,
    { id: randomUUID(), outcome, ...payload, recordedAt: iso(now) },
  ];
}

function settleLast<T extends object>(list: T[] | undefined, decision: Partial<T>): T[] {
  const copy = [...(list ?? [])];
  const last = copy[copy.length - 1];
  if (last) {
    copy[copy.length - 1] = { ...last, ...decision };
  }
  return copy;
}

export const preservationMachine: WorkflowMachine = {
  channel: 'preservation',
  initial: S.Draft,
  states: Object.values(PreservationStatus),
  terminal: [S.Refused, S.Expired, S.Released, S.Withdrawn],
  transitions,
};
