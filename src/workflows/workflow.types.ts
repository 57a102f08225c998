import type { UserRole } from '@/common/auth/authority-kind';
import type { FieldProblem } from '@/common/errors/domain-error';
import type { CooperationRequest } from './entities/cooperation-request.entity';
import type { CaseData } from './request-fields';

export type Side = 'requesting' | 'requested';

/** Who acts: a user of one side's authority, or the engine itself (delivery, timers). */
export type Actor =
  { type: 'user'; userId: string; authorityId: string; roles: readonly UserRole[] } | { type: 'system' };

export interface ActorRule {
  side: Side;
  roles: readonly UserRole[];
}

/** Legal periods that apply to one request (per requested State where configured; see TimerSettings). */
export interface TimerSettings {
  /** Preservation period after the custodian's confirmation (UNCC art. 42: at least 60 days). */
  preservationDays: number;
  /** Reminders to the requesting side before a preservation expires, in days before expiry. */
  preservationReminderDays: readonly number[];
  /** Reminder before a suggested deadline, in days before it. */
  deadlineReminderDays: number;
  /** How long a status enquiry may stay unanswered before a reminder. */
  statusEnquiryReminderDays: number;
  /** Formal extradition request due after a provisional arrest. */
  provisionalArrestDays: number;
  /** How long a 24/7 ticket may wait for acknowledgement before a reminder (art. 41: "immediate"), minutes. */
  contactAcknowledgeMinutes: number;
  /**
   * The requested State's declaration of the offences (UNCC articles 7-21) for which its law allows the
   * interception of content data (art. 46: only to the extent its treaties and domestic law allow). Null:
   * the State declared none, so interception is not available from it.
   */
  interceptionOffences: readonly number[] | null;
}

/** A request whose case file has a channel's shape (`C` extends the engine's common CaseData). */
export type CaseOf<C extends CaseData = CaseData> = CooperationRequest & { caseData: C };

export interface TransitionContext<P = unknown, C extends CaseData = CaseData> {
  request: CaseOf<C>;
  payload: P;
  actor: Actor;
  now: Date;
  settings: TimerSettings;
  /** The scheduled work being run, when the engine acts on a timer or a linked request. */
  trigger?: { jobName: string; runAt: Date; params: Record<string, string | null>; sourceRequestId: string };
}

/** Which request a follow-up job acts on. */
export type EffectTarget = 'self' | 'followed-up';

/**
 * Follow-up work of a transition, written to the outbox in the same transaction. When the job runs it
 * performs `systemAction` on the target request, if that request is still in a state where the action
 * applies (and `validWhile` holds): a job whose occasion has passed does nothing.
 */
export interface EffectRule<C extends CaseData = CaseData> {
  /** The job's name: the engine's (`JobName`) or the channel's own (e.g. `PreservationExpire`). */
  job: string;
  /** The system action the job performs when it runs. */
  systemAction: string;
  /** The request acted on; `followed-up` is the one named by followsUpRequestId. Default self. */
  target?: EffectTarget;
  /** Whether to schedule at all (e.g. only a final result releases a preservation). */
  when?(ctx: TransitionContext<never, C>): boolean;
  /** When it should run; immediately if absent. Several dates schedule several jobs. */
  runAt?(ctx: TransitionContext<never, C>): Date | readonly Date[] | null;
  /** Small values the job needs to recognise its occasion (e.g. which enquiry it reminds of). */
  params?(ctx: TransitionContext<never, C>): Record<string, string | null>;
  /** Still relevant when it fires? E.g. the expiry it was set for is still the current one. */
  validWhile?(request: CaseOf<C>, trigger: NonNullable<TransitionContext['trigger']>): boolean;
  /** Why the clock is void once `validWhile` fails (shown with the timer), e.g. "a later expiry was set". */
  voidReason?: string;
  /** A legal clock (shown as a timer of the request) rather than plumbing; with its basis. */
  timer?: { label: string; basis: string };
  /**
   * On a request whose parties are on two nodes, the side whose node schedules and runs this effect (the
   * side whose clock it is, docs/federation.md "Legal clocks"); the other node leaves it out. Default
   * `requested`: postponement end, preservation expiry, provisional-arrest lapse, linked requests' news.
   */
  runsOn?: Side;
}

/** One row of a channel's lifecycle table. (Method syntax: a rule for a payload P is a rule for `object`.) */
export interface TransitionRule<P extends object = object, C extends CaseData = CaseData> {
  action: string;
  /** Short label for people (GET /v1/workflows, /docs); default: the action name in sentence case. */
  title?: string;
  from: readonly string[];
  /** Possible targets; `pickTarget` chooses among several. Empty for side events (`keepsStatus`). */
  to: readonly string[];
  /** A side event: recorded, versioned and audited, but the status does not change. */
  keepsStatus?: boolean;
  /** `actor` is who acts (a multi-party channel may move only once the last party did). */
  pickTarget?(payload: P, request: CaseOf<C>, actor?: Actor): string;
  /** Users who may take the action over HTTP. Empty for system-only actions. */
  actors: readonly ActorRule[];
  /** The engine may take it (a delivery or a timer). */
  system?: boolean;
  payload?: new () => P;
  /** The request must be complete (channel's mandatory fields, accepted language) before this action. */
  requiresComplete?: boolean;
  /**
   * A condition on the case file (not the payload) for the action to be available at all; `actor`, when
   * a user acts, lets a multi-party channel offer an action only to the parties it concerns.
   */
  availableWhen?: { test(request: CaseOf<C>, actor?: Actor): boolean; reason: string };
  /**
   * Which of the row's actors may take it on this request when its sides are not enough (a row only one of
   * the two States may take, e.g. the sentencing State, on whichever side it is): the others get 403 with
   * `reason`, and it is not offered to them.
   */
  actorWhen?: { test(request: CaseOf<C>, actor: Extract<Actor, { type: 'user' }>): boolean; reason: string };
  /** Throws a DomainError when the move is not allowed for this request or payload. */
  guard?(ctx: TransitionContext<P, C>): void;
  /** Writes what the action adds to the case file (caseData, timestamps). */
  apply?(ctx: TransitionContext<P, C>): void;
  effects?: readonly EffectRule<C>[];
  /** Legal basis shown to clients, e.g. "UNCC art. 40 (UNTOC 18(26))". */
  basis: string;
  description: string;
}

export interface WorkflowMachine {
  channel: string;
  initial: string;
  states: readonly string[];
  /** States from which nothing more can happen. */
  terminal: readonly string[];
  transitions: readonly TransitionRule[];
}

/** Everything the engine needs to know about one cooperation channel. */
export interface ChannelDefinition {
  channel: string;
  title: string;
  /** Its BullMQ queue, named after the channel (`mla`, `preservation`...). */
  queue: string;
  machine: WorkflowMachine;
  /** Class validating `details` for this channel. */
  detailsSchema: new () => object;
  /** Kinds of authority that may receive this channel's requests. */
  requestedAuthorityKinds: readonly string[];
  /**
   * How many further requested-side parties a request may name (additionalPartyIds), for a channel with
   * more than two parties; 0 (the default) for a two-party channel.
   */
  maxAdditionalParties?: number;
  /** Fields still missing before the request may leave DRAFT. */
  missingForSubmission: (request: CooperationRequest, action: string) => FieldProblem[];
  /** Audit/notification label of the queue's urgency lane; defaults to the request's urgency. */
  priorityOf?: (request: CooperationRequest) => number;
  /** Default urgency when the draft does not say (e.g. urgent when addressed to a 24/7 contact). */
  defaultUrgency?: (requestedAuthorityKind: string) => string;
  /** Extra checks on creation and edit (e.g. a follow-up's link), returning field problems. */
  checkDraft?: (draft: CooperationRequest, link: DraftLinkContext) => FieldProblem[];
  /**
   * A stricter rule for downloading one of the request's documents (e.g. intercepted content: approvers
   * only); returns why the caller may not, or null. Absent: every party user who sees the request may.
   */
  documentAccess?: (
    request: CooperationRequest,
    document: DocumentRef,
    reader: DocumentReader,
  ) => string | null;
  /**
   * The channel's own checks of a request against the requested State's declarations at submission
   * (e.g. the Convention as a basis for extradition), returning field problems named `declarations.<field>`.
   * The checks every channel shares (languages, channels) are the engine's (declaration-rules.ts).
   */
  declarationChecks?: (request: CooperationRequest, declared: DeclaredRules) => FieldProblem[];
}

/**
 * What the requested State declared under the Convention, as the engine's submission checks read it: a
 * field absent is not declared (the engine's defaults apply). Written by the declarations register.
 */
export interface DeclaredRules {
  country: string;
  /** The register's version; 0 when the State declared nothing. */
  version: number;
  /** ISO 639-1 languages in which the State accepts requests. */
  languages?: readonly string[];
  /** The channels (ChannelDefinition.channel) on which the State accepts requests. */
  channels?: readonly string[];
  /** The transmission routes the State accepts. */
  transmissionRoutes?: readonly string[];
  /** UNCC articles (7-21) of the offences for which the State allows interception (art. 46). */
  interceptionOffences?: readonly number[];
  /** The State requires dual criminality for preserving data on offences other than the Convention's. */
  dualCriminalityForPreservation?: boolean;
  /** Whether the State takes the Convention as the legal basis for extradition (art. 37). */
  conventionAsExtraditionBasis?: boolean;
}

/** What the engine knows at submission beyond the request row: declarations and certified translations. */
export interface SubmissionFacts {
  declared: DeclaredRules | null;
  /** ISO 639-1 languages of the request's certified translations. */
  certifiedTranslations: readonly string[];
}

/** A document of a request, as a channel's documentAccess rule sees it. */
export interface DocumentRef {
  id: string;
  kind: string;
  /** The side whose authority uploaded it. */
  uploadedBy: Side;
}

/** Who asks to download a document: their side of the request and their roles. */
export interface DocumentReader {
  side: Side;
  roles: readonly UserRole[];
}

/** What a channel may check about the request a draft follows up. */
export interface DraftLinkContext {
  linked: CooperationRequest | null;
  /** Country of the draft's requested authority, and of the linked request's. */
  requestedCountry: string;
  linkedRequestedCountry: string | null;
}
