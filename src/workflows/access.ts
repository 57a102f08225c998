import type { CooperationRequest } from './entities/cooperation-request.entity';
import type { Actor, Side, TransitionRule } from './workflow.types';

type Parties = Pick<CooperationRequest, 'requestingAuthorityId' | 'requestedAuthorityId'> & {
  /** Absent on summaries of two-party requests (e.g. follow-ups read with a request). */
  additionalPartyIds?: readonly string[];
};

/** Every authority party to the request: the requesting one first, then the requested side's. */
export function partiesOf(request: Parties): string[] {
  return [request.requestingAuthorityId, request.requestedAuthorityId, ...(request.additionalPartyIds ?? [])];
}

/**
 * Which side of the request the caller's authority is on, if any. A further party of a multi-party
 * request is on the requested side and acts for its own party (the channel's rows record which).
 */
export function sideOf(request: Parties, authorityId: string | null): Side | null {
  if (!authorityId) {
    return null;
  }
  if (request.requestingAuthorityId === authorityId) {
    return 'requesting';
  }
  if (request.requestedAuthorityId === authorityId || request.additionalPartyIds?.includes(authorityId)) {
    return 'requested';
  }
  return null;
}

/** The counterpart sees a request only once it was delivered to its inbox. */
export function canSee(
  request: Parties & Pick<CooperationRequest, 'deliveredAt'>,
  authorityId: string | null,
): boolean {
  const side = sideOf(request, authorityId);
  return side === 'requesting' || (side === 'requested' && request.deliveredAt !== null);
}

export function mayTake(rule: TransitionRule, request: CooperationRequest, actor: Actor): boolean {
  if (actor.type === 'system') {
    return rule.system === true;
  }
  return byTheTable(rule, request, actor) && (!rule.actorWhen || rule.actorWhen.test(request, actor));
}

/** Whether one of the row's actors (side and role) is the user, before the row's own `actorWhen`. */
export function byTheTable(
  rule: TransitionRule,
  request: CooperationRequest,
  actor: Extract<Actor, { type: 'user' }>,
): boolean {
  const side = sideOf(request, actor.authorityId);
  return rule.actors.some((a) => a.side === side && a.roles.some((r) => actor.roles.includes(r)));
}
