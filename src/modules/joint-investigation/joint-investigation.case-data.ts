import type { CaseData, TransitionContext, TransitionRule } from '@/workflows';
import type { JitTermsDto } from './dto/joint-investigation-details.dto';
import type { JIT_ACTIVITY_KINDS } from './payloads/joint-investigation.payloads';

/** Where one party stands: each party acts for itself (art. 48: each State decides to take part). */
export type JitPartyStatus = 'invited' | 'negotiating' | 'signed' | 'declined' | 'left';

export interface JitPartyRecord {
  status: JitPartyStatus;
  since: string;
  /** The reasons it gave when declining or leaving. */
  reasons?: string;
}

/** The terms as stored: the payload's shape, as plain JSON. */
export type JitTerms = JitTermsDto;

export interface JitSignature {
  authorityId: string;
  userId: string;
  signatory?: string;
  signedAt: string;
}

export interface JitExtension {
  newEndDate: string;
  reasons: string;
  proposedBy: string;
  proposedAt: string;
  /** The parties that agreed, the proposer first. */
  agreedBy: string[];
  agreedAt?: string;
  declinedBy?: { authorityId: string; reasons: string; at: string };
}

/** What the joint investigation lifecycle adds to the case file, beyond the engine's common parts. */
export interface JitCaseData extends CaseData {
  /** Every party, the proposer included, by authority id. */
  parties?: Record<string, JitPartyRecord>;
  /** The terms under negotiation; each new proposal is a new version and voids the signatures. */
  agreementDraft?: { version: number; terms: JitTerms; proposedBy: string; proposedAt: string };
  signatures?: JitSignature[];
  /** The agreement as signed by every party (art. 48 [UNTOC 19]). */
  agreement?: { version: number; terms: JitTerms; signatures: JitSignature[]; signedAt: string };
  startedAt?: string;
  /** The current last day of the period (the agreed end, moved by each agreed extension). */
  endDate?: string;
  /** When endDate was last set (the period's end clock is scheduled by the change that set it). */
  endDateSetAt?: string;
  endRemindedAt?: string;
  pendingExtension?: JitExtension;
  extensions?: JitExtension[];
  activities?: {
    kind: (typeof JIT_ACTIVITY_KINDS)[number];
    hostAuthorityId: string;
    date: string;
    summary: string;
    hostAuthorisation?: string;
    recordedBy: string;
    recordedAt: string;
  }[];
  ended?: { at: string; reason: 'period-over' | 'ended-early' | 'no-party-left'; reasons?: string };
  evaluations?: { authorityId: string; assessment: string; lessons?: string; at: string }[];
}

/** A row of the joint investigation lifecycle table. */
export type JitRule<P extends object = object> = TransitionRule<P, JitCaseData>;

/** What a guard or case-file write of the table is given: the request, the payload, the actor, now. */
export type JitContext<P = unknown> = TransitionContext<P, JitCaseData>;
