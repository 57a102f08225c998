import type { FieldProblem } from '@/common/errors/domain-error';

/**
 * A channel's completeness problems (missingForSubmission): `missing(field)` says the field "is required
 * before <step>" (the sending action: submission, the offer...), `missing(field, why)` says why instead.
 */
export function requiredBefore(step: string): (field: string, why?: string) => FieldProblem {
  return (field, why = `is required before ${step}`) => ({ field, messages: [why] });
}
