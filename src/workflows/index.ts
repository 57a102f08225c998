/**
 * The engine's public face: feature and channel modules import from '@/workflows' only, never from a file
 * under src/workflows (dependency-cruiser enforces it). What is here is what a channel needs to declare its
 * lifecycle table (types, building blocks, shared payloads) and what the other modules need to use the
 * engine (its Nest modules, the service that performs changes, the history it writes, its ports).
 */

// Nest modules and the services other modules use.
export { WorkflowsModule } from './workflows.module';
export { WorkflowWorkersModule } from './workflow-workers.module';
export { ChannelRegistry, assertMachineIsConsistent } from './channel-registry';
export {
  WorkflowService,
  type FourEyesConfirmation,
  type PayloadCheck,
  type Preview,
  type RemoteApplied,
  type RemotePartyCheck,
  type RemotePosition,
  type SideEvent,
  type TimerReasonCode,
  type TimerState,
  type UserActor,
} from './workflow.service';
export type {
  Change,
  ChangeContext,
  ChangeHook,
  CommitObserver,
  Committed,
  NewRequest,
  OutboxDraft,
  RecordedEvent,
} from './workflow.repository';
export { JobHandlers, type JobHandler, type JobObserver, type JobRun } from './job-handlers';
export { OutboxRelay } from './outbox/outbox-relay.service';
export { QueueHealth } from './queue-health';
export { EngineGauges, type OutboxGauges, type QueueDepth } from './engine-gauges';
export { addActionPaths } from './openapi-action-paths';

// Ports the engine needs, implemented by the modules that own the data.
export {
  AuthorityDirectory,
  StatePeriods,
  type AuthorityRef,
  type FourEyesPolicy,
  type FourEyesRequirement,
} from './ports';

// The request, its fields and the history the engine writes.
export { CooperationRequest } from './entities/cooperation-request.entity';
export { ReferenceCounter } from './entities/reference-counter.entity';
export type { CaseData, Condition, EvidenceItem, Offence, PersonConcerned } from './request-fields';
export { AuditEvent } from './history/audit-event.entity';
export { computeEventHash, type HashedEventFields } from './history/event-hash';
export { APPEND_FENCE_LOCK, CHECKPOINT_LOCK, type NewAuditEvent } from './history/history-writer';
export { OutboxEntry } from './outbox/outbox-entry.entity';
export type { FollowUpSummary } from './change-statements';

// Declaring a channel: table types, access rules, building blocks of tables, shared payloads, errors.
export type {
  Actor,
  ActorRule,
  CaseOf,
  ChannelDefinition,
  DeclaredRules,
  DocumentReader,
  DocumentRef,
  DraftLinkContext,
  EffectRule,
  EffectTarget,
  Side,
  SubmissionFacts,
  TimerSettings,
  TransitionContext,
  TransitionRule,
  WorkflowMachine,
} from './workflow.types';
export { canSee, mayTake, partiesOf, sideOf } from './access';
export { requestedApprover, requestedOfficer, requestingApprover, requestingOfficer } from './actors';
export { JobName, PRIORITY_BY_URGENCY, type ScheduledJob } from './queue.constants';
export { deliverToCounterpart, sendAndDeliver } from './delivery-rules';
export { requiredBefore } from './missing-fields';
export { effectRunsOn, stateOwner } from './state-owner';
export {
  NotOwnerError,
  type PendingMove,
  type Proposed,
  type ProposedMove,
  type RemoteMovesPort,
  type RemoteStanding,
} from './remote-moves';
export {
  ahead,
  daysAfter,
  daysBefore,
  deadlineReminders,
  enquiryReminder,
  followUpEnded,
  followUpReceived,
  holdersOf,
  recordReminder,
} from './shared-effects';
export { EmptyPayload } from './payloads/empty.payload';
export { EvidenceItemDto } from './payloads/evidence-item.payload';
export { WithdrawPayload } from './payloads/withdraw.payload';
export {
  AnswerStatusPayload,
  NotifyDelayPayload,
  QueryStatusPayload,
} from './payloads/status-enquiry.payload';
export { CONDITION_TYPES, ConditionDto, ProposeConditionsPayload } from './payloads/conditions.payload';
export {
  ActionNotAvailableError,
  ForbiddenRefusalGroundError,
  FourEyesAcrossNodesError,
  FourEyesRequiredError,
  IncompleteRequestError,
  InvalidTransitionError,
  UnknownActionError,
  preconditionFails,
  type VersionPrecondition,
  VersionMismatchError,
} from './workflow.errors';
