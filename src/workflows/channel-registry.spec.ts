import { ValidationFailedError } from '@/common/errors/domain-error';
import { fixtureChannel } from '@/test-utils/fixture-channel';
import { assertMachineIsConsistent, ChannelRegistry } from './channel-registry';
import { JobName } from './queue.constants';
import type { ChannelDefinition, TransitionRule } from './workflow.types';

class ToyDetails {}

/** A small, consistent channel: OPEN -send-> SENT -arrive(system)-> ARRIVED -split-> DONE | PART. */
function channel(
  name = 'toy',
  edit: (transitions: TransitionRule[]) => TransitionRule[] = (t) => t,
): ChannelDefinition {
  const transitions: TransitionRule[] = [
    {
      action: 'send',
      from: ['OPEN'],
      to: ['SENT'],
      actors: [{ side: 'requesting', roles: ['officer'] }],
      effects: [{ job: JobName.RequestDeliver, systemAction: 'arrive' }],
      basis: 'b',
      description: 'd',
    },
    {
      action: 'arrive',
      from: ['SENT'],
      to: ['ARRIVED'],
      actors: [],
      system: true,
      basis: 'b',
      description: 'd',
    },
    {
      action: 'split',
      from: ['ARRIVED'],
      to: ['DONE', 'PART'],
      pickTarget: () => 'DONE',
      actors: [{ side: 'requested', roles: ['approver'] }],
      basis: 'b',
      description: 'd',
    },
  ];
  return {
    channel: name,
    title: 'Toy channel',
    queue: 'toy',
    machine: {
      channel: name,
      initial: 'OPEN',
      states: ['OPEN', 'SENT', 'ARRIVED', 'DONE', 'PART'],
      terminal: ['DONE'],
      transitions: edit(transitions),
    },
    detailsSchema: ToyDetails,
    requestedAuthorityKinds: ['central'],
    missingForSubmission: () => [],
  };
}

const patch = (action: string, changes: Partial<TransitionRule>) => (ts: TransitionRule[]) =>
  ts.map((t) => (t.action === action ? { ...t, ...changes } : t));

describe('assertMachineIsConsistent', () => {
  it('should accept a consistent machine', () => {
    expect(() => assertMachineIsConsistent(channel())).not.toThrow();
  });

  // The product's tables are checked in their own folders (e.g. src/modules/mla/mla.channel.spec.ts).
  it("should accept a complete lifecycle table (the engine specs' fixture channel)", () => {
    expect(() => assertMachineIsConsistent(fixtureChannel)).not.toThrow();
  });

  const broken: { why: string; edit: (ts: TransitionRule[]) => TransitionRule[]; message: RegExp }[] = [
    {
      why: 'a from-state that is not among the states',
      edit: patch('send', { from: ['OPEN', 'LIMBO'] }),
      message: /toy: action send names unknown state LIMBO/,
    },
    {
      why: 'a target that is not among the states',
      edit: patch('arrive', { to: ['NOWHERE'] }),
      message: /toy: action arrive names unknown state NOWHERE/,
    },
    {
      why: 'an action defined twice',
      edit: (ts) => [...ts, { ...ts[0], from: ['SENT'] }],
      message: /toy: action send defined twice/,
    },
    {
      why: 'several targets without pickTarget',
      edit: patch('split', { pickTarget: undefined }),
      message: /toy: action split has several targets but no pickTarget/,
    },
    {
      why: 'a user action nobody may take',
      edit: patch('split', { actors: [] }),
      message: /toy: action split can be taken by nobody/,
    },
    {
      why: 'a system action marked system: false',
      edit: (ts) => patch('arrive', { system: false })(patch('send', { effects: [] })(ts)),
      message: /toy: action arrive can be taken by nobody/,
    },
    {
      why: 'an effect running a user action',
      edit: patch('send', { effects: [{ job: JobName.RequestDeliver, systemAction: 'split' }] }),
      message: /toy: effect RequestDeliver runs split, which is not a system action/,
    },
    {
      why: 'an effect running an action that does not exist',
      edit: patch('send', { effects: [{ job: 'PostponementEnd', systemAction: 'teleport' }] }),
      message: /toy: effect PostponementEnd runs teleport, which is not a system action/,
    },
  ];

  it.each(broken)('should reject $why', ({ edit, message }) => {
    expect(() => assertMachineIsConsistent(channel('toy', edit))).toThrow(message);
  });

  it('should accept one target without pickTarget, and several with it', () => {
    expect(() =>
      assertMachineIsConsistent(channel('toy', patch('split', { to: ['DONE'], pickTarget: undefined }))),
    ).not.toThrow();
    expect(() => assertMachineIsConsistent(channel())).not.toThrow();
  });

  it('should accept an action both users and the system may take', () => {
    const both = patch('arrive', { actors: [{ side: 'requested', roles: ['officer'] }], system: true });
    expect(() => assertMachineIsConsistent(channel('toy', both))).not.toThrow();
  });
});

describe('ChannelRegistry', () => {
  it('should find a registered channel by name', () => {
    const registry = new ChannelRegistry();
    const toy = channel();
    registry.register(toy);
    registry.register(fixtureChannel);
    expect(registry.get('toy')).toBe(toy);
    expect(registry.find('fixture')).toBe(fixtureChannel);
    expect(registry.names()).toEqual(['toy', 'fixture']);
    expect(registry.all()).toEqual([toy, fixtureChannel]);
  });

  it('should refuse to register a channel twice', () => {
    const registry = new ChannelRegistry();
    registry.register(channel('toy'));
    expect(() => registry.register(channel('toy'))).toThrow('Channel toy registered twice');
    expect(registry.names()).toEqual(['toy']);
  });

  it("should refuse a payload class named like another channel's (the OpenAPI document would serve one)", () => {
    const registry = new ChannelRegistry();
    class ExtendPayload {}
    const other = { ExtendPayload: class ExtendPayload {} }.ExtendPayload;
    registry.register(channel('toy', patch('split', { payload: ExtendPayload })));
    expect(() => registry.register(channel('other', patch('split', { payload: other })))).toThrow(
      "other: schema class ExtendPayload has the name of another channel's class",
    );
    expect(registry.names()).toEqual(['toy']);
    // The same class shared by two channels is one schema.
    registry.register(channel('third', patch('split', { payload: ExtendPayload })));
    expect(registry.names()).toEqual(['toy', 'third']);
  });

  it('should not register an inconsistent channel', () => {
    const registry = new ChannelRegistry();
    expect(() => registry.register(channel('toy', patch('split', { actors: [] })))).toThrow(/nobody/);
    expect(registry.find('toy')).toBeUndefined();
    expect(registry.names()).toEqual([]);
  });

  it('should answer get() of an unknown channel with a 400 naming channel and listing the known ones', () => {
    const registry = new ChannelRegistry();
    registry.register(fixtureChannel);
    registry.register(channel('toy'));
    let error: unknown;
    try {
      registry.get('extradition');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationFailedError);
    const err = error as ValidationFailedError;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.kind).toBe('invalid');
    expect(err.details).toEqual([{ field: 'channel', messages: ['must be one of: fixture, toy'] }]);
  });

  it('should answer find() of an unknown channel with undefined', () => {
    expect(new ChannelRegistry().find('fixture')).toBeUndefined();
  });

  it.each([
    { channel: 'fixture', action: 'refuse', found: true },
    { channel: 'fixture', action: 'deliver', found: true },
    { channel: 'fixture', action: 'extradite', found: false },
    { channel: 'extradition', action: 'refuse', found: false },
  ])('should look up rule($channel, $action): found=$found', ({ channel: name, action, found }) => {
    const registry = new ChannelRegistry();
    registry.register(fixtureChannel);
    const rule = registry.rule(name, action);
    expect(rule?.action).toBe(found ? action : undefined);
  });
});
