import type { CaseData, EffectRule, TransitionContext, TransitionRule } from '@/workflows';

/** What the extradition lifecycle adds to the case file, beyond the engine's common parts. */
export interface ExtraditionCaseData extends CaseData {
  provisionalArrest?: {
    measure?: string;
    details?: string;
    executedAt?: string;
    formalRequestDueAt?: string;
    lapsedAt?: string;
  };
  formalRequestAt?: string;
  judicialReview?: { court?: string; caseReference?: string; openedAt: string };
  accessoryOffencesAccepted?: { offenceIndexes: number[]; at: string };
  views?: { views: string; at: string }[];
  decision?: { outcome: string; at: string };
  domesticProsecution?: {
    requestedAt?: string;
    reasons?: string;
    outcome?: string;
    details?: string;
    outcomeReported?: boolean;
    reportedAt?: string;
  };
  surrender?: { arrangements?: string; at: string };
}

/** A row of the extradition lifecycle table. */
export type ExtraditionRule<P extends object = object> = TransitionRule<P, ExtraditionCaseData>;

/** What a guard or case-file write of the extradition table is given: request, payload, actor, now. */
export type ExtraditionContext<P = unknown> = TransitionContext<P, ExtraditionCaseData>;

/** Follow-up work (a job or a legal clock) of an extradition row. */
export type ExtraditionEffect = EffectRule<ExtraditionCaseData>;
