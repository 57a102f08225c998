import type { WorkflowMachine } from '@/workflows';
import { PartyNodes } from './party-nodes';

const A = 'http://127.0.0.2:3000';
const B = 'http://127.0.0.3:3000';
const C = 'http://127.0.0.4:3000';

const request = (additionalPartyIds: string[] = []) => ({
  requestingAuthorityId: 'vnm',
  requestedAuthorityId: 'aut',
  additionalPartyIds,
});

/** Hosts as seen from `here` (that node's own authorities have no origin). */
function seenFrom(here: string, hosts: Record<string, string>) {
  return Object.entries(hosts).map(([id, origin]) => ({ id, nodeOrigin: origin === here ? null : origin }));
}

const machine: WorkflowMachine = {
  initial: 'DRAFT',
  terminal: ['CLOSED'],
  transitions: [
    {
      action: 'start',
      from: ['SIGNED'],
      to: ['ACTIVE'],
      actors: [{ side: 'requesting', roles: ['approver'] }],
    },
    {
      action: 'sign',
      from: ['NEGOTIATING'],
      to: ['SIGNED'],
      actors: [{ side: 'requested', roles: ['approver'] }],
    },
  ],
} as unknown as WorkflowMachine;

describe('PartyNodes: where the parties of a request are, and who sequences it', () => {
  const three = { vnm: A, aut: B, deu: C };

  it('should name the side each node sequences, a further party only node as further, one node as none', () => {
    expect(PartyNodes.of(request(['deu']), seenFrom(A, three)).here).toBe('requesting');
    expect(PartyNodes.of(request(['deu']), seenFrom(B, three)).here).toBe('requested');
    expect(PartyNodes.of(request(['deu']), seenFrom(C, three)).here).toBe('further');
    expect(PartyNodes.of(request(['deu']), seenFrom(A, { vnm: A, aut: A, deu: A })).here).toBeNull();
  });

  it('should list each peer hosting a party once, in the order of the parties', () => {
    expect(PartyNodes.of(request(['deu']), seenFrom(C, three)).peers).toEqual([A, B]);
    expect(PartyNodes.of(request(['deu', 'gha']), seenFrom(A, { ...three, gha: B })).peers).toEqual([B, C]);
    expect(PartyNodes.of(request(), seenFrom(A, { vnm: A, aut: B })).peers).toEqual([B]);
  });

  it("should give a status's sequencer as the node of its owner side's named authority, never a further party's", () => {
    const onC = PartyNodes.of(request(['deu']), seenFrom(C, three));
    expect(onC.sequencerOf(machine, 'SIGNED')).toBe(A);
    expect(onC.sequencerOf(machine, 'NEGOTIATING')).toBe(B);
    const onB = PartyNodes.of(request(['deu']), seenFrom(B, three));
    expect(onB.sequencerOf(machine, 'NEGOTIATING')).toBeNull();
  });

  it('should address a peer by the first party it hosts, and know which peers host none', () => {
    const onA = PartyNodes.of(request(['deu', 'gha']), seenFrom(A, { ...three, gha: C }));
    expect(onA.firstHostedBy(C)).toBe('deu');
    expect(onA.firstHostedBy(null)).toBe('vnm');
    expect(onA.hostsAny(B)).toBe(true);
    expect(onA.hostsAny('http://127.0.0.5:3000')).toBe(false);
  });

  it('should take a party missing from the directory as hosted nowhere', () => {
    const nodes = PartyNodes.of(request(['deu']), seenFrom(A, { vnm: A, aut: B }));
    expect(nodes.hostOf('deu')).toBeUndefined();
    expect(nodes.peers).toEqual([B]);
  });
});
