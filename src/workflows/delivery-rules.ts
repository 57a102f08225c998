import { requestingOfficer } from './actors';
import { EmptyPayload } from './payloads/empty.payload';
import { JobName } from './queue.constants';
import type { EffectRule, TransitionContext, TransitionRule } from './workflow.types';

interface DeliveryRules {
  /** The requesting officer's action that sends the draft (`submit`, `send`). */
  action: string;
  draft: string;
  sent: string;
  received: string;
  basis: string;
  description: string;
  deliveryBasis: string;
  /** What the counterpart's receipt sets going (linked requests, reminders). */
  onDelivery?: readonly EffectRule[];
}

/** Records when the request left the requesting authority. */
function recordSubmission({ request, now }: TransitionContext<object>): void {
  request.submittedAt = now;
}

/** Records when the request reached the counterpart's inbox (it can see the request from then on). */
function recordDelivery({ request, now }: TransitionContext<object>): void {
  request.deliveredAt = now;
}

/** The delivery job: puts the submitted request in the counterpart's inbox. */
export const deliverToCounterpart: EffectRule = { job: JobName.RequestDeliver, systemAction: 'deliver' };

/**
 * The two rows every channel starts with: the requesting officer sends a complete draft, and the delivery
 * job puts it in the counterpart's inbox (from then on the counterpart can see it).
 */
export function sendAndDeliver(o: DeliveryRules): [TransitionRule, TransitionRule] {
  return [
    {
      action: o.action,
      from: [o.draft],
      to: [o.sent],
      actors: [requestingOfficer],
      payload: EmptyPayload,
      requiresComplete: true,
      apply: recordSubmission,
      effects: [deliverToCounterpart],
      basis: o.basis,
      description: o.description,
    },
    {
      action: 'deliver',
      from: [o.sent],
      to: [o.received],
      actors: [],
      system: true,
      apply: recordDelivery,
      ...(o.onDelivery ? { effects: o.onDelivery } : {}),
      basis: o.deliveryBasis,
      description: "The request reaches the counterpart's inbox (delivery job)",
    },
  ];
}
