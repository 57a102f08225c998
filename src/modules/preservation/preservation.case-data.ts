import type { CaseData, EffectRule, TransitionContext, TransitionRule } from '@/workflows';

/** What the preservation lifecycle adds to the case file, beyond the engine's common parts. */
export interface PreservationCaseData extends CaseData {
  preservation?: PreservationRecord;
  warning?: { concern: string; reasons: string; issuedAt: string; decision?: string; decidedAt?: string };
  extensionRequests?: {
    reasons: string;
    requestedAt: string;
    outcome?: 'granted' | 'declined';
    days?: number;
    decisionReasons?: string;
    decidedAt?: string;
  }[];
  expiredAt?: string;
  trafficDisclosures?: TrafficDisclosure[];
}

export interface PreservationRecord {
  orderReference?: string;
  orderedAt?: string;
  custodianConfirmation?: string;
  confirmedAt?: string;
  expiresAt?: string;
  periodDays?: number;
}

/** Art. 43: traffic data identifying a provider in another State, disclosed or withheld. */
export interface TrafficDisclosure {
  id: string;
  outcome: 'DISCLOSED' | 'WITHHELD';
  providerName?: string;
  providerCountry: string;
  trafficData?: string;
  grounds?: string[];
  reasons?: string;
  recordedAt: string;
}

/** A row of the preservation lifecycle table. */
export type PreservationRule<P extends object = object> = TransitionRule<P, PreservationCaseData>;

/** What a guard or case-file write of the preservation table is given: request, payload, actor, now. */
export type PreservationContext<P = unknown> = TransitionContext<P, PreservationCaseData>;

/** Follow-up work (a job or a legal clock) of a preservation row. */
export type PreservationEffect = EffectRule<PreservationCaseData>;
