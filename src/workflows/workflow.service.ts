import { Injectable, type OnModuleInit } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import {
  ForbiddenError,
  type FieldProblem,
  NotFoundError,
  ValidationFailedError,
} from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import { byTheTable, canSee, mayTake, sideOf } from './access';
import {
  AuthorityDirectory,
  type AuthorityRef,
  type FourEyesPolicy,
  type FourEyesRequirement,
  StatePeriods,
} from './ports';
import { ChannelRegistry } from './channel-registry';
import { declarationProblems } from './declaration-rules';
import type { EntityManager } from 'typeorm';
import type { CooperationRequest } from './entities/cooperation-request.entity';
import type { OutboxEntry } from './outbox/outbox-entry.entity';
import type { ListFilter } from './request-listing';
import { EmptyPayload } from './payloads/empty.payload';
import { PRIORITY_BY_URGENCY } from './queue.constants';
import { JobHandlers } from './job-handlers';
import {
  copyOf,
  NotOwnerError,
  ownerElsewhere,
  type Proposed,
  proposeClock,
  proposeMove,
  type RemoteMovesPort,
  type RemoteStanding,
} from './remote-moves';
import { type NodeSides, runsHere, triggerFromPayload, triggerPayload } from './node-effects';
import {
  ActionNotAvailableError,
  FourEyesAcrossNodesError,
  FourEyesRequiredError,
  IncompleteRequestError,
  InvalidTransitionError,
  UnknownActionError,
  preconditionFails,
  type VersionPrecondition,
  VersionMismatchError,
} from './workflow.errors';
import type { FollowUpSummary } from './change-statements';
import {
  type Applied,
  type Change,
  type ChangeHook,
  type ChangeOrder,
  type CommitObserver,
  type Committed,
  type NewRequest,
  type OutboxDraft,
  type RecordedEvent,
  type RequestSnapshot,
  WorkflowRepository,
} from './workflow.repository';
import type {
  Actor,
  ChannelDefinition,
  EffectRule,
  SubmissionFacts,
  TransitionContext,
  TransitionRule,
  WorkflowMachine,
} from './workflow.types';

export type UserActor = Extract<Actor, { type: 'user' }>;

/** Side events that travel between nodes and are applied there (applyRemoteSideEvent). */
const REMOTE_SIDE_EVENTS: ReadonlySet<string> = new Set(['attach-document']);

/** Returns field problems of an action's payload that need data outside the request row. */
export type PayloadCheck = (
  request: CooperationRequest,
  action: string,
  payload: object,
) => Promise<FieldProblem[]>;

/** A side event a module records on a request (e.g. a document added): its action and payload. */
export interface SideEvent {
  action: string;
  payload: Record<string, unknown>;
}

/**
 * Tells whether a request has a party hosted on another node. On such a request the engine schedules only
 * the effects that run on this node (node-effects.ts runsHere): never the delivery job (delivery is the
 * other node's receipt); a clock on the node of the side whose clock it is.
 */
export type RemotePartyCheck = (request: CooperationRequest) => Promise<boolean>;

/** Where an event another node recorded sits in the request's history (see applyRemote). */
export interface RemotePosition {
  /** Hash of the head the other node decided on (null for the first event). */
  prevHash: string | null;
  /** The event's seq: the head's seq + 1. */
  caseSeq: number;
  /** When the other node recorded it: the event's occurredAt here too. */
  occurredAt: Date;
}

export type RemoteApplied =
  | { outcome: 'applied'; committed: Committed }
  | { outcome: 'duplicate' | 'not-applied' | 'gap'; reason: string };

/** Why a remote event's `decide` declined, and as what outcome (not-applied unless said). */
interface RemoteRefusal {
  reason?: string;
  outcome?: 'duplicate' | 'not-applied';
}

/**
 * Whether the copy moved between the head check and the locked row. Moved to or past the event's place, it
 * is a duplicate (the same event applied meanwhile by another job, e.g. a gap filled while its own envelope
 * came in), which the caller compares hash for hash; anything else is not applied.
 */
function movedMeanwhile(current: CooperationRequest, at: RemotePosition, refusal: RemoteRefusal): boolean {
  if (current.version === at.caseSeq - 1) {
    return false;
  }
  refusal.reason = `the history moved to ${current.version} meanwhile`;
  refusal.outcome = current.version >= at.caseSeq ? 'duplicate' : 'not-applied';
  return true;
}

/**
 * A four-eyes confirmation taking a prepared action (see WorkflowService.perform): what the transition's
 * event records of it (`fourEyes` in its payload: the preparation, who prepared, who confirmed) and the
 * write of the confirmation itself, in the transition's transaction (it throws to refuse: nothing written).
 */
export interface FourEyesConfirmation {
  record: Record<string, unknown>;
  within: (manager: EntityManager) => Promise<void>;
}

/** What a prepared action would do, checked as its transition would be (see WorkflowService.preview). */
export interface Preview {
  request: CooperationRequest;
  /** The payload as validated, in the form the event would record. */
  payload: Record<string, unknown>;
  /** The acting State's four-eyes requirement on the action, or null when it has none. */
  requirement: FourEyesRequirement | null;
}

/** How perform's checks treat the acting State's four-eyes policy. */
type FourEyesMode = 'direct' | 'prepared';

/** A user's action checked up to its decision (see WorkflowService.plan). */
interface Plan {
  snapshot: RequestSnapshot;
  request: CooperationRequest;
  def: ChannelDefinition;
  decide: (current: CooperationRequest) => Change;
  remote: boolean;
  requirement: FourEyesRequirement | null;
  now: Date;
}

/** A legal clock and what it is now (see WorkflowService.timersOf). */
export interface TimerState {
  entry: OutboxEntry;
  status: 'pending' | 'fired' | 'void';
  /** Why a clock is void (or fired elsewhere), in English; null otherwise. */
  reason: string | null;
  /** The same as a code, for clients that say it in their own language; null when there is no reason. */
  reasonCode: TimerReasonCode | null;
  /** What the reason names: the request's status, the action that can no longer happen. */
  reasonParams: { status?: string; action?: string };
}

export type TimerReasonCode =
  'applied-elsewhere' | 'occasion-passed' | 'request-ended' | 'superseded' | 'cannot-happen';

const NO_REASON = { reason: null, reasonCode: null, reasonParams: {} } as const;

/** The scheduled work an outbox row stands for, as the effect it came from sees it when it fires. */
function triggerOf(entry: OutboxEntry): NonNullable<TransitionContext['trigger']> {
  return {
    jobName: entry.jobName,
    runAt: entry.runAt,
    params: entry.payload as Record<string, string | null>,
    sourceRequestId: entry.sourceRequestId,
  };
}

/** The system action of the target's table that an effect's job runs. */
function systemRuleFor(def: ChannelDefinition, effect: EffectRule): TransitionRule | undefined {
  return def.machine.transitions.find((t) => t.action === effect.systemAction && t.system);
}

/** States reachable from `from` (itself included) through any transition of the table, cached per table. */
const reachable = new WeakMap<WorkflowMachine, Map<string, Set<string>>>();
function reachableStates(machine: WorkflowMachine, from: string): Set<string> {
  let byState = reachable.get(machine);
  if (!byState) {
    byState = new Map();
    reachable.set(machine, byState);
  }
  let found = byState.get(from);
  if (!found) {
    found = new Set([from]);
    const queue = [from];
    while (queue.length > 0) {
      const state = queue.shift() as string;
      for (const t of machine.transitions) {
        if (t.from.includes(state)) {
          for (const next of t.keepsStatus ? [state] : t.to) {
            if (!found.has(next)) {
              found.add(next);
              queue.push(next);
            }
          }
        }
      }
    }
    byState.set(from, found);
  }
  return found;
}

/**
 * Applies any channel's lifecycle table: the generic transition engine, and the engine's service for the
 * modules. Every change goes through the repository's one write path (which publishes its outbox rows after
 * commit): users' actions, jobs, drafts created and edited, side events.
 */
@Injectable()
export class WorkflowService implements OnModuleInit {
  private readonly payloadChecks: PayloadCheck[] = [];
  private remoteParty: RemotePartyCheck = () => Promise.resolve(false);
  private remoteMoves: RemoteMovesPort | null = null;
  private fourEyes: FourEyesPolicy | null = null;
  private certifiedTranslations: (requestId: string) => Promise<string[]> = () => Promise.resolve([]);

  constructor(
    private readonly registry: ChannelRegistry,
    private readonly repository: WorkflowRepository,
    private readonly authorities: AuthorityDirectory,
    private readonly jurisdictions: StatePeriods,
    private readonly jobHandlers: JobHandlers,
  ) {}

  /** Code told of every committed change, after commit, in memory (see WorkflowRepository.onCommitted). */
  onCommitted(observer: CommitObserver): void {
    this.repository.onCommitted(observer);
  }

  /** Checks of an action's payload against other data (e.g. referenced documents exist), before the lock. */
  addPayloadCheck(check: PayloadCheck): void {
    this.payloadChecks.push(check);
  }

  /** Whether a party of the request is hosted on another node (false without federation). */
  hasRemoteParty(request: CooperationRequest): Promise<boolean> {
    return this.remoteParty(request);
  }

  /** Declares how to read the languages of a request's certified translations (the attachments module). */
  setCertifiedTranslations(read: (requestId: string) => Promise<string[]>): void {
    this.certifiedTranslations = read;
  }

  /** What the submission checks read beyond the row: the requested State's declarations, translations. */
  private async submissionFacts(
    request: CooperationRequest,
    counterpart: AuthorityRef | null,
  ): Promise<SubmissionFacts> {
    const declared =
      counterpart && this.jurisdictions.declaredRules
        ? await this.jurisdictions.declaredRules(counterpart.country)
        : null;
    return { declared, certifiedTranslations: await this.certifiedTranslations(request.id) };
  }

  /** Declares how to tell a request with a party on another node (see RemotePartyCheck). */
  setRemotePartyCheck(check: RemotePartyCheck): void {
    this.remoteParty = check;
  }

  /** Declares how a move is sent to the node that owns a request's status (see remote-moves.ts). */
  setRemoteMoves(port: RemoteMovesPort): void {
    this.remoteMoves = port;
  }

  /** Declares where the States' four-eyes policies are read (see FourEyesPolicy). */
  setFourEyesPolicy(policy: FourEyesPolicy): void {
    this.fourEyes = policy;
  }

  /** The request's moves awaiting the other node and its quarantine, if any (for its answer). */
  remoteStanding(requestId: string): Promise<RemoteStanding> {
    return this.remoteMoves?.standing(requestId) ?? Promise.resolve({ pendingMoves: [], quarantine: null });
  }

  /**
   * Applies, on this node's copy of a request, an event another node recorded: the same action, payload,
   * actor and time, so that both nodes' histories hold the same event with the same hash. Applied only on
   * top of the head the other node decided on (`prevHash`, `caseSeq`), from a status the table allows it
   * in, by an actor of the side and role the table names (a system action for a system actor); schedules
   * the effects that run on this node (runsHere); the change hooks hear it as `remote` (and, given
   * `relayExcept`, pass it on to the parties' nodes but that one: see ChangeContext). Otherwise nothing
   * is written: `duplicate` (that event is already here), `gap` (earlier events are missing) or
   * `not-applied` with the reason.
   */
  async applyRemote(
    requestId: string,
    action: string,
    rawPayload: Record<string, unknown>,
    actor: Actor,
    at: RemotePosition,
    relayExcept?: string,
  ): Promise<RemoteApplied> {
    const head = await this.remoteHead(requestId, at);
    if (head.refused) {
      return head.refused;
    }
    const { snapshot } = head;
    const request = snapshot.request;
    const def = this.registry.get(request.channel);
    const rule = def.machine.transitions.find((t) => t.action === action);
    if (!rule) {
      return { outcome: 'not-applied', reason: `unknown action ${action}` };
    }
    if (actor.type === 'system' ? !rule.system : !mayTake(rule, request, actor)) {
      return { outcome: 'not-applied', reason: `${action} may not be taken by this actor` };
    }
    // A clock's event names its occasion (see runScheduled): the row's case-file writes need it here too.
    const trigger = actor.type === 'system' ? triggerFromPayload(rawPayload) : undefined;
    const actionPayload = trigger
      ? Object.fromEntries(Object.entries(rawPayload).filter(([key]) => key !== 'trigger'))
      : rawPayload;
    let payload: object;
    try {
      payload = await validatePayload(rule.payload ?? EmptyPayload, actionPayload);
    } catch (err) {
      return { outcome: 'not-applied', reason: `invalid payload: ${(err as Error).message}` };
    }
    const counterpart = await this.authorities.findById(request.requestedAuthorityId);
    const settings = await this.jurisdictions.timerSettings(counterpart?.country ?? '');
    const here = await this.nodeSides(request, counterpart);
    const refusal: RemoteRefusal = {};
    const decide = (current: CooperationRequest): Change | null => {
      if (movedMeanwhile(current, at, refusal)) {
        return null;
      }
      if (!rule.from.includes(current.status)) {
        refusal.reason = `${action} is not possible in ${current.status}`;
        return null;
      }
      if (rule.availableWhen && !rule.availableWhen.test(current, actor)) {
        refusal.reason = rule.availableWhen.reason;
        return null;
      }
      const change = this.buildChange(
        def,
        rule,
        { request: current, payload, actor, now: at.occurredAt, settings, ...(trigger ? { trigger } : {}) },
        here,
      );
      // The payload exactly as the other node recorded it (its hash covers that form).
      return { ...change, event: { ...change.event, payload: rawPayload } };
    };
    return this.applyRemoteChange(
      { requestId, read: snapshot, decide, now: at.occurredAt, ...(relayExcept ? { relayExcept } : {}) },
      refusal,
    );
  }

  /**
   * Inserts this node's copy of a request another node created, with the history it recorded, verbatim
   * (see WorkflowRepository.adopt); `within` writes what belongs with it in the same transaction.
   */
  adoptRemote(
    request: CooperationRequest,
    events: RecordedEvent[],
    within?: (manager: EntityManager) => Promise<void>,
  ): Promise<'adopted' | 'exists'> {
    return this.repository.adopt(request, events, within);
  }

  /**
   * Applies, on this node's copy of a request, a side event another node recorded (a document added,
   * `attach-document`): the same payload, actor and time, so that the event has the same hash; only on top of
   * the head the other node named, by a user of one of the request's parties, while the request has not
   * ended; `within` writes what belongs to it (the document) in its transaction. Outcomes as applyRemote.
   */
  async applyRemoteSideEvent(
    requestId: string,
    event: SideEvent,
    actor: UserActor,
    at: RemotePosition,
    within?: (manager: EntityManager) => Promise<void>,
  ): Promise<RemoteApplied> {
    const head = await this.remoteHead(requestId, at);
    if (head.refused) {
      return head.refused;
    }
    const { snapshot } = head;
    const request = snapshot.request;
    if (!REMOTE_SIDE_EVENTS.has(event.action) || !sideOf(request, actor.authorityId)) {
      return { outcome: 'not-applied', reason: `${event.action} may not be taken by this actor` };
    }
    const refusal: RemoteRefusal = {};
    const decide = (current: CooperationRequest): Change | null => {
      if (movedMeanwhile(current, at, refusal)) {
        return null;
      }
      if (this.registry.get(current.channel).machine.terminal.includes(current.status)) {
        refusal.reason = `no ${event.action} on a ${current.status} request`;
        return null;
      }
      return { request: current, event: this.sideEvent(current, actor, event) };
    };
    return this.applyRemoteChange({ requestId, decide, now: at.occurredAt, within }, refusal);
  }

  /**
   * This node's copy of the request when an event another node recorded at `at` follows its head here;
   * otherwise the outcome to answer (nothing written): `gap`, `duplicate`, or `not-applied` off the head.
   */
  private async remoteHead(
    requestId: string,
    at: RemotePosition,
  ): Promise<{ snapshot: RequestSnapshot; refused?: undefined } | { refused: RemoteApplied }> {
    const snapshot = await this.repository.findSnapshot(requestId);
    if (!snapshot) {
      return { refused: { outcome: 'gap', reason: `request ${requestId} is not here` } };
    }
    const { version } = snapshot.request;
    if (version >= at.caseSeq) {
      return { refused: { outcome: 'duplicate', reason: `event ${at.caseSeq} is already in the history` } };
    }
    if (version < at.caseSeq - 1) {
      return {
        refused: { outcome: 'gap', reason: `the history is at ${version}, the event is ${at.caseSeq}` },
      };
    }
    if (snapshot.lastHash !== at.prevHash) {
      return {
        refused: { outcome: 'not-applied', reason: 'the event does not follow the head of the history here' },
      };
    }
    return { snapshot };
  }

  /** Writes a remote event's change (told to the hooks as remote); `refusal` holds why `decide` declined. */
  private async applyRemoteChange(
    order: Omit<ChangeOrder, 'remote'>,
    refusal: RemoteRefusal,
  ): Promise<RemoteApplied> {
    let applied: Applied;
    try {
      applied = await this.repository.apply({ ...order, remote: true });
    } catch (err) {
      return { outcome: 'not-applied', reason: (err as Error).message };
    }
    if (applied.outcome !== 'applied') {
      return { outcome: refusal.outcome ?? 'not-applied', reason: refusal.reason ?? 'the request is gone' };
    }
    return { outcome: 'applied', committed: applied.committed };
  }

  /** Outbox rows of a module's own work that belongs to no change (see WorkflowRepository.schedule). */
  schedule(
    manager: EntityManager | null,
    requestId: string,
    key: string,
    drafts: OutboxDraft[],
  ): Promise<OutboxEntry[]> {
    return this.repository.schedule(manager, requestId, key, drafts);
  }

  /** Publishes outbox rows a module wrote with `schedule` in its own transaction, once committed. */
  publish(entries: OutboxEntry[]): void {
    this.repository.publish(entries);
  }

  /** Every job a lifecycle table schedules is a system action of some request. */
  onModuleInit(): void {
    for (const name of this.registry.jobNames()) {
      this.jobHandlers.register(name, { run: (job) => this.runScheduled(job.data.outboxId) });
    }
  }

  /**
   * Performs a user's action; 404/403/400/412/409 in that order, nothing changed on any of them. Decided on
   * the row as read and written in one statement if nobody changed it meanwhile; otherwise decided again
   * on the locked row. On a request across nodes whose status the other node owns, the action is sent to
   * it instead (Proposed; nothing written here), unless `asOwner` (a proposal applied here: NOT_OWNER).
   */
  async perform(
    requestId: string,
    action: string,
    rawPayload: unknown,
    actor: UserActor,
    ifMatch?: VersionPrecondition,
    options: { asOwner?: boolean; fourEyes?: FourEyesConfirmation } = {},
  ): Promise<Committed | Proposed> {
    const { snapshot, request, def, decide, remote, now } = await this.plan(
      requestId,
      action,
      rawPayload,
      actor,
      ifMatch,
      options.fourEyes ? 'prepared' : 'direct',
    );
    const confirmation = options.fourEyes;
    if (confirmation) {
      if (remote) {
        throw new FourEyesAcrossNodesError();
      }
      // The transition, its event naming both people, and the confirmation: one transaction.
      const confirmed = (current: CooperationRequest): Change => {
        const change = decide(current);
        return {
          ...change,
          event: { ...change.event, payload: { ...change.event.payload, fourEyes: confirmation.record } },
        };
      };
      return this.applied(
        await this.repository.apply({
          requestId,
          read: snapshot,
          decide: confirmed,
          now,
          within: confirmation.within,
        }),
      );
    }
    const owner = remote ? await ownerElsewhere(this.remoteMoves, def.machine, request) : null;
    if (owner && this.remoteMoves) {
      if (options.asOwner) {
        throw new NotOwnerError(request.status, owner);
      }
      // Checked as here (412, 409) on a copy, written by the owner's node (remote-moves.ts).
      const { event } = decide(copyOf(request));
      return proposeMove(this.remoteMoves, snapshot, { owner, action, payload: event.payload, actor });
    }
    return this.applied(await this.repository.apply({ requestId, read: snapshot, decide, now }));
  }

  /**
   * Checks a user's action as perform would take it now (404/403/400/412/409, the acting State's
   * four-eyes policy aside), on a copy of the request: nothing is written. For a four-eyes preparation.
   */
  async preview(
    requestId: string,
    action: string,
    rawPayload: unknown,
    actor: UserActor,
    ifMatch?: VersionPrecondition,
  ): Promise<Preview> {
    const { request, decide, remote, requirement } = await this.plan(
      requestId,
      action,
      rawPayload,
      actor,
      ifMatch,
      'prepared',
    );
    if (remote) {
      throw new FourEyesAcrossNodesError();
    }
    const { event } = decide(copyOf(request));
    return { request, payload: event.payload, requirement };
  }

  /**
   * The acting State's four-eyes requirement on a user's action, or null: none for a user of an authority
   * hosted on another node (its own node applies its policy), nor on a request with a party on another
   * node (see FourEyesAcrossNodesError).
   */
  async fourEyesRequirement(
    request: CooperationRequest,
    action: string,
    actor: UserActor,
    remote?: boolean,
  ): Promise<FourEyesRequirement | null> {
    const named = await this.namedByPolicy(request, action, actor);
    // The policy is read first: most actions need no four eyes, and then no party is looked up.
    if (!named || (remote ?? (await this.remoteParty(request)))) {
      return null;
    }
    return named;
  }

  /** Which of the actions this caller may take now need four eyes (a preparation and a confirmation). */
  async fourEyesActions(
    request: CooperationRequest,
    actor: UserActor,
    available: string[],
  ): Promise<string[]> {
    if (!this.fourEyes || available.length === 0) {
      return [];
    }
    const named = await Promise.all(available.map((a) => this.namedByPolicy(request, a, actor)));
    const needed = available.filter((_, i) => named[i] !== null);
    return needed.length > 0 && !(await this.remoteParty(request)) ? needed : [];
  }

  /** The acting State's policy on the action, for a user of an authority hosted here; null otherwise. */
  private async namedByPolicy(
    request: CooperationRequest,
    action: string,
    actor: UserActor,
  ): Promise<FourEyesRequirement | null> {
    if (!this.fourEyes) {
      return null;
    }
    const acting = await this.authorities.findById(actor.authorityId);
    if (!acting || acting.nodeOrigin) {
      return null;
    }
    return this.fourEyes.requirementFor(acting.country, request.channel, action);
  }

  /**
   * A user's action checked up to its decision: 404/403, the acting State's four-eyes policy on a direct
   * action (409 FOUR_EYES_REQUIRED), 400; the decision (412/409 and the change) runs on the row it is
   * written against.
   */
  private async plan(
    requestId: string,
    action: string,
    rawPayload: unknown,
    actor: UserActor,
    ifMatch: VersionPrecondition | undefined,
    mode: FourEyesMode,
  ): Promise<Plan> {
    const snapshot = await this.repository.findSnapshot(requestId);
    const request = snapshot?.request;
    if (!snapshot || !request || !canSee(request, actor.authorityId)) {
      throw new NotFoundError('Request');
    }
    const def = this.registry.get(request.channel);
    const rule = def.machine.transitions.find((t) => t.action === action);
    if (!rule || rule.actors.length === 0) {
      const userActions = def.machine.transitions.filter((t) => t.actors.length > 0).map((t) => t.action);
      throw new UnknownActionError(action, def.channel, userActions);
    }
    if (!mayTake(rule, request, actor)) {
      if (rule.actorWhen && byTheTable(rule, request, actor)) {
        throw new ForbiddenError(rule.actorWhen.reason);
      }
      const allowed = rule.actors.map((a) => `${a.side} ${a.roles.join('/')}`).join(' or ');
      throw new ForbiddenError(
        `Only the ${allowed} may ${action}; you act for the ${sideOf(request, actor.authorityId)} side`,
      );
    }
    const remote = await this.remoteParty(request);
    const requirement = await this.fourEyesRequirement(request, action, actor, remote);
    if (requirement && mode === 'direct') {
      throw new FourEyesRequiredError(requestId, requirement);
    }
    const payload = await validatePayload(rule.payload ?? EmptyPayload, rawPayload);
    const referenced = (
      await Promise.all(this.payloadChecks.map((check) => check(request, action, payload)))
    ).flat();
    if (referenced.length > 0) {
      throw new ValidationFailedError(referenced);
    }
    const counterpart = await this.authorities.findById(request.requestedAuthorityId);
    const settings = await this.jurisdictions.timerSettings(counterpart?.country ?? '');
    const facts = rule.requiresComplete ? await this.submissionFacts(request, counterpart) : undefined;
    const here = await this.nodeSides(request, counterpart, remote);
    const now = new Date();
    // Runs on the row the change is written against: the snapshot, or the locked row after a conflict.
    const decide = (current: CooperationRequest): Change => {
      if (ifMatch && preconditionFails(ifMatch, current.version)) {
        throw new VersionMismatchError(ifMatch, current.version);
      }
      if (!rule.from.includes(current.status)) {
        throw new InvalidTransitionError(action, current.status, rule.from);
      }
      if (rule.availableWhen && !rule.availableWhen.test(current, actor)) {
        throw new ActionNotAvailableError(action, rule.availableWhen.reason);
      }
      if (rule.requiresComplete) {
        this.assertComplete(def, current, counterpart, action, facts);
      }
      // A party on another node: only the effects that run on this node (runsHere).
      return this.buildChange(def, rule, { request: current, payload, actor, now, settings }, here);
    };
    return { snapshot, request, def, decide, remote, requirement, now };
  }

  /**
   * Runs a scheduled system action (delivery, timer, a linked request's news) exactly once. It does
   * nothing when its occasion has passed: the target is no longer in a state where the action applies,
   * or the effect's own check (e.g. the expiry it was set for was extended) fails.
   */
  async runScheduled(
    outboxId: string,
  ): Promise<'applied' | 'skipped' | 'already-done' | 'missing' | 'proposed'> {
    const context = await this.repository.findJob(outboxId);
    if (!context) {
      return 'missing';
    }
    if (context.entry.processedAt) {
      return 'already-done';
    }
    const source = context.sourceChannel ? this.registry.find(context.sourceChannel) : undefined;
    const effect = source ? this.effectFor(source, context.entry.jobName) : undefined;
    const target = context.snapshot?.request;
    const counterpart = target ? await this.authorities.findById(target.requestedAuthorityId) : null;
    const settings = await this.jurisdictions.timerSettings(counterpart?.country ?? '');
    const here = target ? await this.nodeSides(target, counterpart) : null;
    const now = new Date();
    const decide = (locked: CooperationRequest, locking: OutboxEntry): Change | null => {
      const def = this.registry.get(locked.channel);
      const rule = effect && systemRuleFor(def, effect);
      const trigger = triggerOf(locking);
      if (
        !effect ||
        !rule ||
        !rule.from.includes(locked.status) ||
        (rule.availableWhen && !rule.availableWhen.test(locked)) ||
        (effect.validWhile && !effect.validWhile(locked, trigger))
      ) {
        return null;
      }
      const change = this.buildChange(
        def,
        rule,
        { request: locked, payload: {}, actor: { type: 'system' }, now, settings, trigger },
        here,
      );
      // Across nodes the event names its occasion, for the other node's case-file writes (applyRemote).
      return here ? { ...change, event: { ...change.event, payload: triggerPayload(trigger) } } : change;
    };
    // A clock of this node in a status the other node owns: sent to it (remote-moves.ts). A linked request's
    // news runs where runsHere put it.
    const owner =
      target &&
      (effect?.target ?? 'self') === 'self' &&
      (await ownerElsewhere(this.remoteMoves, this.registry.get(target.channel).machine, target));
    if (owner && context.snapshot && this.remoteMoves) {
      const change = decide(copyOf(context.snapshot.request), context.entry);
      return proposeClock(this.remoteMoves, context.snapshot, context.entry, owner, change, (outcome) =>
        this.repository.markOutboxProcessed(outboxId, outcome, new Date()),
      );
    }
    // Decided on the rows as read and written in one statement; on a conflict, again on the locked rows.
    const applied = await this.repository.apply({
      requestId: context.entry.requestId,
      read: context.snapshot,
      job: context.entry,
      decide: (locked, locking) => decide(locked, locking ?? context.entry),
      now,
    });
    return applied.outcome;
  }

  /**
   * Creates a draft in its channel's initial state, with its reference number (numbered per
   * `referenceCountry` and year) and its first event (`create`, carrying `payload` and the reference).
   */
  createDraft(
    draft: NewRequest,
    referenceCountry: string,
    actor: UserActor,
    payload: Record<string, unknown>,
  ): Promise<Committed> {
    const status = this.registry.get(draft.channel).machine.initial;
    return this.repository.create(
      { ...draft, status },
      referenceCountry,
      {
        action: 'create',
        fromStatus: null,
        toStatus: status,
        actorType: 'user',
        actorUserId: actor.userId,
        actorAuthorityId: actor.authorityId,
        payload,
      },
      new Date(),
    );
  }

  /**
   * Edits a draft, decided on the locked row: 412 when `ifMatch` names another version, 409 unless the
   * request is still in its channel's initial state; then `edit` writes the fields and the event `edit`
   * records `changes`. 404 when the request is gone.
   */
  async editDraft(
    requestId: string,
    actor: UserActor,
    changes: Record<string, unknown>,
    edit: (draft: CooperationRequest) => void,
    ifMatch?: VersionPrecondition,
  ): Promise<Committed> {
    const decide = (locked: CooperationRequest): Change => {
      if (ifMatch && preconditionFails(ifMatch, locked.version)) {
        throw new VersionMismatchError(ifMatch, locked.version);
      }
      const initial = this.registry.get(locked.channel).machine.initial;
      if (locked.status !== initial) {
        throw new InvalidTransitionError('edit', locked.status, [initial]);
      }
      edit(locked);
      return {
        request: locked,
        event: this.sideEvent(locked, actor, { action: 'edit', payload: { changes } }),
      };
    };
    return this.applied(await this.repository.apply({ requestId, decide, now: new Date() }));
  }

  /**
   * Records a side event of a module on a request (versioned, chained in its history, heard by the change
   * hooks; the status unchanged), decided on the locked row: `check` may refuse it there (it throws a
   * DomainError), `within` writes what belongs to it in the same transaction. 404 when the request is gone.
   */
  async recordEvent(
    requestId: string,
    actor: UserActor,
    event: SideEvent,
    options: {
      check?: (locked: CooperationRequest) => void;
      within?: (manager: EntityManager) => Promise<void>;
    } = {},
  ): Promise<Committed> {
    const decide = (locked: CooperationRequest): Change => {
      options.check?.(locked);
      return { request: locked, event: this.sideEvent(locked, actor, event) };
    };
    return this.applied(
      await this.repository.apply({ requestId, decide, now: new Date(), within: options.within }),
    );
  }

  /** Registers code to run in every change's transaction (e.g. webhook deliveries; see ChangeHook). */
  addChangeHook(hook: ChangeHook): void {
    this.repository.addChangeHook(hook);
  }

  /** The request alone, or null. */
  findRequest(id: string): Promise<CooperationRequest | null> {
    return this.repository.findById(id);
  }

  /** The request with the requests that follow it up, read together (for an answer), or null. */
  async findWithFollowUps(
    id: string,
  ): Promise<{ request: CooperationRequest; followUps: FollowUpSummary[] } | null> {
    const snapshot = await this.repository.findSnapshot(id);
    return snapshot && { request: snapshot.request, followUps: snapshot.followUps };
  }

  /** An authority's outgoing or incoming requests, newest first, keyset-paginated. */
  listRequests(filter: ListFilter): Promise<CooperationRequest[]> {
    return this.repository.list(filter);
  }

  /**
   * A request's legal clocks, soonest first, each with what it is now: `fired`, `void` (its occasion has
   * passed, with why), or `pending`. A pending clock whose job has not run yet is judged as its job would
   * judge it, at once: void when the request has ended, when the effect's own check no longer holds (an
   * extension set a later expiry), or when its action can never happen again from the current status (a
   * provisional-arrest lapse after the formal request arrived).
   */
  async timersOf(request: CooperationRequest): Promise<TimerState[]> {
    const entries = await this.repository.timersOf(request.id);
    return entries.map((entry) => ({ entry, ...this.timerState(request, entry) }));
  }

  /** An outbox row, for a module's own job (a webhook delivery). */
  findOutbox(id: string): Promise<OutboxEntry | null> {
    return this.repository.findOutbox(id);
  }

  /** Settles the outbox row of a module's own job that changes no request; false if already processed. */
  settleOutbox(id: string, outcome: string, now: Date): Promise<boolean> {
    return this.repository.markOutboxProcessed(id, outcome, now);
  }

  /** The actions this caller may take now, for `availableActions`. */
  availableActions(request: CooperationRequest, actor: UserActor): string[] {
    const def = this.registry.find(request.channel);
    if (!def) {
      return [];
    }
    return def.machine.transitions
      .filter(
        (t) =>
          t.actors.length > 0 &&
          t.from.includes(request.status) &&
          (!t.availableWhen || t.availableWhen.test(request, actor)) &&
          mayTake(t, request, actor),
      )
      .map((t) => t.action);
  }

  /**
   * Mandatory contents of the channel, and what the requested State's declarations rule out (a language
   * it does not accept without a certified translation, a channel it does not take, the channel's own
   * declaration checks); without facts, the counterpart authority's languages.
   */
  assertComplete(
    def: ChannelDefinition,
    request: CooperationRequest,
    counterpart: AuthorityRef | null,
    action: string,
    facts?: SubmissionFacts,
  ): void {
    const problems: FieldProblem[] = [
      ...def.missingForSubmission(request, action),
      ...declarationProblems(def, request, counterpart, facts),
    ];
    if (problems.length > 0) {
      throw new IncompleteRequestError(problems);
    }
  }

  /** The committed change, or 404 when its request is gone. */
  private applied(applied: Applied): Committed {
    if (applied.outcome !== 'applied') {
      throw new NotFoundError('Request');
    }
    return applied.committed;
  }

  /** A user's event that leaves the status as it is. */
  private sideEvent(request: CooperationRequest, actor: UserActor, event: SideEvent): Change['event'] {
    return {
      action: event.action,
      fromStatus: request.status,
      toStatus: request.status,
      actorType: 'user',
      actorUserId: actor.userId,
      actorAuthorityId: actor.authorityId,
      payload: event.payload,
    };
  }

  /** What a clock is now, judged as its job would judge it if it ran on the request as it is. */
  private timerState(request: CooperationRequest, entry: OutboxEntry): Omit<TimerState, 'entry'> {
    if (entry.processedAt) {
      if (entry.outcome === 'proposed') {
        // Across nodes, in a status the other node sequences: it fired here and its move went there.
        return {
          status: 'fired',
          reason: 'came due here; applied by the node that sequences this status',
          reasonCode: 'applied-elsewhere',
          reasonParams: {},
        };
      }
      return entry.outcome === 'applied'
        ? { status: 'fired', ...NO_REASON }
        : {
            status: 'void',
            reason: 'its occasion had passed when it came due',
            reasonCode: 'occasion-passed',
            reasonParams: {},
          };
    }
    const def = this.registry.find(request.channel);
    if (!def) {
      return { status: 'pending', ...NO_REASON };
    }
    if (def.machine.terminal.includes(request.status)) {
      return {
        status: 'void',
        reason: `the request has ended (${request.status})`,
        reasonCode: 'request-ended',
        reasonParams: { status: request.status },
      };
    }
    const effect = this.effectFor(def, entry.jobName);
    const rule = effect && systemRuleFor(def, effect);
    if (!effect || !rule) {
      return { status: 'pending', ...NO_REASON };
    }
    const trigger = triggerOf(entry);
    if (effect.validWhile && !effect.validWhile(request, trigger)) {
      return {
        status: 'void',
        reason: effect.voidReason ?? 'superseded: what it was set for no longer holds',
        reasonCode: 'superseded',
        reasonParams: {},
      };
    }
    if (!rule.from.some((s) => reachableStates(def.machine, request.status).has(s))) {
      return {
        status: 'void',
        reason: `'${rule.action}' can no longer happen: the request is ${request.status}`,
        reasonCode: 'cannot-happen',
        reasonParams: { status: request.status, action: rule.action },
      };
    }
    return { status: 'pending', ...NO_REASON };
  }

  /** The effect a job name stands for in a channel's table (one definition per job name). */
  private effectFor(def: ChannelDefinition, jobName: string): EffectRule | undefined {
    for (const t of def.machine.transitions) {
      const effect = t.effects?.find((e) => e.job === jobName);
      if (effect) {
        return effect;
      }
    }
    return undefined;
  }

  /**
   * Where this node stands on a request across nodes (see runsHere), or null for a request of this node
   * alone. The followed-up request's news runs where that request is, with its requested side hosted here.
   */
  private async nodeSides(
    request: CooperationRequest,
    counterpart: AuthorityRef | null,
    remote?: boolean,
  ): Promise<NodeSides | null> {
    if (!(remote ?? (await this.remoteParty(request)))) {
      return null;
    }
    const followed = request.followsUpRequestId
      ? await this.repository.findById(request.followsUpRequestId)
      : null;
    const followedRequested = followed
      ? await this.authorities.findById(followed.requestedAuthorityId)
      : null;
    // A node hosting only further parties of a multi-party request runs neither side's clocks.
    const requesting =
      counterpart && !counterpart.nodeOrigin
        ? null
        : await this.authorities.findById(request.requestingAuthorityId);
    return {
      side:
        counterpart && !counterpart.nodeOrigin ? 'requested' : requesting?.nodeOrigin ? null : 'requesting',
      followedUpHere: followedRequested !== null && !followedRequested.nodeOrigin,
    };
  }

  private buildChange(
    def: ChannelDefinition,
    rule: TransitionRule,
    ctx: TransitionContext<object>,
    here: NodeSides | null = null,
  ): Change {
    const { request, payload, actor } = ctx;
    rule.guard?.(ctx);
    const fromStatus = request.status;
    const toStatus = rule.keepsStatus
      ? fromStatus
      : rule.pickTarget
        ? rule.pickTarget(payload, request, actor)
        : rule.to[0];
    rule.apply?.(ctx);
    request.status = toStatus;
    const priority =
      def.priorityOf?.(request) ?? PRIORITY_BY_URGENCY[request.urgency] ?? PRIORITY_BY_URGENCY.normal;
    return {
      request,
      event: {
        action: rule.action,
        fromStatus,
        toStatus,
        actorType: actor.type,
        actorUserId: actor.type === 'user' ? actor.userId : null,
        actorAuthorityId: actor.type === 'user' ? actor.authorityId : null,
        payload: instanceToPlain(payload) as Record<string, unknown>,
      },
      outbox: (rule.effects ?? [])
        .filter((e) => runsHere(e, here))
        .flatMap((e) => this.scheduleEffect(def, e, ctx as TransitionContext<never>, priority)),
    };
  }

  private scheduleEffect(
    def: ChannelDefinition,
    effect: EffectRule,
    ctx: TransitionContext<never>,
    priority: number,
  ): OutboxDraft[] {
    if (effect.when && !effect.when(ctx)) {
      return [];
    }
    const targetRequestId = effect.target === 'followed-up' ? ctx.request.followsUpRequestId : ctx.request.id;
    if (!targetRequestId) {
      return [];
    }
    const at = effect.runAt ? effect.runAt(ctx) : ctx.now;
    const dates = at === null ? [] : Array.isArray(at) ? (at as readonly Date[]) : [at as Date];
    return dates.map((runAt) => ({
      queue: def.queue,
      jobName: effect.job,
      runAt,
      priority,
      targetRequestId,
      kind: effect.timer ? ('timer' as const) : ('transition' as const),
      label: effect.timer?.label,
      basis: effect.timer?.basis,
      params: { ...effect.params?.(ctx), action: effect.systemAction },
    }));
  }
}
