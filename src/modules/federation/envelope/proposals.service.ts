import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '@/common/errors/domain-error';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import {
  ChannelRegistry,
  type CooperationRequest,
  effectRunsOn,
  type PendingMove,
  PRIORITY_BY_URGENCY,
  type ProposedMove,
  type RemoteStanding,
  type Side,
  sideOf,
  stateOwner,
  WorkflowService,
} from '@/workflows';
import { NodeIdentityService } from '../node-identity.service';
import { CaseEvents, RetryLaterError } from './case-events.service';
import { EnvelopeWriter } from './envelope-writer.service';
import type { EnvelopeRow } from './envelopes.repository';
import { PartyNodes } from './party-nodes';
import { FederationQuarantine } from './quarantine.service';

/** A move as it travels in a proposal envelope (`body.proposal`). */
export interface ProposalBody {
  action: string;
  payload: Record<string, unknown>;
  actor: { type: 'user'; userId: string; authorityId: string; roles: string[] } | { type: 'system' };
  trigger?: {
    jobName: string;
    runAt: string;
    params: Record<string, string | null>;
    outboxId: string;
  };
}

/** What the owner concluded about a proposal, for its PROCESSED receipt. */
export interface ProposalOutcome {
  result: 'applied' | 'not-applied';
  reason: string | null;
}

/** The roles a remote user's move may carry (its node vouches for them; the table checks them here). */
const USER_ROLES = ['officer', 'approver'] as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The problems of an untrusted proposal's shape (empty when it is well-formed). */
export function proposalProblems(raw: unknown): string[] {
  if (!isObject(raw)) {
    return ['proposal must be an object'];
  }
  const problems: string[] = [];
  if (typeof raw.action !== 'string' || !/^[a-z][a-z-]{0,63}$/.test(raw.action)) {
    problems.push('proposal.action must be an action name');
  }
  if (!isObject(raw.payload)) {
    problems.push('proposal.payload must be an object');
  }
  const a = raw.actor;
  const user =
    isObject(a) &&
    a.type === 'user' &&
    typeof a.userId === 'string' &&
    typeof a.authorityId === 'string' &&
    Array.isArray(a.roles) &&
    a.roles.every((r) => typeof r === 'string');
  const t = raw.trigger;
  const system =
    isObject(a) &&
    a.type === 'system' &&
    isObject(t) &&
    typeof t.jobName === 'string' &&
    typeof t.runAt === 'string' &&
    !Number.isNaN(Date.parse(t.runAt)) &&
    typeof t.outboxId === 'string' &&
    isObject(t.params) &&
    Object.values(t.params).every((v) => v === null || typeof v === 'string');
  if (!user && !system) {
    problems.push(
      'proposal.actor must be a user { userId, authorityId, roles } or the system with a trigger',
    );
  }
  return problems;
}

/**
 * Owner sequencing (docs/federation.md "Consistency"), the federation's side of the engine's remote-moves
 * port. Out: a move this node does not sequence becomes a proposal envelope to the owner's node (written
 * with its outbox row in one transaction), shown as pending on the request until the owner's PROCESSED
 * receipt. In: a peer's proposal is applied on this node's own head, through the normal write path (its
 * change hook sends the resulting event back), as an action of the remote user or as the clock it names;
 * or answered `not-applied` with the reason.
 */
@Injectable()
export class FederationProposals implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: NodeIdentityService,
    private readonly workflows: WorkflowService,
    private readonly registry: ChannelRegistry,
    private readonly authorities: AuthoritiesService,
    private readonly writer: EnvelopeWriter,
    private readonly quarantine: FederationQuarantine,
    private readonly cases: CaseEvents,
  ) {}

  onModuleInit(): void {
    if (!this.identity.enabled) {
      return;
    }
    this.workflows.setRemoteMoves({
      sideHere: async (request) => (await this.nodesOf(request)).here,
      propose: (move) => this.propose(move),
      standing: (requestId) => this.standing(requestId),
    });
  }

  /** Where the request's parties are hosted (PartyNodes). */
  private async nodesOf(request: CooperationRequest): Promise<PartyNodes> {
    return PartyNodes.load(this.authorities, request);
  }

  private async propose(move: ProposedMove): Promise<PendingMove> {
    const request = move.request;
    const nodes = await this.nodesOf(request);
    // The owner side's node: the one hosting that side's named authority (never a further party's).
    const peer = nodes.nodeOfSide(move.owner);
    if (!peer) {
      throw new Error(`request ${request.id}: the ${move.owner} side is not on another node`);
    }
    const fromAuthority =
      move.actor.type === 'user' && nodes.hostOf(move.actor.authorityId) === null
        ? move.actor.authorityId
        : (nodes.firstHostedBy(null) ?? null);
    const toAuthority =
      move.owner === 'requesting' ? request.requestingAuthorityId : request.requestedAuthorityId;
    if (move.trigger) {
      // One proposal per outbox row of a clock (a rerun of its job after a crash sends nothing twice).
      const sent = await this.pendingOf(request.id, move.trigger.outboxId);
      if (sent) {
        return sent;
      }
    }
    const proposal: ProposalBody = {
      action: move.action,
      payload: move.payload,
      actor:
        move.actor.type === 'user'
          ? {
              type: 'user',
              userId: move.actor.userId,
              authorityId: move.actor.authorityId,
              roles: [...move.actor.roles],
            }
          : { type: 'system' },
      ...(move.trigger ? { trigger: { ...move.trigger, runAt: move.trigger.runAt.toISOString() } } : {}),
    };
    const { envelope, entries } = await this.dataSource.transaction(async (m) => {
      const written = await this.writer.write(m, peer, {
        type: `${request.channel}.${move.action}`,
        from: { node: this.identity.origin, authority: fromAuthority },
        to: { node: peer, authority: toAuthority },
        case: { id: request.id, channel: request.channel },
        caseSeq: move.caseSeq,
        prev: move.prevHash,
        actor: { role: null, ref: move.actor.type === 'user' ? move.actor.userId : null },
        body: { proposal },
      });
      const scheduled = await this.workflows.schedule(m, request.id, `out-${written.rowId}`, [
        this.writer.sendDraft(written.rowId, request.urgency),
      ]);
      return { envelope: written.envelope, entries: scheduled };
    });
    this.workflows.publish(entries);
    return {
      action: move.action,
      envelopeId: envelope.id,
      sentTo: peer,
      at: new Date(envelope.createdAt),
      by: move.actor.type,
    };
  }

  /** Proposals sent and not settled by a PROCESSED receipt (nor rejected), oldest first; and the quarantine. */
  private async standing(requestId: string): Promise<RemoteStanding> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT e.* FROM federation_envelopes e
        WHERE e.direction = 'out' AND e.request_id = $1 AND e.envelope->'body' ? 'proposal'
          AND e.status <> 'rejected'
          AND NOT EXISTS (SELECT 1 FROM federation_receipts r WHERE r.envelope_row_id = e.id AND r.kind = 'PROCESSED')
        ORDER BY e.created_at, e.id`,
      [requestId],
    );
    const q = await this.quarantine.find(requestId);
    return {
      pendingMoves: rows.map(pendingOfRow),
      quarantine: q && { since: q.since, peer: q.peerOrigin, seq: q.seq, reason: q.reason },
    };
  }

  private async pendingOf(requestId: string, outboxId: string): Promise<PendingMove | null> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM federation_envelopes WHERE direction = 'out' AND request_id = $1
          AND envelope->'body'->'proposal'->'trigger'->>'outboxId' = $2`,
      [requestId, outboxId],
    );
    return rows[0] ? pendingOfRow(rows[0]) : null;
  }

  /** Whether this node proposed `action` by its user `userId` on the request to `peer` (its event comes back). */
  async proposedHere(
    requestId: string,
    peer: string,
    action: string,
    userId: string | null,
  ): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM federation_envelopes WHERE direction = 'out' AND request_id = $1 AND peer_origin = $2
          AND envelope->'body'->'proposal'->>'action' = $3
          AND envelope->'body'->'proposal'->'actor'->>'userId' IS NOT DISTINCT FROM $4 LIMIT 1`,
      [requestId, peer, action, userId],
    );
    return rows.length > 0;
  }

  /** A peer's proposal, applied on this node's head or answered `not-applied` with the reason. */
  async apply(row: EnvelopeRow): Promise<ProposalOutcome> {
    const notApplied = (reason: string): ProposalOutcome => ({ result: 'not-applied', reason });
    const raw = row.envelope.body.proposal;
    const problems = proposalProblems(raw);
    if (problems.length > 0) {
      return notApplied(problems.join('; '));
    }
    const p = raw as ProposalBody;
    const caseId = row.envelope.case.id;
    const request = await this.workflows.findRequest(caseId);
    if (!request && (await this.cases.earlierWaiting(row.peerOrigin, caseId, row.id))) {
      // A move sent right after the submission, applied before it: once the copy is here.
      throw new RetryLaterError(`request ${caseId} is not here yet: its submission is still to be applied`);
    }
    const nodes = request && (await this.nodesOf(request));
    if (!request || !nodes?.hostsAny(row.peerOrigin)) {
      return notApplied(`no request ${caseId} here that ${row.peerOrigin} is party to`);
    }
    if (p.actor.type === 'user') {
      // A user of a party the sender hosts (a further party's node proposes for its own party).
      if (nodes.hostOf(p.actor.authorityId) !== row.peerOrigin || !sideOf(request, p.actor.authorityId)) {
        return notApplied(`the actor's authority is not a party hosted by ${row.peerOrigin}`);
      }
      try {
        await this.workflows.perform(
          caseId,
          p.action,
          p.payload,
          {
            type: 'user',
            userId: p.actor.userId,
            authorityId: p.actor.authorityId,
            roles: USER_ROLES.filter((r) => p.actor.type === 'user' && p.actor.roles.includes(r)),
          },
          undefined,
          { asOwner: true },
        );
        return { result: 'applied', reason: null };
      } catch (err) {
        if (!(err instanceof DomainError)) {
          throw err;
        }
        const current = await this.workflows.findRequest(caseId);
        return notApplied(
          `${p.action} not applied: the request is ${current?.status ?? 'gone'} here (${err.message})`,
        );
      }
    }
    // A clock comes from the node of the side whose clock it is; a further party's node runs none.
    const senderSide = (['requesting', 'requested'] as const).find(
      (side) => nodes.nodeOfSide(side) === row.peerOrigin,
    );
    const here = nodes.here;
    if (!senderSide || (here !== 'requesting' && here !== 'requested')) {
      return notApplied(`${row.peerOrigin} runs no clock of request ${caseId} that this node sequences`);
    }
    return this.applyClock(row, request, here, senderSide, p);
  }

  /**
   * A clock of the sender's side that came due in a status this node owns: accepted only for a system action
   * an effect of the table schedules on the sender's side, then run here as that clock's job would run it
   * (an outbox row with its trigger, consumed at once by runScheduled), so that its event travels back.
   */
  private async applyClock(
    row: EnvelopeRow,
    request: CooperationRequest,
    here: Side,
    senderSide: Side,
    p: ProposalBody,
  ): Promise<ProposalOutcome> {
    const trigger = p.trigger as NonNullable<ProposalBody['trigger']>;
    const def = this.registry.get(request.channel);
    const effect = def.machine.transitions
      .flatMap((t) => t.effects ?? [])
      .find(
        (e) => e.job === trigger.jobName && e.systemAction === p.action && (e.target ?? 'self') === 'self',
      );
    if (!effect || effectRunsOn(effect) !== senderSide) {
      return {
        result: 'not-applied',
        reason: `${p.action} (${trigger.jobName}) is not a clock the ${senderSide} side runs`,
      };
    }
    const owner = stateOwner(def.machine, request.status);
    if (owner !== here) {
      return {
        result: 'not-applied',
        reason: `the request is ${request.status} here, which the ${owner} node sequences`,
      };
    }
    const jobId = `${request.id}_proposal-${row.id}_${trigger.jobName}_0`;
    const existing: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM outbox WHERE job_id = $1',
      [jobId],
    );
    const outboxId =
      existing[0]?.id ??
      (
        await this.dataSource.transaction((m) =>
          this.workflows.schedule(m, request.id, `proposal-${row.id}`, [
            {
              queue: def.queue,
              jobName: trigger.jobName,
              runAt: new Date(trigger.runAt),
              priority: PRIORITY_BY_URGENCY[request.urgency] ?? PRIORITY_BY_URGENCY.normal,
              kind: 'transition',
              params: trigger.params,
            },
          ]),
        )
      )[0].id;
    // Not published: consumed here, now (a rerun of this job finds it done).
    const outcome = await this.workflows.runScheduled(String(outboxId));
    return outcome === 'applied' || outcome === 'already-done'
      ? { result: 'applied', reason: null }
      : { result: 'not-applied', reason: `${p.action}: its occasion has passed here (${outcome})` };
  }
}

function pendingOfRow(r: Record<string, unknown>): PendingMove {
  const envelope = r.envelope as { id: string; createdAt: string; body: { proposal: ProposalBody } };
  return {
    action: envelope.body.proposal.action,
    envelopeId: envelope.id,
    sentTo: r.peer_origin as string,
    at: new Date(envelope.createdAt),
    by: envelope.body.proposal.actor.type,
  };
}
