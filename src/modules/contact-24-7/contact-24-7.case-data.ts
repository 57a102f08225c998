import type { CaseData, EffectRule, EvidenceItem, TransitionContext, TransitionRule } from '@/workflows';

/** What the 24/7 ticket lifecycle adds to the case file, beyond the engine's common parts. */
export interface ContactCaseData extends CaseData {
  acknowledgement?: Acknowledgement;
  routings?: Routing[];
  answers?: Answer[];
  /** The preservation and MLA requests the ticket led to (each also names the ticket: followsUpRequestId). */
  escalations?: Escalation[];
}

/** When the requested point of contact took the ticket up, and how long that took (DOMAIN.md 4.10). */
export interface Acknowledgement {
  at: string;
  /** From the ticket's opening (submittedAt) to its acknowledgement, in minutes (two decimals). */
  minutesToAcknowledge: number;
  handledBy: string;
  note?: string;
}

/** Where the requested point of contact sent the ticket inside its State (art. 41; Budapest 35(2)). */
export interface Routing {
  to: string;
  authority: string;
  note?: string;
  at: string;
}

export interface Answer {
  kind: string;
  answer: string;
  items?: EvidenceItem[];
  at: string;
}

export interface Escalation {
  requestId: string;
  channel: 'preservation' | 'mla';
  at: string;
}

/** A row of the 24/7 ticket lifecycle table. */
export type ContactRule<P extends object = object> = TransitionRule<P, ContactCaseData>;

/** What a guard or case-file write of the 24/7 table is given: request, payload, actor, now. */
export type ContactContext<P = unknown> = TransitionContext<P, ContactCaseData>;

/** Follow-up work (a job or a legal clock) of a 24/7 row. */
export type ContactEffect = EffectRule<ContactCaseData>;
