import { contactDraft } from '../../tools/samples/drafts';
import { mlaBody } from './parties';
import { preservationBody } from './contact-points';

/**
 * 24/7 network tickets (art. 41) for the e2e tests: a complete ticket body, and the bodies of the
 * preservation and MLA requests that escalate one (each names the ticket in followsUpRequestId).
 */

/** A complete ticket to the 24/7 point of contact `toAuthorityId`. */
export function ticketBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...contactDraft(toAuthorityId, 0), ...overrides };
}

/** A preservation request escalating `ticketId`, to the ticket's point of contact. */
export function escalatingPreservation(toAuthorityId: string, ticketId: string): Record<string, unknown> {
  return preservationBody(toAuthorityId, { followsUpRequestId: ticketId });
}

/** An MLA request escalating `ticketId`, to the central authority of the ticket's State. */
export function escalatingMla(toAuthorityId: string, ticketId: string): Record<string, unknown> {
  return mlaBody(toAuthorityId, { followsUpRequestId: ticketId });
}
