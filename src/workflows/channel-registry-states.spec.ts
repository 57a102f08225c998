import { assertMachineIsConsistent } from './channel-registry';
import type { ChannelDefinition, WorkflowMachine } from './workflow.types';

function channel(machine: Partial<WorkflowMachine>): ChannelDefinition {
  return {
    channel: 'toy',
    title: 'Toy',
    queue: 'toy',
    machine: {
      channel: 'toy',
      initial: 'OPEN',
      states: ['OPEN', 'DONE'],
      terminal: ['DONE'],
      transitions: [
        {
          action: 'finish',
          from: ['OPEN'],
          to: ['DONE'],
          actors: [{ side: 'requesting', roles: ['officer'] }],
          basis: 'b',
          description: 'd',
        },
      ],
      ...machine,
    },
    detailsSchema: class {},
    requestedAuthorityKinds: ['central'],
    missingForSubmission: () => [],
  };
}

describe('assertMachineIsConsistent (states outside the transitions)', () => {
  it('should reject an initial state that is not among the states', () => {
    expect(() => assertMachineIsConsistent(channel({ initial: 'NEW' }))).toThrow(/unknown state NEW/);
  });

  it('should reject a terminal state that is not among the states', () => {
    expect(() => assertMachineIsConsistent(channel({ terminal: ['DONE', 'GONE'] }))).toThrow(
      /unknown state GONE/,
    );
  });

  it('should reject an action out of a terminal state', () => {
    expect(() => assertMachineIsConsistent(channel({ terminal: ['OPEN', 'DONE'] }))).toThrow(/terminal/);
  });
});
