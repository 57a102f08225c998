/** Shapes stored in the request's JSON columns. */
export interface Offence {
  provision: string;
  conventionArticle?: number;
  description: string;
}

export interface PersonConcerned {
  name: string;
  role: string;
  nationality?: string;
  location?: string;
  dateOfBirth?: string;
}

export interface Condition {
  type: string;
  text: string;
}

export interface EvidenceItem {
  name: string;
  sha256: string;
  size?: number;
  attachmentId?: string;
}

/** What the lifecycle adds to the case file; each key is written by the transition that names it. */
export interface CaseData {
  informationRequests?: { questions: string; askedAt: string; answers?: string; answeredAt?: string }[];
  consultation?: { intendedOutcome: string; reasons: string; openedAt: string };
  conditions?: { items: Condition[]; proposedAt: string; acceptedAt?: string };
  postponement?: {
    reasons: string;
    until: string;
    postponedAt: string;
    resumedAt?: string;
    resumedBy?: string;
  };
  refusal?: { grounds: string[]; reasons: string; refusedAt: string };
  results?: { final: boolean; summary: string; items: EvidenceItem[]; transmittedAt: string }[];
  withdrawal?: { reasons: string; withdrawnAt: string };
  statusEnquiries?: { question: string; askedAt: string; answer?: string; answeredAt?: string }[];
  delayNotices?: { reasons: string; expectedBy?: string; notifiedAt: string }[];
  reminders?: { kind: string; dueAt: string; detail: string; at: string }[];
  /** Preservation (art. 42). */
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
  /** The follow-up request that holds the preservation (the first of them). */
  heldFor?: { requestId: string; at: string };
  /** Further open follow-ups: the preservation is released only when the last of them ends. */
  alsoHeldFor?: { requestId: string; at: string }[];
  releasedFor?: { requestId: string; at: string };
  expiredAt?: string;
  trafficDisclosures?: TrafficDisclosure[];
  /** Extradition (art. 37). */
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
  acceptedAt?: string;
  closedAt?: string;
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
