// The parties of a request: the requesting authority, the requested one and, on a multi-party channel (a joint
// investigation team, UNCC art. 48), the further requested-side parties; for the fields that name one of them
// (a team member's party, an activity's host party) and the answers that show one by its name.
import type { RequestDetail, Schemas } from './api/client';
import type { Choice } from './components/SchemaForm';

export type Party = Schemas['PartyResponse'];

/** Payload and details fields whose value is the authority id of one of the request's parties. */
export const PARTY_FIELDS = ['partyAuthorityId', 'hostAuthorityId'];

export function partyLabel(p: Pick<Party, 'name' | 'code'>): string {
  return `${p.name} (${p.code})`;
}

export function requestParties(
  r: Pick<RequestDetail, 'requestingAuthority' | 'requestedAuthority' | 'additionalParties'>,
): Party[] {
  return [r.requestingAuthority, r.requestedAuthority, ...(r.additionalParties ?? [])];
}

/** The choices of every party field: the request's parties, the requesting one first. */
export function partyChoices(
  r: Pick<RequestDetail, 'requestingAuthority' | 'requestedAuthority' | 'additionalParties'>,
): Record<string, Choice[]> {
  const options = requestParties(r).map((p) => ({ value: p.id, label: partyLabel(p) }));
  return Object.fromEntries(PARTY_FIELDS.map((f) => [f, options]));
}

export function partyNames(
  r: Pick<RequestDetail, 'requestingAuthority' | 'requestedAuthority' | 'additionalParties'>,
): Record<string, string> {
  return Object.fromEntries(requestParties(r).map((p) => [p.id, partyLabel(p)]));
}
