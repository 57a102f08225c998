import { partiesOf, type Actor, type CaseOf } from '@/workflows';
import type { JitCaseData, JitPartyRecord, JitPartyStatus } from './joint-investigation.case-data';

/*
 * The team's parties as the table counts them: the proposer (the requesting authority) and every invited
 * State (the requested authority and the further parties). Each acts for itself; the team moves on only
 * when every party still in it did (signed, agreed an extension), and ends when no invited State is left.
 */

type Jit = CaseOf<JitCaseData>;

/** Still taking part (or not yet answered): neither declined nor left. */
const IN_TEAM: ReadonlySet<JitPartyStatus> = new Set(['invited', 'negotiating', 'signed']);

export function partyRecord(request: Jit, authorityId: string): JitPartyRecord | undefined {
  return request.caseData.parties?.[authorityId];
}

/** The authority the user acts for (the engine's actor rules already placed it on a side of the request). */
export function actingParty(actor: Actor): string | null {
  return actor.type === 'user' ? actor.authorityId : null;
}

/** The parties still in the team, the proposer first. */
export function partiesInTeam(request: Jit): string[] {
  return partiesOf(request).filter((id) => IN_TEAM.has(partyRecord(request, id)?.status ?? 'invited'));
}

/** The invited States still in the team once `leaving` is out of it. */
export function invitedLeftWithout(request: Jit, leaving: string | null): string[] {
  return partiesInTeam(request).filter((id) => id !== request.requestingAuthorityId && id !== leaving);
}

/** Whether every party in the team signed the current terms once `signer` signs too. */
export function allSignedWith(request: Jit, signer: string | null): boolean {
  const signed = new Set([...(request.caseData.signatures ?? []).map((s) => s.authorityId), signer]);
  return partiesInTeam(request).every((id) => signed.has(id));
}

export function setParty(
  request: Jit,
  authorityId: string,
  status: JitPartyStatus,
  at: string,
  reasons?: string,
): void {
  request.caseData.parties = {
    ...request.caseData.parties,
    [authorityId]: { status, since: at, ...(reasons ? { reasons } : {}) },
  };
}

type Availability = { test(request: Jit, actor?: Actor): boolean; reason: string };

/** The user's party; null for the engine's own jobs, which these conditions always let through. */
const userParty = (actor?: Actor): string | null => (actor?.type === 'user' ? actor.authorityId : null);

function isInvitedParty(request: Jit, actor?: Actor): boolean {
  const party = userParty(actor);
  return party === null || partyRecord(request, party)?.status === 'invited';
}

function isPartyInTeam(request: Jit, actor?: Actor): boolean {
  const party = userParty(actor);
  return party === null || partiesInTeam(request).includes(party);
}

function isPartyYetToSign(request: Jit, actor?: Actor): boolean {
  const party = userParty(actor);
  return (
    party === null ||
    (partiesInTeam(request).includes(party) &&
      !(request.caseData.signatures ?? []).some((s) => s.authorityId === party))
  );
}

function isPartyAwaitedOnExtension(request: Jit, actor?: Actor): boolean {
  const party = userParty(actor);
  return (
    party === null ||
    (partiesInTeam(request).includes(party) &&
      request.caseData.pendingExtension?.agreedBy.includes(party) === false)
  );
}

function isPartyYetToEvaluate(request: Jit, actor?: Actor): boolean {
  const party = userParty(actor);
  return (
    party === null ||
    (['signed', 'left'].includes(partyRecord(request, party)?.status ?? '') &&
      !(request.caseData.evaluations ?? []).some((e) => e.authorityId === party))
  );
}

export const invitedParty: Availability = {
  test: isInvitedParty,
  reason: 'your authority already answered the invitation',
};

export const partyInTeam: Availability = { test: isPartyInTeam, reason: 'your authority is not in the team' };

export const partyYetToSign: Availability = {
  test: isPartyYetToSign,
  reason: 'your authority already signed these terms, or is not in the team',
};

export const partyAwaitedOnExtension: Availability = {
  test: isPartyAwaitedOnExtension,
  reason: 'no extension awaits your authority',
};

export const partyYetToEvaluate: Availability = {
  test: isPartyYetToEvaluate,
  reason: 'your authority did not take part, or already evaluated the team',
};
