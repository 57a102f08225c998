import { stateOwner } from './state-owner';
import type { EffectRule, WorkflowMachine } from './workflow.types';

const officer = (side: 'requesting' | 'requested') => ({ side, roles: ['officer'] as const });
const reminder: EffectRule = { job: 'remind', systemAction: 'remind', runsOn: 'requesting' };
const lapse: EffectRule = { job: 'lapse', systemAction: 'lapse' };

/** A hand-written table: who moves out of each status decides who owns it. */
const machine = {
  initial: 'DRAFT',
  transitions: [
    { action: 'submit', from: ['DRAFT'], to: ['SENT'], actors: [officer('requesting')], basis: 'b' },
    { action: 'deliver', from: ['SENT'], to: ['RECEIVED'], actors: [], system: true, basis: 'b' },
    {
      action: 'withdraw',
      from: ['SENT', 'RECEIVED'],
      to: ['WITHDRAWN'],
      actors: [officer('requesting')],
      basis: 'b',
    },
    {
      action: 'ask',
      from: ['RECEIVED'],
      to: ['ASKED'],
      actors: [officer('requested')],
      basis: 'b',
      effects: [lapse],
    },
    {
      action: 'answer',
      from: ['ASKED'],
      to: ['RECEIVED'],
      actors: [officer('requesting')],
      basis: 'b',
      effects: [reminder],
    },
    { action: 'remind', from: ['ASKED'], to: [], keepsStatus: true, actors: [], system: true, basis: 'b' },
    { action: 'lapse', from: ['LAPSING'], to: ['LAPSED'], actors: [], system: true, basis: 'b' },
  ],
} as unknown as WorkflowMachine;

describe('stateOwner', () => {
  it('should give a status to the requesting side only when every move out of it is that side’s', () => {
    expect(stateOwner(machine, 'DRAFT')).toBe('requesting');
    expect(stateOwner(machine, 'ASKED')).toBe('requesting');
  });

  it('should give the requested side a status its delivery leaves, even when the requesting side may withdraw', () => {
    expect(stateOwner(machine, 'SENT')).toBe('requested');
  });

  it('should give a mixed status, a clock of the requested node and a terminal status to the requested side', () => {
    expect(stateOwner(machine, 'RECEIVED')).toBe('requested');
    expect(stateOwner(machine, 'LAPSING')).toBe('requested');
    expect(stateOwner(machine, 'WITHDRAWN')).toBe('requested');
  });
});
