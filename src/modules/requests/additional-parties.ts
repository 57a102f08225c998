import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import type { AuthoritiesService } from '@/modules/authorities/authorities.service';
import type { ChannelDefinition } from '@/workflows';

const FIELD = 'additionalPartyIds';

/**
 * The further requested-side parties a draft names (a multi-party channel's, e.g. a joint investigation
 * team): only where the channel takes more than two parties, each in the directory, of a kind the channel
 * accepts, and neither the requesting authority nor the requested one. Returns them as given.
 */
export async function checkAdditionalParties(
  authorities: AuthoritiesService,
  def: ChannelDefinition,
  ids: string[],
  requestingId: string,
  requestedId: string,
): Promise<string[]> {
  if (ids.length === 0) {
    return [];
  }
  const max = def.maxAdditionalParties ?? 0;
  if (max === 0) {
    throw fail(`${def.channel} requests have two parties; only a multi-party channel takes further ones`);
  }
  if (ids.length > max) {
    throw fail(`${def.channel} requests take at most ${max} further parties`);
  }
  // A party may be hosted by a peer node: every party's node gets the request (docs/federation.md).
  const found = new Map((await authorities.findByIds(ids)).map((a) => [a.id, a]));
  const problems: string[] = [];
  ids.forEach((id, i) => {
    const a = found.get(id);
    if (!a) {
      problems.push(`[${i}] no authority with this id in the directory`);
    } else if (id === requestingId) {
      problems.push(`[${i}] is the requesting authority itself`);
    } else if (id === requestedId) {
      problems.push(`[${i}] is already the requested authority`);
    } else if (!def.requestedAuthorityKinds.includes(a.kind)) {
      problems.push(
        `[${i}] ${a.code} is ${a.kind}; ${def.channel} parties are ${def.requestedAuthorityKinds.join(' or ')} authorities`,
      );
    }
  });
  if (problems.length > 0) {
    throw new ValidationFailedError(problems.map((m): FieldProblem => ({ field: FIELD, messages: [m] })));
  }
  return ids;
}

function fail(message: string): ValidationFailedError {
  return new ValidationFailedError([{ field: FIELD, messages: [message] }]);
}
