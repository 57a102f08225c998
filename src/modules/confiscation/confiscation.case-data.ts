import type { CaseData, EffectRule, EvidenceItem, TransitionContext, TransitionRule } from '@/workflows';
import type { ConfiscationContentsDto } from './dto/confiscation-details.dto';

/** An order as the case file keeps it: who issued it, its reference and date, its copy by SHA-256. */
export interface RecordedOrder {
  issuingAuthority: string;
  reference: string;
  issuedOn?: string;
  copy?: EvidenceItem;
}

/** A bona fide third party's claim to the property and, once decided, its outcome (UNTOC 13(8)). */
export interface ThirdPartyClaim {
  claimant: string;
  interest: string;
  properties?: number[];
  receivedAt: string;
  resolution?: { outcome: string; reasons: string; resolvedAt: string };
}

/** The requested State's intention to lift a freeze, and the requesting State's chance to argue (art. 50). */
export interface LiftProposal {
  grounds: string[];
  reasons: string;
  respondBy: string;
  proposedAt: string;
  /** The requesting State's reasons for keeping the measure. */
  arguments?: { position: string; items?: EvidenceItem[]; arguedAt: string };
  /** The period to argue ended (the clock) without or after the requesting State's answer. */
  periodEndedAt?: string;
  decision?: { outcome: 'kept' | 'lifted'; reasons: string; decidedAt: string };
}

/** What the confiscation lifecycle adds to the case file, beyond the engine's common parts. */
export interface ConfiscationCaseData extends CaseData {
  /** The consultation before a refusal, with the status it was opened in (freeze or confiscation). */
  consultation?: {
    intendedOutcome: string;
    reasons: string;
    openedAt: string;
    grounds?: string[];
    in?: string;
  };
  informationRequests?: { questions: string; askedAt: string; answers?: string; answeredAt?: string }[];
  freezing?: {
    measureTaken: string;
    domesticOrder: { issuingAuthority: string; reference: string };
    properties?: number[];
    note?: string;
    frozenAt: string;
  };
  /** Every proposal to lift, the last one current. */
  liftProposals?: LiftProposal[];
  liftedAt?: string;
  /** The confiscation request's contents: from the draft's details or the request-confiscation action. */
  confiscation?: ConfiscationContentsDto & { requestedAt: string };
  order?: RecordedOrder & { kind: 'domestic' | 'recognised'; extent?: string; limits?: string; at: string };
  enforcement?: { summary: string; realised?: { amount: number; currency: string }; enforcedAt: string };
  thirdPartyClaims?: ThirdPartyClaim[];
  disposal?: {
    outcome: string;
    amount: number;
    currency: string;
    costsDeducted: { description: string; amount: number }[];
    totalCosts: number;
    net: number;
    shares?: { recipient: string; amount: number }[];
    reasons?: string;
    /** The requesting State's art. 52 request for return, shown beside the decision. */
    returnRequested?: { purpose: string; particulars: string };
    decidedAt: string;
  };
}

/** A row of the confiscation lifecycle table. */
export type ConfiscationRule<P extends object = object> = TransitionRule<P, ConfiscationCaseData>;

/** What a guard or case-file write of the table is given: the request, the payload, the actor, now. */
export type ConfiscationContext<P = unknown> = TransitionContext<P, ConfiscationCaseData>;

/** Follow-up work (a job or a legal clock) of a confiscation row. */
export type ConfiscationEffect = EffectRule<ConfiscationCaseData>;
