import type { ChannelDefinition } from '@/workflows';
import { ExtraditionModule } from './extradition/extradition.module';
import { MlaModule } from './mla/mla.module';
import { PreservationModule } from './preservation/preservation.module';

/**
 * The cooperation channels this engine runs, one Nest module (one folder under src/modules) each. Adding a
 * channel is a new folder and one line here.
 */
export const CHANNEL_MODULES = [MlaModule, PreservationModule, ExtraditionModule];

/** The channels' definitions (lifecycle tables, details schemas), in the order above. */
export const CHANNEL_DEFINITIONS: readonly ChannelDefinition[] = CHANNEL_MODULES.map((m) => m.definition);
