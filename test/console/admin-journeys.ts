import type { Check, Env } from './journeys';

/** The checks of the operator's screens (/console/admin): its screens in every language and its journeys. */
export function adminChecks(env: Env): Check[] {
  void env;
  return [];
}
