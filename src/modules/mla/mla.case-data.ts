import type { CaseData, EvidenceItem, TransitionRule } from '@/workflows';

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
