import type { CaseData, EffectRule, EvidenceItem, TransitionContext, TransitionRule } from '@/workflows';

/** What the MLA lifecycle adds to the case file, beyond the engine's common parts. */
export interface MlaCaseData extends CaseData {
  informationRequests?: { questions: string; askedAt: string; answers?: string; answeredAt?: string }[];
  postponement?: {
    reasons: string;
    until: string;
    postponedAt: string;
    resumedAt?: string;
    resumedBy?: string;
  };
  results?: { final: boolean; summary: string; items: EvidenceItem[]; transmittedAt: string }[];
}

/** A row of the MLA lifecycle table. */
export type MlaRule<P extends object = object> = TransitionRule<P, MlaCaseData>;

/** What a guard or case-file write of the MLA table is given: the request, the payload, the actor, now. */
export type MlaContext<P = unknown> = TransitionContext<P, MlaCaseData>;

/** Follow-up work (a job or a legal clock) of an MLA row. */
export type MlaEffect = EffectRule<MlaCaseData>;
