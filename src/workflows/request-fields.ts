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

/**
 * What the lifecycle adds to the case file: the parts common to channels or used by the engine's shared
 * effects. Each channel extends it with its own (`MlaCaseData` in src/modules/mla, ...); each key is
 * written by the transition that names it.
 */
export interface CaseData {
  consultation?: { intendedOutcome: string; reasons: string; openedAt: string };
  conditions?: { items: Condition[]; proposedAt: string; acceptedAt?: string };
  refusal?: {
    grounds: string[];
    reasons: string;
    /** With DATA_PROTECTION_INCOMPATIBLE: the conditions that would make the transfer lawful (art. 36(2)). */
    conditionsOffered?: { type: string; text: string }[];
    refusedAt: string;
  };
  withdrawal?: { reasons: string; withdrawnAt: string };
  statusEnquiries?: { question: string; askedAt: string; answer?: string; answeredAt?: string }[];
  delayNotices?: { reasons: string; expectedBy?: string; notifiedAt: string }[];
  reminders?: { kind: string; dueAt: string; detail: string; at: string }[];
  /** The follow-up request that holds this one (e.g. an MLA request holding a preservation), the first. */
  heldFor?: { requestId: string; at: string };
  /** Further open follow-ups: the hold ends only when the last of them ends. */
  alsoHeldFor?: { requestId: string; at: string }[];
  releasedFor?: { requestId: string; at: string };
  acceptedAt?: string;
  closedAt?: string;
}
