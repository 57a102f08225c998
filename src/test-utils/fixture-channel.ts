import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import { IsDateTime } from '@/common/validation/is-date-time';
import {
  type CaseData,
  type ChannelDefinition,
  type CooperationRequest,
  EmptyPayload,
  enquiryReminder,
  ForbiddenRefusalGroundError,
  NotifyDelayPayload,
  ProposeConditionsPayload,
  QueryStatusPayload,
  requestedApprover,
  requestedOfficer,
  requestingApprover,
  requestingOfficer,
  sendAndDeliver,
  type TransitionRule,
  WithdrawPayload,
  type WorkflowMachine,
} from '@/workflows';

/**
 * A lifecycle table written for the engine's specs, so that they test the engine and not a channel of the
 * product (whose tables change on their own): a draft sent and delivered (sendAndDeliver), review with a
 * question and its answer, a consultation before a refusal (with grounds the convention forbids), conditions
 * proposed and accepted, a postponement ended by its timer or by hand, execution with partial then final
 * results, confirmation, withdrawal, and two side events (a status enquiry with its reminder, a delay
 * notice). For specs only, never application code.
 */

export const FIXTURE_CHANNEL = 'fixture';
export const FIXTURE_QUEUE = 'fixture';
export const FIXTURE_POSTPONEMENT_END = 'FixturePostponementEnd';

export enum FixtureStatus {
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

/** Grounds the fixture's refusal accepts, and the two it names only to reject them. */
export const FIXTURE_REFUSAL_GROUNDS = ['ESSENTIAL_INTERESTS', 'DOMESTIC_PROHIBITION'] as const;
export const FIXTURE_FORBIDDEN_GROUNDS: Record<string, string> = {
  BANK_SECRECY: 'bank secrecy is not a ground for refusal',
  FISCAL_ONLY: 'fiscal matters are not a ground for refusal',
};

export class FixtureQuestionsPayload {
  @IsString()
  @IsNotEmpty()
  questions!: string;
}

export class FixtureAnswersPayload {
  @IsString()
  @IsNotEmpty()
  answers!: string;
}

export class FixtureReasonsPayload {
  @IsString()
  @IsNotEmpty()
  reasons!: string;
}

export class FixturePostponePayload {
  @IsString()
  @IsNotEmpty()
  reasons!: string;

  @IsDateTime()
  until!: string;
}

export class FixtureRefusePayload {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn([...FIXTURE_REFUSAL_GROUNDS, ...Object.keys(FIXTURE_FORBIDDEN_GROUNDS)], { each: true })
  grounds!: string[];

  @IsString()
  @IsNotEmpty()
  reasons!: string;
}

export class FixtureItem {
  @IsString()
  @IsNotEmpty()
  name!: string;

  @Matches(/^[a-f0-9]{64}$/)
  sha256!: string;

  @IsOptional()
  size?: number;
}

export class FixtureResultsPayload {
  @IsBoolean()
  final!: boolean;

  @IsString()
  @IsNotEmpty()
  summary!: string;

  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FixtureItem)
  items!: FixtureItem[];
}

/** What the fixture's actions add to the case file, beyond the engine's common parts. */
export interface FixtureCaseData extends CaseData {
  questions?: { questions: string; answers?: string }[];
  postponement?: {
    reasons: string;
    until: string;
    postponedAt: string;
    resumedAt?: string;
    resumedBy?: string;
  };
  results?: { final: boolean; summary: string }[];
}

type Rule<P extends object = object> = TransitionRule<P, FixtureCaseData>;

const S = FixtureStatus;
const basis = (what: string): string => `Fixture table: ${what}`;
const iso = (d: Date): string => d.toISOString();
/** Delivered and not yet decided or finished. */
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

const transitions: Rule[] = [
  ...(sendAndDeliver({
    action: 'submit',
    draft: S.Draft,
    sent: S.Submitted,
    received: S.Received,
    basis: basis('submission'),
    description: 'Send the draft',
    deliveryBasis: basis('delivery'),
  }) as Rule[]),
  {
    action: 'acknowledge',
    from: [S.Received],
    to: [S.UnderReview],
    actors: [requestedOfficer],
    payload: EmptyPayload,
    basis: basis('review'),
    description: 'Take the request up',
  },
  {
    action: 'request-information',
    from: [S.UnderReview],
    to: [S.InfoRequested],
    actors: [requestedOfficer],
    payload: FixtureQuestionsPayload,
    apply: ({ request, payload }) => {
      request.caseData.questions = [...(request.caseData.questions ?? []), { questions: payload.questions }];
    },
    basis: basis('questions'),
    description: 'Ask the requesting side',
  } satisfies Rule<FixtureQuestionsPayload>,
  {
    action: 'provide-information',
    from: [S.InfoRequested],
    to: [S.UnderReview],
    actors: [requestingOfficer],
    payload: FixtureAnswersPayload,
    apply: ({ request, payload }) => {
      const list = [...(request.caseData.questions ?? [])];
      list[list.length - 1] = { ...list[list.length - 1], answers: payload.answers };
      request.caseData.questions = list;
    },
    basis: basis('answers'),
    description: 'Answer the questions',
  } satisfies Rule<FixtureAnswersPayload>,
  {
    action: 'open-consultation',
    from: [S.UnderReview],
    to: [S.Consultation],
    actors: [requestedApprover],
    payload: FixtureReasonsPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.consultation = {
        intendedOutcome: 'refuse',
        reasons: payload.reasons,
        openedAt: iso(now),
      };
    },
    basis: basis('consultation before refusal'),
    description: 'Consult before refusing',
  } satisfies Rule<FixtureReasonsPayload>,
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
    basis: basis('conditions'),
    description: 'Offer execution on conditions',
  } satisfies Rule<ProposeConditionsPayload>,
  {
    action: 'accept-conditions',
    from: [S.ConditionsProposed],
    to: [S.Accepted],
    actors: [requestingApprover],
    payload: EmptyPayload,
    basis: basis('conditions accepted'),
    description: 'Accept the conditions',
  },
  {
    action: 'accept',
    from: [S.UnderReview, S.Consultation],
    to: [S.Accepted],
    actors: [requestedApprover],
    payload: EmptyPayload,
    basis: basis('acceptance'),
    description: 'Accept for execution',
  },
  {
    action: 'postpone',
    from: [S.UnderReview, S.Consultation],
    to: [S.Postponed],
    actors: [requestedApprover],
    payload: FixturePostponePayload,
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
        job: FIXTURE_POSTPONEMENT_END,
        systemAction: 'resume',
        runAt: ({ request }) => new Date(request.caseData.postponement?.until ?? Date.now()),
        // Only the postponement it was set for, and only while nobody resumed it by hand.
        validWhile: (request, trigger) =>
          !request.caseData.postponement?.resumedAt &&
          request.caseData.postponement?.until === trigger.runAt.toISOString(),
        timer: { label: 'End of postponement', basis: basis('postponement') },
      },
    ],
    basis: basis('postponement'),
    description: 'Postpone until a date',
  } satisfies Rule<FixturePostponePayload>,
  {
    action: 'resume',
    from: [S.Postponed],
    to: [S.UnderReview],
    actors: [requestedApprover],
    system: true,
    payload: EmptyPayload,
    apply: ({ request, actor, now }) => {
      const postponement = request.caseData.postponement;
      if (postponement) {
        request.caseData.postponement = {
          ...postponement,
          resumedAt: iso(now),
          resumedBy: actor.type === 'system' ? 'timer' : 'approver',
        };
      }
    },
    basis: basis('end of postponement'),
    description: 'Resume review (by hand, or by the timer)',
  },
  {
    action: 'refuse',
    from: [S.Consultation],
    to: [S.Refused],
    actors: [requestedApprover],
    payload: FixtureRefusePayload,
    guard: ({ payload }) => {
      const forbidden = payload.grounds
        .map((g, i) => ({ g, i }))
        .filter(({ g }) => Object.hasOwn(FIXTURE_FORBIDDEN_GROUNDS, g))
        .map(({ g, i }) => ({ field: `grounds[${i}]`, messages: [`${g}: ${FIXTURE_FORBIDDEN_GROUNDS[g]}`] }));
      if (forbidden.length > 0) {
        throw new ForbiddenRefusalGroundError(forbidden);
      }
    },
    apply: ({ request, payload, now }) => {
      request.caseData.refusal = { grounds: payload.grounds, reasons: payload.reasons, refusedAt: iso(now) };
    },
    basis: basis('refusal'),
    description: 'Refuse after consultation',
  } satisfies Rule<FixtureRefusePayload>,
  {
    action: 'start-execution',
    from: [S.Accepted],
    to: [S.InExecution],
    actors: [requestedOfficer],
    payload: EmptyPayload,
    basis: basis('execution'),
    description: 'Start execution',
  },
  {
    action: 'transmit-results',
    from: [S.InExecution, S.PartiallyExecuted],
    to: [S.PartiallyExecuted, S.Executed],
    pickTarget: (p: FixtureResultsPayload) => (p.final ? S.Executed : S.PartiallyExecuted),
    actors: [requestedApprover],
    payload: FixtureResultsPayload,
    apply: ({ request, payload }) => {
      request.caseData.results = [
        ...(request.caseData.results ?? []),
        { final: payload.final, summary: payload.summary },
      ];
    },
    basis: basis('results'),
    description: 'Send partial or final results',
  } satisfies Rule<FixtureResultsPayload>,
  {
    action: 'confirm-receipt',
    from: [S.Executed, S.Refused],
    to: [S.Closed],
    actors: [requestingOfficer],
    payload: EmptyPayload,
    apply: ({ request, now }) => {
      request.caseData.closedAt = iso(now);
    },
    basis: basis('closure'),
    description: 'Confirm receipt of the outcome',
  },
  {
    action: 'withdraw',
    from: [S.Submitted, ...IN_HAND],
    to: [S.Withdrawn],
    actors: [requestingOfficer],
    payload: WithdrawPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.withdrawal = { reasons: payload.reasons, withdrawnAt: iso(now) };
    },
    basis: basis('withdrawal'),
    description: 'Withdraw the request',
  } satisfies Rule<WithdrawPayload>,
  {
    action: 'query-status',
    from: IN_HAND,
    to: [],
    keepsStatus: true,
    actors: [requestingOfficer],
    payload: QueryStatusPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.statusEnquiries = [
        ...(request.caseData.statusEnquiries ?? []),
        { question: payload.question, askedAt: iso(now) },
      ];
    },
    effects: [enquiryReminder],
    basis: basis('status enquiry'),
    description: 'Ask about the status',
  } satisfies Rule<QueryStatusPayload>,
  {
    action: 'remind-enquiry',
    from: IN_HAND,
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: basis('unanswered enquiry'),
    description: 'Reminder of an unanswered status enquiry',
  },
  {
    action: 'notify-delay',
    from: [S.UnderReview, S.Accepted, S.InExecution, S.PartiallyExecuted],
    to: [],
    keepsStatus: true,
    actors: [requestedOfficer, requestedApprover],
    payload: NotifyDelayPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.delayNotices = [
        ...(request.caseData.delayNotices ?? []),
        { reasons: payload.reasons, notifiedAt: iso(now) },
      ];
    },
    basis: basis('delay notice'),
    description: 'Tell the requesting side of a delay',
  } satisfies Rule<NotifyDelayPayload>,
];

export const fixtureMachine: WorkflowMachine = {
  channel: FIXTURE_CHANNEL,
  initial: S.Draft,
  states: Object.values(S),
  terminal: [S.Withdrawn, S.Closed],
  transitions,
};

const missing = (field: string): FieldProblem => ({ field, messages: ['is required before submission'] });

/** The fixture's mandatory contents, in this order. */
export function fixtureMissingForSubmission(r: CooperationRequest): FieldProblem[] {
  return [
    ...(r.subject ? [] : [missing('subject')]),
    ...(r.offences.length > 0 ? [] : [missing('offences')]),
    ...(r.assistanceSought ? [] : [missing('assistanceSought')]),
    ...(r.purpose ? [] : [missing('purpose')]),
  ];
}

export const fixtureChannel: ChannelDefinition = {
  channel: FIXTURE_CHANNEL,
  title: 'Fixture channel of the engine specs',
  queue: FIXTURE_QUEUE,
  machine: fixtureMachine,
  detailsSchema: class FixtureDetails {},
  requestedAuthorityKinds: ['central'],
  missingForSubmission: fixtureMissingForSubmission,
};
