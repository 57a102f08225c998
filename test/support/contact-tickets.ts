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
  return {
    channel: 'contact-24-7',
    requestedAuthorityId: toAuthorityId,
    language: 'en',
    subject: 'Ransomware attack on a hospital network',
    assistanceSought: 'Where is the provider hosting the mailbox ops@example.at, and can it preserve logs?',
    details: {
      assistanceTypes: ['provider-location', 'technical-advice'],
      callback: '+84 24 0000 0000 (duty desk)',
    },
    ...overrides,
  };
}

/** A preservation request escalating `ticketId`, to the ticket's point of contact. */
export function escalatingPreservation(toAuthorityId: string, ticketId: string): Record<string, unknown> {
  return preservationBody(toAuthorityId, { followsUpRequestId: ticketId });
}

/** An MLA request escalating `ticketId`, to the central authority of the ticket's State. */
export function escalatingMla(toAuthorityId: string, ticketId: string): Record<string, unknown> {
  return mlaBody(toAuthorityId, { followsUpRequestId: ticketId });
}
