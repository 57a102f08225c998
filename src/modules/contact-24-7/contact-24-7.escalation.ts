import type { EffectRule, TransitionContext } from '@/workflows';
import { ContactJob } from './contact-24-7.constants';

/*
 * What a preservation or MLA request that follows up a 24/7 ticket tells the ticket when the requested State
 * receives it: the ticket is escalated (DOMAIN.md 4.10) and records the request, which names the ticket in
 * followsUpRequestId; the ticket lists it among its followUps. The preservation and MLA tables add these to
 * their delivery; on a followed-up request of another channel the ticket's action does not exist and the
 * job does nothing.
 */

/** Only a request that follows another up tells it anything. */
function followsUpARequest({ request }: TransitionContext<never>): boolean {
  return request.followsUpRequestId !== null;
}

/** Which follow-up the news is about. */
function thisFollowUp({ request }: TransitionContext<never>): Record<string, string | null> {
  return { followUpId: request.id };
}

/** A preservation request following the ticket up reached the requested State. */
export const ticketEscalatedToPreservation: EffectRule = {
  job: ContactJob.EscalateToPreservation,
  systemAction: 'escalate-to-preservation',
  target: 'followed-up',
  when: followsUpARequest,
  params: thisFollowUp,
};

/** An MLA request following the ticket up reached the requested State. */
export const ticketEscalatedToMla: EffectRule = {
  job: ContactJob.EscalateToMla,
  systemAction: 'escalate-to-mla',
  target: 'followed-up',
  when: followsUpARequest,
  params: thisFollowUp,
};
