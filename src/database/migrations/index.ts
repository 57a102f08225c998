import { InitialSchema1795375335775 } from './1795375335775-InitialSchema';
import { TimersWebhooksStateSettings1795377003431 } from './1795377003431-TimersWebhooksStateSettings';

/** In order. Listed explicitly so that TS (tests) and JS (dist) load the same migrations. */
export const MIGRATIONS = [InitialSchema1795375335775, TimersWebhooksStateSettings1795377003431];
