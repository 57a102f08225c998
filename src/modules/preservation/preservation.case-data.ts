import type { CaseData, TransitionRule } from '@/workflows';

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
