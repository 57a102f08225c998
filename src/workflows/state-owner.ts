import type { EffectRule, Side, WorkflowMachine } from './workflow.types';

/** The side whose node runs an effect on a request across two nodes (EffectRule.runsOn). */
export function effectRunsOn(effect: EffectRule): Side {
  return effect.runsOn ?? 'requested';
}

/** The sides whose node may take a system action: those of the effects of the table that schedule it. */
function systemActionSides(machine: WorkflowMachine, action: string): Side[] {
  const sides = machine.transitions
    .flatMap((t) => t.effects ?? [])
    .filter((e) => e.systemAction === action && (e.target ?? 'self') === 'self')
    .map(effectRunsOn);
  // Scheduled by another request's table (a linked request's news) or by nothing: the requested node.
  return sides.length > 0 ? [...new Set(sides)] : ['requested'];
}

/**
 * The owner of a status on a request across two nodes: the side whose node orders the history while the
 * request is there (docs/federation.md "Consistency"). The requesting side owns a status only when every
 * move out of it is the requesting side's (its users' actions and the clocks its node runs); every other
 * status, mixed ones included, is the requested side's. One owner per status, so histories never fork: a
 * move by the other side is sent to the owner, which applies it on its own head or answers `not-applied`.
 */
export function stateOwner(machine: WorkflowMachine, status: string): Side {
  const sides = new Set<Side>();
  for (const t of machine.transitions) {
    if (!t.from.includes(status)) {
      continue;
    }
    for (const a of t.actors) {
      sides.add(a.side);
    }
    if (t.system) {
      for (const s of systemActionSides(machine, t.action)) {
        sides.add(s);
      }
    }
  }
  return sides.size === 1 && sides.has('requesting') ? 'requesting' : 'requested';
}
