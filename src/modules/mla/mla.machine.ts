import { ValidationFailedError } from '@/common/errors/domain-error';
import {
  type ActorRule,
  AnswerStatusPayload,
  deadlineReminders,
  EmptyPayload,
  enquiryReminder,
  followUpEnded,
  followUpReceived,
  ForbiddenRefusalGroundError,
  NotifyDelayPayload,
  ProposeConditionsPayload,
  QueryStatusPayload,
  recordReminder,
  sendAndDeliver,
  WithdrawPayload,
  type WorkflowMachine,
} from '@/workflows';
import { OpenConsultationPayload } from './payloads/open-consultation.payload';
import { PostponePayload } from './payloads/postpone.payload';
import { ProvideInformationPayload } from './payloads/provide-information.payload';
import { FORBIDDEN_REFUSAL_GROUNDS, RefusePayload } from './payloads/refuse.payload';
import { RequestInformationPayload } from './payloads/request-information.payload';
import { TransmitResultsPayload } from './payloads/transmit-results.payload';
import { MlaJob } from './mla.constants';
import type { MlaRule } from './mla.case-data';

/** Mutual legal assistance (UNCC arts 40 and 44; lifecycle DOMAIN.md 4.1; actions API.md). */
export enum MlaStatus {
  Draft = 'DRAFT',
  Submitted = 'SUBMITTED',
  Received = 'RECEIVED',
  UnderReview = 'UNDER_REVIEW',
  InfoRequested = 'INFO_REQUESTED',
  Consultation = 'CONSULTATION',
  ConditionsProposed = 'CONDITIONS_PROPOSED',
  Accepted = 'ACCEPTED',
  Postponed = 'POSTPONED',
  InExecution = 'IN_EXECUTION',
  PartiallyExecuted = 'PARTIALLY_EXECUTED',
  Executed = 'EXECUTED',
  Refused = 'REFUSED',
  Withdrawn = 'WITHDRAWN',
  Closed = 'CLOSED',
}

const S = MlaStatus;
const requestingOfficer: ActorRule = { side: 'requesting', roles: ['officer'] };
const requestingApprover: ActorRule = { side: 'requesting', roles: ['approver'] };
const requestedOfficer: ActorRule = { side: 'requested', roles: ['officer'] };
const requestedApprover: ActorRule = { side: 'requested', roles: ['approver'] };

const iso = (d: Date): string => d.toISOString();

/** Delivered and not yet decided or finished: the counterpart is working on it. */
const IN_HAND = [
  S.Received,
  S.UnderReview,
  S.InfoRequested,
  S.Consultation,
  S.ConditionsProposed,
  S.Accepted,
  S.Postponed,
  S.InExecution,
  S.PartiallyExecuted,
];

const transitions: MlaRule[] = [
  ...sendAndDeliver({
    action: 'submit',
    draft: S.Draft,
    sent: S.Submitted,
    received: S.Received,
    basis: 'UNCC art. 40 (UNTOC 18(13)-(15))',
    description: 'Send the completed request to the requested central authority',
    deliveryBasis: 'UNCC art. 40 (UNTOC 18(13))',
    onDelivery: [followUpReceived, deadlineReminders],
  }),
  {
    action: 'acknowledge',
    from: [S.Received],
    to: [S.UnderReview],
    actors: [requestedOfficer],
    payload: EmptyPayload,
    basis: 'UNCC art. 40 (UNTOC 18(13))',
    description: 'The requested central authority takes the request up for review',
  },
  {
    action: 'request-information',
    from: [S.UnderReview],
    to: [S.InfoRequested],
    actors: [requestedOfficer],
    payload: RequestInformationPayload,
    apply: ({ request, payload, now }) => {
      const list = request.caseData.informationRequests ?? [];
      request.caseData.informationRequests = [...list, { questions: payload.questions, askedAt: iso(now) }];
    },
    basis: 'UNCC art. 40 (UNTOC 18(16))',
    description: 'Ask the requesting State for additional information',
  } satisfies MlaRule<RequestInformationPayload>,
  {
    action: 'provide-information',
    from: [S.InfoRequested],
    to: [S.UnderReview],
    actors: [requestingOfficer],
    payload: ProvideInformationPayload,
    apply: ({ request, payload, now }) => {
      const list = [...(request.caseData.informationRequests ?? [])];
      const open = list[list.length - 1];
      if (open) {
        list[list.length - 1] = { ...open, answers: payload.answers, answeredAt: iso(now) };
      }
      request.caseData.informationRequests = list;
    },
    basis: 'UNCC art. 40 (UNTOC 18(16))',
    description: 'Answer the questions of the requested State',
  } satisfies MlaRule<ProvideInformationPayload>,
  {
    action: 'open-consultation',
    from: [S.UnderReview],
    to: [S.Consultation],
    actors: [requestedApprover],
    payload: OpenConsultationPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.consultation = { ...payload, openedAt: iso(now) };
    },
    basis: 'UNCC art. 40 (UNTOC 18(26))',
    description: 'Consult the requesting State before refusing or postponing',
  } satisfies MlaRule<OpenConsultationPayload>,
  {
    action: 'propose-conditions',
    from: [S.UnderReview, S.Consultation],
    to: [S.ConditionsProposed],
    actors: [requestedApprover],
    payload: ProposeConditionsPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.conditions = {
        items: payload.conditions.map((c) => ({ type: c.type, text: c.text })),
        proposedAt: iso(now),
      };
    },
    basis: 'UNCC art. 40 (UNTOC 18(26); Budapest 27(6))',
    description: 'Offer execution subject to conditions',
  } satisfies MlaRule<ProposeConditionsPayload>,
  {
    action: 'accept-conditions',
    from: [S.ConditionsProposed],
    to: [S.Accepted],
    actors: [requestingApprover],
    payload: EmptyPayload,
    apply: ({ request, now }) => {
      if (request.caseData.conditions) {
        request.caseData.conditions.acceptedAt = iso(now);
      }
      request.caseData.acceptedAt = iso(now);
    },
    basis: 'UNCC art. 40 (UNTOC 18(26)): accepted conditions bind the requesting State',
    description: 'Accept the conditions; they become binding',
  },
  {
    action: 'accept',
    from: [S.UnderReview, S.Consultation],
    to: [S.Accepted],
    actors: [requestedApprover],
    payload: EmptyPayload,
    apply: ({ request, now }) => {
      request.caseData.acceptedAt = iso(now);
    },
    basis: 'UNCC art. 40 (UNTOC 18(17))',
    description: 'Accept the request for execution',
  },
  {
    action: 'postpone',
    from: [S.UnderReview, S.Consultation],
    to: [S.Postponed],
    actors: [requestedApprover],
    payload: PostponePayload,
    guard: ({ payload, now }) => {
      if (Date.parse(payload.until) <= now.getTime()) {
        throw new ValidationFailedError([{ field: 'until', messages: ['must be in the future'] }]);
      }
    },
    apply: ({ request, payload, now }) => {
      request.caseData.postponement = {
        reasons: payload.reasons,
        until: new Date(payload.until).toISOString(),
        postponedAt: iso(now),
      };
    },
    effects: [
      {
        job: MlaJob.PostponementEnd,
        systemAction: 'resume',
        runAt: ({ request }) => new Date(request.caseData.postponement?.until ?? Date.now()),
        // Only the postponement it was set for: not an earlier one resumed by hand and postponed again.
        validWhile: (request, trigger) =>
          !request.caseData.postponement?.resumedAt &&
          request.caseData.postponement?.until === trigger.runAt.toISOString(),
        timer: { label: 'End of postponement', basis: 'UNCC art. 40 (UNTOC 18(25))' },
      },
    ],
    basis: 'UNCC art. 40 (UNTOC 18(25); Budapest 27(5))',
    description: "Postpone because execution would interfere with the requested State's own proceedings",
  } satisfies MlaRule<PostponePayload>,
  {
    action: 'resume',
    from: [S.Postponed],
    to: [S.UnderReview],
    actors: [requestedApprover],
    system: true,
    payload: EmptyPayload,
    apply: ({ request, actor, now }) => {
      if (request.caseData.postponement) {
        request.caseData.postponement = {
          ...request.caseData.postponement,
          resumedAt: iso(now),
          resumedBy: actor.type === 'system' ? 'timer' : 'approver',
        };
      }
    },
    basis: 'UNCC art. 40 (UNTOC 18(25))',
    description: 'Resume review (manually, or by the timer at `until`)',
  },
  {
    action: 'refuse',
    from: [S.Consultation],
    to: [S.Refused],
    actors: [requestedApprover],
    payload: RefusePayload,
    guard: ({ payload }) => {
      const forbidden = payload.grounds
        .map((g, i) => ({ g, i }))
        .filter(({ g }) => Object.hasOwn(FORBIDDEN_REFUSAL_GROUNDS, g))
        .map(({ g, i }) => ({ field: `grounds[${i}]`, messages: [`${g}: ${FORBIDDEN_REFUSAL_GROUNDS[g]}`] }));
      if (forbidden.length > 0) {
        throw new ForbiddenRefusalGroundError(forbidden);
      }
    },
    apply: ({ request, payload, now }) => {
      request.caseData.refusal = { grounds: payload.grounds, reasons: payload.reasons, refusedAt: iso(now) };
    },
    effects: [followUpEnded],
    basis: 'UNCC art. 40 (UNTOC 18(21), (23), (26))',
    description: 'Refuse, after consultation, on a ground of the convention, with reasons',
  } satisfies MlaRule<RefusePayload>,
  {
    action: 'start-execution',
    from: [S.Accepted],
    to: [S.InExecution],
    actors: [requestedOfficer],
    payload: EmptyPayload,
    basis: 'UNCC art. 40 (UNTOC 18(17))',
    description: 'Execution starts under the law of the requested State',
  },
  {
    action: 'transmit-results',
    from: [S.InExecution, S.PartiallyExecuted],
    to: [S.PartiallyExecuted, S.Executed],
    pickTarget: (p: TransmitResultsPayload) => (p.final ? S.Executed : S.PartiallyExecuted),
    actors: [requestedApprover],
    payload: TransmitResultsPayload,
    apply: ({ request, payload, now }) => {
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
    },
    // Only the final results end it (a partial delivery leaves the request open).
    effects: [
      {
        ...followUpEnded,
        when: ({ request }) => request.followsUpRequestId !== null && request.status === String(S.Executed),
      },
    ],
    basis: 'UNCC art. 40 (Budapest 27(6)-(7))',
    description: 'Release results: partial, or final',
  } satisfies MlaRule<TransmitResultsPayload>,
  {
    action: 'confirm-receipt',
    from: [S.Executed, S.Refused],
    to: [S.Closed],
    actors: [requestingOfficer],
    payload: EmptyPayload,
    apply: ({ request, now }) => {
      request.caseData.closedAt = iso(now);
    },
    basis: 'UNCC art. 36 and domestic law (retention starts)',
    description: 'The requesting side confirms receipt of the outcome; the case closes',
  },
  {
    action: 'withdraw',
    from: [
      S.Submitted,
      S.Received,
      S.UnderReview,
      S.InfoRequested,
      S.Consultation,
      S.ConditionsProposed,
      S.Accepted,
      S.Postponed,
      S.InExecution,
      S.PartiallyExecuted,
    ],
    to: [S.Withdrawn],
    actors: [requestingOfficer],
    payload: WithdrawPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.withdrawal = { reasons: payload.reasons, withdrawnAt: iso(now) };
    },
    effects: [followUpEnded],
    basis: 'UNCC art. 40 (UNTOC 18(24))',
    description: 'Assistance is no longer needed',
  } satisfies MlaRule<WithdrawPayload>,
  {
    action: 'query-status',
    from: IN_HAND,
    to: [],
    keepsStatus: true,
    actors: [requestingOfficer],
    payload: QueryStatusPayload,
    apply: ({ request, payload, now }) => {
      const list = request.caseData.statusEnquiries ?? [];
      request.caseData.statusEnquiries = [...list, { question: payload.question, askedAt: iso(now) }];
    },
    effects: [enquiryReminder],
    basis: 'UNCC art. 40 (UNTOC 18(24)): reasonable requests for information on status and progress',
    description: 'Ask the requested State about the status of the request',
  } satisfies MlaRule<QueryStatusPayload>,
  {
    action: 'answer-status',
    from: IN_HAND,
    to: [],
    keepsStatus: true,
    actors: [requestedOfficer],
    payload: AnswerStatusPayload,
    availableWhen: {
      test: (request) => (request.caseData.statusEnquiries ?? []).some((e) => e.answer === undefined),
      reason: 'there is no unanswered status enquiry',
    },
    apply: ({ request, payload, now }) => {
      request.caseData.statusEnquiries = (request.caseData.statusEnquiries ?? []).map((e) =>
        e.answer === undefined ? { ...e, answer: payload.answer, answeredAt: iso(now) } : e,
      );
    },
    basis: 'UNCC art. 40 (UNTOC 18(24)): the requested State responds to status enquiries',
    description: 'Answer the open status enquiries',
  } satisfies MlaRule<AnswerStatusPayload>,
  {
    action: 'notify-delay',
    from: [S.UnderReview, S.Accepted, S.InExecution, S.PartiallyExecuted],
    to: [],
    keepsStatus: true,
    actors: [requestedOfficer, requestedApprover],
    payload: NotifyDelayPayload,
    apply: ({ request, payload, now }) => {
      const list = request.caseData.delayNotices ?? [];
      request.caseData.delayNotices = [
        ...list,
        {
          reasons: payload.reasons,
          ...(payload.expectedBy ? { expectedBy: new Date(payload.expectedBy).toISOString() } : {}),
          notifiedAt: iso(now),
        },
      ];
    },
    basis:
      'UNCC art. 40 (Budapest 27(7)): circumstances that make execution impossible or significantly delayed',
    description: 'Tell the requesting State that execution is impossible or significantly delayed',
  } satisfies MlaRule<NotifyDelayPayload>,
  {
    action: 'remind-deadline',
    from: IN_HAND,
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    apply: ({ request, trigger, now }) => {
      const deadline = request.suggestedDeadline ?? now;
      const at = trigger?.runAt ?? now;
      const detail =
        at.getTime() >= deadline.getTime()
          ? 'the suggested deadline has passed'
          : 'the suggested deadline is near';
      recordReminder(request, 'deadline', deadline, detail, now);
    },
    basis: 'UNCC art. 40 (UNTOC 18(24))',
    description: 'Reminder to both sides before and at the suggested deadline',
  },
  {
    action: 'remind-enquiry',
    from: IN_HAND,
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    apply: ({ request, trigger, now }) => {
      const askedAt = trigger?.params.askedAt ?? now.toISOString();
      recordReminder(
        request,
        'status-enquiry',
        new Date(askedAt),
        'a status enquiry is still unanswered',
        now,
      );
    },
    basis: 'UNCC art. 40 (UNTOC 18(24))',
    description: 'Reminder that a status enquiry is still unanswered',
  },
];

export const mlaMachine: WorkflowMachine = {
  channel: 'mla',
  initial: S.Draft,
  states: Object.values(MlaStatus),
  terminal: [S.Closed, S.Withdrawn],
  transitions,
};
