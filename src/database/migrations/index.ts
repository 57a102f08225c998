import { InitialSchema1795375335775 } from './1795375335775-InitialSchema';

/** In order. Listed explicitly so that TS (tests) and JS (dist) load the same migrations. */
export const MIGRATIONS = [InitialSchema1795375335775];
