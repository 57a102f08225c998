import type { CaseData, Condition, EvidenceItem, TransitionContext, TransitionRule } from '@/workflows';

/**
 * What binds the receiving State once it has the information, kept as structure so that a use-limitation
 * check can read it: the authority bound, the conditions, and how the binding arose (Budapest 26(2): an
 * accepted condition binds; information provided nonetheless after a decline carries no condition).
 */
export interface SpontaneousBinding {
  boundAuthorityId: string;
  conditions: Condition[];
  arose: 'accepted' | 'provided-nonetheless';
  since: string;
  /** The approver who accepted the conditions (absent when provided nonetheless). */
  acceptedByUserId?: string;
}

/** What the spontaneous information lifecycle adds to the case file, beyond the engine's common parts. */
export interface SpontaneousCaseData extends CaseData {
  offeredAt?: string;
  declines?: { conditions: Condition[]; unacceptable?: number[]; reasons: string; declinedAt: string }[];
  binding?: SpontaneousBinding;
  transmission?: {
    summary: string;
    items: EvidenceItem[];
    underConditions: boolean;
    transmittedAt: string;
  };
  uses?: { use: string; details: string; proceedingReference?: string; loggedAt: string }[];
  exculpatoryNotices?: { disclosure: string; disclosureDate?: string; notifiedAt: string }[];
  cancellation?: { reasons: string; cancelledAt: string };
}

/** A row of the spontaneous information lifecycle table. */
export type SpontaneousRule<P extends object = object> = TransitionRule<P, SpontaneousCaseData>;

/** What a guard or case-file write of the table is given: the request, the payload, the actor, now. */
export type SpontaneousContext<P = unknown> = TransitionContext<P, SpontaneousCaseData>;
