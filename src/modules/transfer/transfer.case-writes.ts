import { type Actor, type Condition, recordReminder, type WithdrawPayload } from '@/workflows';
import type {
  AcknowledgeReceiptPayload,
  AgreeTransferPayload,
  DeclineTransferPayload,
  ExecuteTransferPayload,
  RecordConsentPayload,
  RefuseConsentPayload,
  ReportOutcomePayload,
  VerifyConsentPayload,
} from './payloads/transfer.payloads';
import type { TransferContext } from './transfer.case-data';

/*
 * What the rows of the transfer table (transfer.machine.ts) write to the request and its case file: the
 * proposal, the sentenced person's consent (how and when obtained) and its verification, the counterpart's
 * agreement with its terms and the proposer's confirmation, the handover, the receiving State's
 * acknowledgement and the outcomes it reports.
 */

const iso = (d: Date): string => d.toISOString();
const isoOf = (s: string): string => new Date(s).toISOString();
const authorityOf = (actor: Actor): string => (actor.type === 'user' ? actor.authorityId : 'system');
const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
const copy = (conditions: readonly Condition[]): Condition[] =>
  conditions.map((c) => ({ type: c.type, text: c.text }));

/** Records when the proposal left the proposing State. */
export function recordProposal({ request, now }: TransferContext): void {
  request.submittedAt = now;
  request.caseData.proposedAt = iso(now);
}

/** Records when the proposal reached the counterpart's inbox. */
export function recordDelivery({ request, now }: TransferContext): void {
  request.deliveredAt = now;
}

/** The counterpart takes the proposal up. */
export function recordConsideration({ request, now }: TransferContext): void {
  request.caseData.considerationStartedAt = iso(now);
}

/** The consent of the sentenced person is sought. */
export function recordConsentSought({ request, now }: TransferContext): void {
  request.caseData.consentSoughtAt = iso(now);
}

/** The sentencing State records the consent: when, by whom, how it was obtained. */
export function recordConsent({ request, payload, actor, now }: TransferContext<RecordConsentPayload>): void {
  request.caseData.consent = {
    givenAt: isoOf(payload.givenAt),
    givenBy: payload.givenBy,
    obtainedHow: payload.obtainedHow,
    informedOfConsequences: true,
    ...optional('notes', payload.notes),
    recordedAt: iso(now),
    recordedByAuthorityId: authorityOf(actor),
  };
}

/** The person refused: the transfer ends (DECLINED). */
export function recordConsentRefusal({ request, payload, now }: TransferContext<RefuseConsentPayload>): void {
  request.caseData.consentRefusal = {
    refusedAt: isoOf(payload.refusedAt),
    obtainedHow: payload.obtainedHow,
    ...optional('notes', payload.notes),
    recordedAt: iso(now),
  };
  request.caseData.decline = {
    reasons: 'The sentenced person refused consent',
    declinedAt: iso(now),
    consentRefused: true,
  };
}

/** The administering State's verification of the consent through a consul or other official. */
export function recordConsentVerification({
  request,
  payload,
  now,
}: TransferContext<VerifyConsentPayload>): void {
  request.caseData.consentVerification = {
    verifiedAt: isoOf(payload.verifiedAt),
    method: payload.method,
    verifiedBy: payload.verifiedBy,
    confirmed: payload.confirmed,
    ...optional('notes', payload.notes),
    recordedAt: iso(now),
  };
}

/** The counterpart agrees, on terms; the proposer has yet to confirm. */
export function recordAgreement({
  request,
  payload,
  actor,
  now,
}: TransferContext<AgreeTransferPayload>): void {
  request.caseData.agreement = {
    terms: payload.terms,
    conditions: copy(payload.conditions ?? []),
    ...optional('enforcement', payload.enforcement),
    ...optional('plannedFor', payload.plannedFor === undefined ? undefined : isoOf(payload.plannedFor)),
    agreedAt: iso(now),
    agreedByAuthorityId: authorityOf(actor),
  };
  request.caseData.acceptedAt = iso(now);
}

/** The proposer confirms the agreed terms: both States agree. */
export function recordConfirmation({ request, actor, now }: TransferContext): void {
  const agreement = request.caseData.agreement;
  if (agreement) {
    request.caseData.agreement = {
      ...agreement,
      confirmedAt: iso(now),
      confirmedByAuthorityId: authorityOf(actor),
    };
  }
  if (agreement?.conditions.length) {
    request.caseData.conditions = {
      items: copy(agreement.conditions),
      proposedAt: agreement.agreedAt,
      acceptedAt: iso(now),
    };
  }
}

/** The counterpart does not agree. */
export function recordDecline({ request, payload, now }: TransferContext<DeclineTransferPayload>): void {
  request.caseData.decline = { reasons: payload.reasons, declinedAt: iso(now), consentRefused: false };
}

/** The proposer withdraws before execution. */
export function recordWithdrawal({ request, payload, now }: TransferContext<WithdrawPayload>): void {
  request.caseData.withdrawal = { reasons: payload.reasons, withdrawnAt: iso(now) };
}

/** The person was transferred, or the file handed over. */
export function recordExecution({ request, payload, now }: TransferContext<ExecuteTransferPayload>): void {
  request.caseData.execution = {
    executedAt: isoOf(payload.executedAt),
    ...optional('place', payload.place),
    ...optional('escort', payload.escort),
    ...optional(
      'fileItems',
      payload.fileItems?.map((i) => ({
        name: i.name,
        sha256: i.sha256,
        ...optional('size', i.size),
        ...optional('attachmentId', i.attachmentId),
      })),
    ),
    ...optional('notes', payload.notes),
    recordedAt: iso(now),
  };
}

/** The receiving State has the person, or took the proceedings over. */
export function recordReceipt({ request, payload, now }: TransferContext<AcknowledgeReceiptPayload>): void {
  request.caseData.receipt = {
    receivedAt: isoOf(payload.receivedAt),
    domesticReference: payload.domesticReference,
    authority: payload.authority,
    acknowledgedAt: iso(now),
  };
}

/** What became of the sentence or of the proceedings, as the receiving State reports it. */
export function recordOutcome({ request, payload, now }: TransferContext<ReportOutcomePayload>): void {
  request.caseData.outcomes = [
    ...(request.caseData.outcomes ?? []),
    {
      outcome: payload.outcome,
      details: payload.details,
      ...optional('outcomeDate', payload.outcomeDate === undefined ? undefined : isoOf(payload.outcomeDate)),
      reportedAt: iso(now),
    },
  ];
}

/** The proposal is still unanswered: a reminder to the proposer. */
export function recordUnansweredReminder({ request, trigger, now }: TransferContext): void {
  recordReminder(
    request,
    'proposal-unanswered',
    trigger?.runAt ?? now,
    'The counterpart has not answered the transfer proposal',
    now,
  );
}

/** Records when the case closed (the retention period starts). */
export function recordClosure({ request, now }: TransferContext): void {
  request.caseData.closedAt = iso(now);
}
