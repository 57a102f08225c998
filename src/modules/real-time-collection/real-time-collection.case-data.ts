import type { EffectRule, EvidenceItem, TransitionContext, TransitionRule } from '@/workflows';
import type { MlaCaseData } from '@/modules/mla/mla.case-data';

/**
 * What the lifecycle adds to the case file: the MLA review part (information requests, postponement; the
 * engine's common parts), then the collection, its renewals, suspensions and end, and the product batches.
 */
export interface RealTimeCollectionCaseData extends MlaCaseData {
  collection?: CollectionRecord;
  renewals?: RenewalRecord[];
  suspensions?: {
    reasons: string;
    suspendedAt: string;
    resumedAt?: string;
    authorisationReference?: string;
  }[];
  collectionEnded?: { by: 'timer' | 'requesting' | 'requested'; reasons?: string; endedAt: string };
  batches?: ProductBatch[];
  outcome?: { summary: string; executedAt: string };
}

/** The authorised period: what the requested State's domestic authorisation allows (may be shorter). */
export interface CollectionRecord {
  authorisationReference: string;
  startedAt: string;
  /** The end of the authorised period in force (the latest renewal's, if any). */
  endsAt: string;
  /** The end first authorised, kept when a renewal moves `endsAt`. */
  firstEndsAt: string;
}

export interface RenewalRecord {
  requestedEnd: string;
  justification: string;
  requestedAt: string;
  outcome?: 'granted' | 'declined';
  grantedEnd?: string;
  authorisationReference?: string;
  decisionReasons?: string;
  decidedAt?: string;
}

/** One delivery of collected data (art. 45 traffic data, art. 46 content), each document with its SHA-256. */
export interface ProductBatch {
  number: number;
  summary: string;
  items: EvidenceItem[];
  coveredFrom?: string;
  coveredTo?: string;
  deliveredAt: string;
}

/** A row of the real-time collection lifecycle table. */
export type RealTimeCollectionRule<P extends object = object> = TransitionRule<P, RealTimeCollectionCaseData>;

/** What a guard or case-file write of the table is given: the request, the payload, the actor, now. */
export type RealTimeCollectionContext<P = unknown> = TransitionContext<P, RealTimeCollectionCaseData>;

/** Follow-up work (a job or a legal clock) of a row. */
export type RealTimeCollectionEffect = EffectRule<RealTimeCollectionCaseData>;
