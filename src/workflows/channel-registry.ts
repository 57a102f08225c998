import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@/common/errors/domain-error';
import type { ChannelDefinition, TransitionRule } from './workflow.types';

/** Channels register here at start-up (each channel module does it); the engine looks them up by name. */
@Injectable()
export class ChannelRegistry {
  private readonly channels = new Map<string, ChannelDefinition>();

  register(definition: ChannelDefinition): void {
    if (this.channels.has(definition.channel)) {
      throw new Error(`Channel ${definition.channel} registered twice`);
    }
    assertMachineIsConsistent(definition);
    this.assertSchemaNamesFree(definition);
    this.channels.set(definition.channel, definition);
  }

  /**
   * The OpenAPI document names a schema after its class: two different classes of one name (say two
   * channels' DeclineExtensionPayload) would be served as one, and one channel's actions would validate
   * against a schema the document does not describe. Fails start-up instead.
   */
  private assertSchemaNamesFree(definition: ChannelDefinition): void {
    const taken = new Map(this.schemaClasses().map((c) => [c.name, c]));
    for (const c of schemaClassesOf(definition)) {
      const other = taken.get(c.name);
      if (other && other !== c) {
        throw new Error(
          `${definition.channel}: schema class ${c.name} has the name of another channel's class`,
        );
      }
    }
  }

  all(): ChannelDefinition[] {
    return [...this.channels.values()];
  }

  names(): string[] {
    return [...this.channels.keys()];
  }

  get(channel: string): ChannelDefinition {
    const def = this.channels.get(channel);
    if (!def) {
      throw new ValidationFailedError([
        { field: 'channel', messages: [`must be one of: ${this.names().join(', ')}`] },
      ]);
    }
    return def;
  }

  find(channel: string): ChannelDefinition | undefined {
    return this.channels.get(channel);
  }

  /** Every job the registered tables can schedule (the engine's own and the channels'). */
  jobNames(): string[] {
    const names = new Set<string>();
    for (const def of this.channels.values()) {
      for (const t of def.machine.transitions) {
        for (const e of t.effects ?? []) {
          names.add(e.job);
        }
      }
    }
    return [...names];
  }

  /** Every class validating an action's payload or a channel's details, for the OpenAPI document. */
  schemaClasses(): (new () => object)[] {
    return [...new Set([...this.channels.values()].flatMap(schemaClassesOf))];
  }

  rule(channel: string, action: string): TransitionRule | undefined {
    return this.channels.get(channel)?.machine.transitions.find((t) => t.action === action);
  }
}

/** A channel's details class and the classes of its actions' payloads. */
function schemaClassesOf(def: ChannelDefinition): (new () => object)[] {
  return [def.detailsSchema, ...def.machine.transitions.flatMap((t) => (t.payload ? [t.payload] : []))];
}

/** Fails start-up on a table that names unknown states, duplicates an action, or lacks a target picker. */
export function assertMachineIsConsistent(def: ChannelDefinition): void {
  const states = new Set(def.machine.states);
  for (const s of [def.machine.initial, ...def.machine.terminal]) {
    if (!states.has(s)) {
      throw new Error(`${def.channel}: unknown state ${s} named as initial or terminal`);
    }
  }
  const terminal = new Set(def.machine.terminal);
  const seen = new Set<string>();
  for (const t of def.machine.transitions) {
    if (seen.has(t.action)) {
      throw new Error(`${def.channel}: action ${t.action} defined twice`);
    }
    seen.add(t.action);
    for (const s of [...t.from, ...t.to]) {
      if (!states.has(s)) {
        throw new Error(`${def.channel}: action ${t.action} names unknown state ${s}`);
      }
    }
    const fromTerminal = t.from.find((s) => terminal.has(s));
    if (fromTerminal) {
      throw new Error(`${def.channel}: action ${t.action} leaves terminal state ${fromTerminal}`);
    }
    if (t.keepsStatus ? t.to.length > 0 : t.to.length === 0) {
      throw new Error(`${def.channel}: action ${t.action} must either keep the status or name its targets`);
    }
    if (t.to.length > 1 && !t.pickTarget) {
      throw new Error(`${def.channel}: action ${t.action} has several targets but no pickTarget`);
    }
    if (t.actors.length === 0 && !t.system) {
      throw new Error(`${def.channel}: action ${t.action} can be taken by nobody`);
    }
    for (const e of t.effects ?? []) {
      // An effect on a followed-up request runs an action of that request's channel, checked when it fires.
      if (
        e.target !== 'followed-up' &&
        !def.machine.transitions.some((x) => x.action === e.systemAction && x.system)
      ) {
        throw new Error(
          `${def.channel}: effect ${e.job} runs ${e.systemAction}, which is not a system action`,
        );
      }
    }
  }
}
