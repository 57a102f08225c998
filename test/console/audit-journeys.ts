import type { Check, Env } from './journeys';

/** The checks of the auditor's screens (/console/audit): its screens in every language and its journeys. */
export function auditChecks(env: Env): Check[] {
  void env;
  return [];
}
