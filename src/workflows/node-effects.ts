import { JobName } from './queue.constants';
import { effectRunsOn } from './state-owner';
import type { EffectRule, Side, TransitionContext } from './workflow.types';

/**
 * Where this node stands on a request whose parties are on two nodes (docs/federation.md "Every channel
 * across nodes, and whose clock it is"): the side hosted here, and whether the request it follows up is
 * here with its requested side hosted here (that node runs the followed-up request's news).
 */
export interface NodeSides {
  /** Null on a node hosting only further parties of a multi-party request: it runs no side's clocks. */
  side: Side | null;
  followedUpHere: boolean;
}

/**
 * Whether this node schedules `effect` of a transition on a request across nodes: a clock or a reminder on
 * the node of the side whose it is (EffectRule.runsOn), news for the followed-up request on the node that
 * hosts its requested side, and never the delivery job (delivery between nodes is the peer's receipt).
 * `here` null: a request of this node alone, every effect runs here.
 */
export function runsHere(effect: EffectRule, here: NodeSides | null): boolean {
  if (!here) {
    return true;
  }
  if (effect.job === String(JobName.RequestDeliver)) {
    return false;
  }
  if (effect.target === 'followed-up') {
    return here.followedUpHere;
  }
  return effectRunsOn(effect) === here.side;
}

/** The occasion of a clock as a system event on a request across nodes records it, for the other node. */
export interface RecordedTrigger {
  jobName: string;
  runAt: string;
  params: Record<string, string | null>;
  sourceRequestId: string;
}

type Trigger = NonNullable<TransitionContext['trigger']>;

/** The payload of a system event a job ran on a request across nodes: its occasion (see triggerFromPayload). */
export function triggerPayload(trigger: Trigger): { trigger: RecordedTrigger } {
  return {
    trigger: {
      jobName: trigger.jobName,
      runAt: trigger.runAt.toISOString(),
      params: trigger.params,
      sourceRequestId: trigger.sourceRequestId,
    },
  };
}

/**
 * The occasion a system event from the other node names, so that the row's case-file writes (which hold a
 * follow-up names, which enquiry a reminder is about) do here what they did there; undefined when the
 * payload names none or not in that form.
 */
export function triggerFromPayload(payload: Record<string, unknown>): Trigger | undefined {
  const t = payload.trigger as Partial<RecordedTrigger> | undefined;
  if (
    !t ||
    typeof t !== 'object' ||
    typeof t.jobName !== 'string' ||
    typeof t.runAt !== 'string' ||
    Number.isNaN(Date.parse(t.runAt)) ||
    typeof t.sourceRequestId !== 'string' ||
    !t.params ||
    typeof t.params !== 'object' ||
    !Object.values(t.params).every((v) => v === null || typeof v === 'string')
  ) {
    return undefined;
  }
  return {
    jobName: t.jobName,
    runAt: new Date(t.runAt),
    params: t.params,
    sourceRequestId: t.sourceRequestId,
  };
}
