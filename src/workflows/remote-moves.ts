import { DomainError } from '@/common/errors/domain-error';
import type { CooperationRequest } from './entities/cooperation-request.entity';
import type { OutboxEntry } from './outbox/outbox-entry.entity';
import type { FollowUpSummary } from './change-statements';
import { stateOwner } from './state-owner';
import type { Change, RequestSnapshot } from './workflow.repository';
import type { Actor, Side, WorkflowMachine } from './workflow.types';

/*
 * One sequencer per status (docs/federation.md "Consistency"). On a request whose other party is on another
 * node, only the node of the side that owns the current status (stateOwner) writes its history; a move taken
 * on the other node (a user's action, or a clock its node runs) is validated there as usual and then sent to
 * the owner's node as a proposal, which applies it on its own head or answers `not-applied`. The engine knows
 * nothing of nodes: the federation module registers the port below (WorkflowService.setRemoteMoves).
 */

/** A clock that fired on the node that does not own the status: its outbox row, as the owner needs it. */
export interface ProposedTrigger {
  jobName: string;
  runAt: Date;
  params: Record<string, string | null>;
  outboxId: string;
}

/** A move the owner's node is asked to make, decided here on the head `prevHash` (version `caseSeq - 1`). */
export interface ProposedMove {
  request: CooperationRequest;
  /** The side that owns the request's status: the node hosting its party sequences the move. */
  owner: Side;
  action: string;
  /** The validated payload, in its plain (recorded) form. */
  payload: Record<string, unknown>;
  actor: Actor;
  prevHash: string | null;
  caseSeq: number;
  trigger?: ProposedTrigger;
}

/** A move sent to the owner's node and not settled yet (shown on the request). */
export interface PendingMove {
  action: string;
  envelopeId: string;
  sentTo: string;
  at: Date;
  by: 'user' | 'system';
}

/** A request's standing with the other node: moves awaiting the owner, and a quarantine if any. */
export interface RemoteStanding {
  pendingMoves: PendingMove[];
  quarantine: { since: Date; peer: string; seq: number; reason: string } | null;
}

export interface RemoteMovesPort {
  /**
   * The side this node sequences on a request with a party on another node (`further`: it hosts only further
   * parties of a multi-party request, and sends every move to the owner's node); null otherwise.
   */
  sideHere(request: CooperationRequest): Promise<Side | 'further' | null>;
  /** Sends a move to the owner's node (its envelope and outbox row in one transaction). */
  propose(move: ProposedMove): Promise<PendingMove>;
  standing(requestId: string): Promise<RemoteStanding>;
}

/** What `perform` answers when the move went to the owner's node: the request as it is, nothing written here. */
export interface Proposed {
  request: CooperationRequest;
  event: null;
  outbox: OutboxEntry[];
  followUps: FollowUpSummary[];
  proposed: PendingMove;
}

/** A proposal applied as the owner found the status owned by the other node (it moved meanwhile). */
export class NotOwnerError extends DomainError {
  constructor(status: string, owner: Side) {
    super(
      'NOT_OWNER',
      'conflict',
      `the status moved to ${status}, which the ${owner} node sequences; this node does not own it`,
      { status, owner },
    );
  }
}

/** The side owning the request's status when it is not this node's (null: move here). */
export async function ownerElsewhere(
  port: RemoteMovesPort | null,
  machine: WorkflowMachine,
  request: CooperationRequest,
): Promise<Side | null> {
  const here = port ? await port.sideHere(request) : null;
  if (!here) {
    return null;
  }
  const owner = stateOwner(machine, request.status);
  return owner === here ? null : owner;
}

/** A copy of a request to decide on without touching the one read (a proposal writes nothing here). */
export function copyOf(request: CooperationRequest): CooperationRequest {
  return Object.assign(
    Object.create(Object.getPrototypeOf(request) as object) as CooperationRequest,
    structuredClone({ ...request }),
  );
}

/** Sends a user's move, decided on `snapshot`, to the owner's node; the request answered as it is here. */
export async function proposeMove(
  port: RemoteMovesPort,
  snapshot: RequestSnapshot,
  move: Pick<ProposedMove, 'owner' | 'action' | 'payload' | 'actor'>,
): Promise<Proposed> {
  const proposed = await port.propose({
    ...move,
    request: snapshot.request,
    prevHash: snapshot.lastHash,
    caseSeq: snapshot.request.version + 1,
  });
  return { request: snapshot.request, event: null, outbox: [], followUps: snapshot.followUps, proposed };
}

/**
 * A clock that came due in a status the other node owns: its occasion passed (`change` null: the row is
 * settled `skipped`), or it is sent to the owner with its trigger and the row settled `proposed`. The port
 * writes one proposal per outbox row, so a rerun after a crash between the two steps sends nothing twice.
 */
export async function proposeClock(
  port: RemoteMovesPort,
  snapshot: RequestSnapshot,
  entry: OutboxEntry,
  owner: Side,
  change: Change | null,
  settle: (outcome: 'skipped' | 'proposed') => Promise<boolean>,
): Promise<'skipped' | 'proposed'> {
  if (!change) {
    await settle('skipped');
    return 'skipped';
  }
  await port.propose({
    request: snapshot.request,
    owner,
    action: change.event.action,
    payload: {},
    actor: { type: 'system' },
    prevHash: snapshot.lastHash,
    caseSeq: snapshot.request.version + 1,
    trigger: {
      jobName: entry.jobName,
      runAt: entry.runAt,
      params: entry.payload as Record<string, string | null>,
      outboxId: entry.id,
    },
  });
  await settle('proposed');
  return 'proposed';
}
