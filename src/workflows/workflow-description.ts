import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EmptyPayload } from './payloads/empty.payload';
import type { ChannelDefinition, TransitionRule } from './workflow.types';

export class ActorDescription {
  @ApiProperty({ enum: ['requesting', 'requested'] }) side!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
}

export class ActionDescription {
  @ApiProperty() action!: string;
  @ApiProperty({
    example: 'Request information',
    description: "A label for people: the row's own, or the action name in sentence case",
  })
  title!: string;
  @ApiProperty({ type: [String] }) from!: string[];
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty({ type: [ActorDescription] }) actors!: ActorDescription[];
  @ApiProperty({ description: 'A side event: recorded in the history, the status stays' })
  keepsStatus!: boolean;
  @ApiProperty({ description: 'The engine takes it itself (delivery, timers)' }) system!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Schema name of the body in /docs-json' })
  payload!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When the action is offered at all' })
  availableWhen!: string | null;
  @ApiProperty() basis!: string;
  @ApiProperty() description!: string;
}

export class WorkflowDescription {
  @ApiProperty() channel!: string;
  @ApiProperty() title!: string;
  @ApiProperty() initial!: string;
  @ApiProperty({ type: [String] }) states!: string[];
  @ApiProperty({ type: [String] }) terminal!: string[];
  @ApiProperty({ type: [ActionDescription] }) actions!: ActionDescription[];
  @ApiProperty({
    example: 'MlaDetailsDto',
    description: "Schema name in /docs-json of the request body's `details`",
  })
  details!: string;
  @ApiProperty({
    type: [String],
    example: ['central'],
    description: 'Kinds of authority (GET /v1/authorities) that may receive requests of this channel',
  })
  requestedAuthorityKinds!: string[];
  @ApiProperty({
    example: 0,
    description:
      'How many further requested-side parties (additionalPartyIds) a request may name: 0 for a two-party channel',
  })
  maxAdditionalParties!: number;
}

export function describeChannel(def: ChannelDefinition): WorkflowDescription {
  return {
    channel: def.channel,
    title: def.title,
    initial: def.machine.initial,
    states: [...def.machine.states],
    terminal: [...def.machine.terminal],
    actions: def.machine.transitions.map((t) => ({
      action: t.action,
      title: actionTitle(t),
      from: [...t.from],
      to: [...t.to],
      actors: t.actors.map((a) => ({ side: a.side, roles: [...a.roles] })),
      keepsStatus: t.keepsStatus === true,
      system: t.system === true,
      payload: t.payload && t.payload !== EmptyPayload ? t.payload.name : null,
      availableWhen: t.availableWhen ? `unless ${t.availableWhen.reason}` : null,
      basis: t.basis,
      description: t.description,
    })),
    details: def.detailsSchema.name,
    requestedAuthorityKinds: [...def.requestedAuthorityKinds],
    maxAdditionalParties: def.maxAdditionalParties ?? 0,
  };
}

/** The row's own title, else the action name in sentence case: `request-information` -> "Request information". */
export function actionTitle(rule: Pick<TransitionRule, 'action' | 'title'>): string {
  if (rule.title) {
    return rule.title;
  }
  const words = rule.action.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
