import type {
  CaseData,
  Condition,
  EffectRule,
  EvidenceItem,
  TransitionContext,
  TransitionRule,
} from '@/workflows';

/** What the transfer lifecycle adds to the case file, beyond the engine's common parts. */
export interface TransferCaseData extends CaseData {
  proposedAt?: string;
  considerationStartedAt?: string;
  consentSoughtAt?: string;
  /** The sentenced person's consent, as the sentencing State obtained it (CoE 1983 art. 7(1) [GK]). */
  consent?: {
    givenAt: string;
    givenBy: string;
    obtainedHow: string;
    informedOfConsequences: true;
    notes?: string;
    recordedAt: string;
    recordedByAuthorityId: string;
  };
  consentRefusal?: { refusedAt: string; obtainedHow: string; notes?: string; recordedAt: string };
  /** The administering State's verification of the consent (CoE 1983 art. 7(2) [GK]). */
  consentVerification?: {
    verifiedAt: string;
    method: string;
    verifiedBy: string;
    confirmed: boolean;
    notes?: string;
    recordedAt: string;
  };
  /** The counterpart's agreement with its terms, then the proposer's confirmation: both States agree. */
  agreement?: {
    terms: string;
    conditions: Condition[];
    enforcement?: string;
    plannedFor?: string;
    agreedAt: string;
    agreedByAuthorityId: string;
    confirmedAt?: string;
    confirmedByAuthorityId?: string;
  };
  decline?: { reasons: string; declinedAt: string; consentRefused: boolean };
  execution?: {
    executedAt: string;
    place?: string;
    escort?: string;
    fileItems?: EvidenceItem[];
    notes?: string;
    recordedAt: string;
  };
  /** The receiving State's acknowledgement that it has the person or took the case over. */
  receipt?: { receivedAt: string; domesticReference: string; authority: string; acknowledgedAt: string };
  outcomes?: { outcome: string; details: string; outcomeDate?: string; reportedAt: string }[];
}

/** A row of the transfer lifecycle table. */
export type TransferRule<P extends object = object> = TransitionRule<P, TransferCaseData>;

/** What a guard or case-file write of the table is given: the request, the payload, the actor, now. */
export type TransferContext<P = unknown> = TransitionContext<P, TransferCaseData>;

/** Follow-up work of a transfer row (its reminder). */
export type TransferEffect = EffectRule<TransferCaseData>;
