import {
  type AnswerStatusPayload,
  type NotifyDelayPayload,
  type ProposeConditionsPayload,
  type QueryStatusPayload,
  recordReminder,
  type WithdrawPayload,
} from '@/workflows';
import type { OpenConsultationPayload } from './payloads/open-consultation.payload';
import type { PostponePayload } from './payloads/postpone.payload';
import type { ProvideInformationPayload } from './payloads/provide-information.payload';
import type { RefusePayload } from './payloads/refuse.payload';
import type { RequestInformationPayload } from './payloads/request-information.payload';
import type { TransmitResultsPayload } from './payloads/transmit-results.payload';
import type { MlaContext } from './mla.case-data';

/*
 * What the rows of the MLA lifecycle table (mla.machine.ts) write to the case file. Each write records
 * the step with its time, so that the case file shows what was asked, decided and sent, and when.
 */

const iso = (d: Date): string => d.toISOString();

/** Adds the requested State's questions to the case file (UNTOC 18(16)). */
export function recordInformationRequest({
  request,
  payload,
  now,
}: MlaContext<RequestInformationPayload>): void {
  const list = request.caseData.informationRequests ?? [];
  request.caseData.informationRequests = [...list, { questions: payload.questions, askedAt: iso(now) }];
}

/** Attaches the requesting State's answers to the latest questions (UNTOC 18(16)). */
export function recordAnswers({ request, payload, now }: MlaContext<ProvideInformationPayload>): void {
  const list = [...(request.caseData.informationRequests ?? [])];
  const open = list[list.length - 1];
  if (open) {
    list[list.length - 1] = { ...open, answers: payload.answers, answeredAt: iso(now) };
  }
  request.caseData.informationRequests = list;
}

/** Records the consultation: the outcome the requested State intends and why (UNTOC 18(26)). */
export function recordConsultation({ request, payload, now }: MlaContext<OpenConsultationPayload>): void {
  request.caseData.consultation = { ...payload, openedAt: iso(now) };
}

/** Records the conditions offered for execution (UNTOC 18(26); Budapest 27(6)). */
export function recordProposedConditions({
  request,
  payload,
  now,
}: MlaContext<ProposeConditionsPayload>): void {
  request.caseData.conditions = {
    items: payload.conditions.map((c) => ({ type: c.type, text: c.text })),
    proposedAt: iso(now),
  };
}

/** Records that the requesting State accepted the conditions, which now bind it (UNTOC 18(26)). */
export function recordAcceptedConditions({ request, now }: MlaContext): void {
  if (request.caseData.conditions) {
    request.caseData.conditions.acceptedAt = iso(now);
  }
  request.caseData.acceptedAt = iso(now);
}

/** Records when the request was accepted for execution (UNTOC 18(17)). */
export function recordAcceptance({ request, now }: MlaContext): void {
  request.caseData.acceptedAt = iso(now);
}

/** Records the postponement, its reasons and its end date (UNTOC 18(25)). */
export function recordPostponement({ request, payload, now }: MlaContext<PostponePayload>): void {
  request.caseData.postponement = {
    reasons: payload.reasons,
    until: new Date(payload.until).toISOString(),
    postponedAt: iso(now),
  };
}

/** Records when and by whom (the approver, or the timer) review resumed (UNTOC 18(25)). */
export function recordResumption({ request, actor, now }: MlaContext): void {
  if (request.caseData.postponement) {
    request.caseData.postponement = {
      ...request.caseData.postponement,
      resumedAt: iso(now),
      resumedBy: actor.type === 'system' ? 'timer' : 'approver',
    };
  }
}

/** Records the grounds and the mandatory reasons of the refusal (UNTOC 18(21), (23)). */
export function recordRefusal({ request, payload, now }: MlaContext<RefusePayload>): void {
  request.caseData.refusal = {
    grounds: payload.grounds,
    reasons: payload.reasons,
    ...(payload.conditionsOffered
      ? { conditionsOffered: payload.conditionsOffered.map((c) => ({ type: c.type, text: c.text })) }
      : {}),
    refusedAt: iso(now),
  };
}

/** Adds a delivery of results, each evidence item with its SHA-256 (Budapest 27(6)-(7)). */
export function recordResults({ request, payload, now }: MlaContext<TransmitResultsPayload>): void {
  const results = request.caseData.results ?? [];
  request.caseData.results = [
    ...results,
    {
      final: payload.final,
      summary: payload.summary,
      items: payload.items.map((i) => ({
        name: i.name,
        sha256: i.sha256,
        ...(i.size === undefined ? {} : { size: i.size }),
        ...(i.attachmentId === undefined ? {} : { attachmentId: i.attachmentId }),
      })),
      transmittedAt: iso(now),
    },
  ];
}

/** Records when the case closed: the retention period starts (art. 36 and domestic law). */
export function recordClosure({ request, now }: MlaContext): void {
  request.caseData.closedAt = iso(now);
}

/** Records why assistance is no longer needed (UNTOC 18(24)). */
export function recordWithdrawal({ request, payload, now }: MlaContext<WithdrawPayload>): void {
  request.caseData.withdrawal = { reasons: payload.reasons, withdrawnAt: iso(now) };
}

/** Adds the requesting State's status enquiry, unanswered (UNTOC 18(24)). */
export function recordStatusEnquiry({ request, payload, now }: MlaContext<QueryStatusPayload>): void {
  const list = request.caseData.statusEnquiries ?? [];
  request.caseData.statusEnquiries = [...list, { question: payload.question, askedAt: iso(now) }];
}

/** Answers every open status enquiry with the requested State's answer (UNTOC 18(24)). */
export function recordStatusAnswer({ request, payload, now }: MlaContext<AnswerStatusPayload>): void {
  request.caseData.statusEnquiries = (request.caseData.statusEnquiries ?? []).map((e) =>
    e.answer === undefined ? { ...e, answer: payload.answer, answeredAt: iso(now) } : e,
  );
}

/** Adds the requested State's notice that execution is impossible or delayed (Budapest 27(7)). */
export function recordDelayNotice({ request, payload, now }: MlaContext<NotifyDelayPayload>): void {
  const list = request.caseData.delayNotices ?? [];
  request.caseData.delayNotices = [
    ...list,
    {
      reasons: payload.reasons,
      ...(payload.expectedBy ? { expectedBy: new Date(payload.expectedBy).toISOString() } : {}),
      notifiedAt: iso(now),
    },
  ];
}

/** Records a reminder that the suggested deadline is near or has passed (UNTOC 18(24)). */
export function recordDeadlineReminder({ request, trigger, now }: MlaContext): void {
  const deadline = request.suggestedDeadline ?? now;
  const at = trigger?.runAt ?? now;
  const detail =
    at.getTime() >= deadline.getTime()
      ? 'the suggested deadline has passed'
      : 'the suggested deadline is near';
  recordReminder(request, 'deadline', deadline, detail, now);
}

/** Records a reminder that a status enquiry is still unanswered (UNTOC 18(24)). */
export function recordEnquiryReminder({ request, trigger, now }: MlaContext): void {
  const askedAt = trigger?.params.askedAt ?? now.toISOString();
  recordReminder(request, 'status-enquiry', new Date(askedAt), 'a status enquiry is still unanswered', now);
}
