import type { Type } from '@nestjs/common';
import type { ChannelDefinition } from '@/workflows';
import * as channelList from './channel-list';

/** A channel's Nest module carries its definition, for tools that read the tables without booting. */
type ChannelModule = Type & { readonly definition: ChannelDefinition };

/** The channel modules of channel-list.ts (in the order of their names), for the application module. */
export const CHANNEL_MODULES: readonly ChannelModule[] = Object.values(channelList);

/** The channels' definitions (lifecycle tables, details schemas), in the same order. */
export const CHANNEL_DEFINITIONS: readonly ChannelDefinition[] = CHANNEL_MODULES.map((m) => m.definition);
