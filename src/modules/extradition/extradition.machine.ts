import { ValidationFailedError } from '@/common/errors/domain-error';
import { assertExtraditable } from './extradition-guards';
import {
  type ActorRule,
  daysAfter,
  type EffectRule,
  EmptyPayload,
  ForbiddenRefusalGroundError,
  JobName,
  WithdrawPayload,
  type WorkflowMachine,
} from '@/workflows';
import {
  AcceptAccessoryOffencesPayload,
  ExecuteProvisionalArrestPayload,
  ExtraditionConsultationPayload,
  ExtraditionRefusePayload,
  FORBIDDEN_EXTRADITION_GROUNDS,
  GrantWithConditionsPayload,
  OpenJudicialReviewPayload,
  ReportProsecutionOutcomePayload,
  RequestDomesticProsecutionPayload,
  SubmitViewsPayload,
  SurrenderPayload,
} from './payloads/extradition.payloads';
import { ExtraditionJob } from './extradition.constants';
import type { ExtraditionCaseData, ExtraditionRule } from './extradition.case-data';

/** Extradition with provisional arrest (UNCC art. 37; lifecycle DOMAIN.md 4.5). */
export enum ExtraditionStatus {
  Draft = 'DRAFT',
  PaRequested = 'PA_REQUESTED',
  PaExecuted = 'PA_EXECUTED',
  PaLapsed = 'PA_LAPSED',
  FormalRequestSubmitted = 'FORMAL_REQUEST_SUBMITTED',
  UnderJudicialReview = 'UNDER_JUDICIAL_REVIEW',
  Consultation = 'CONSULTATION',
  Granted = 'GRANTED',
  GrantedConditional = 'GRANTED_CONDITIONAL',
  Refused = 'REFUSED',
  ReferredForDomesticProsecution = 'REFERRED_FOR_DOMESTIC_PROSECUTION',
  Surrendered = 'SURRENDERED',
  Withdrawn = 'WITHDRAWN',
  Closed = 'CLOSED',
}

const S = ExtraditionStatus;
const requestingOfficer: ActorRule = { side: 'requesting', roles: ['officer'] };
const requestedOfficer: ActorRule = { side: 'requested', roles: ['officer'] };
const requestedApprover: ActorRule = { side: 'requested', roles: ['approver'] };
const iso = (d: Date): string => d.toISOString();
const BASIS = 'UNCC art. 37';

const deliver: EffectRule<ExtraditionCaseData> = { job: JobName.RequestDeliver, systemAction: 'deliver' };

/** The formal request is due within the requested State's period after a provisional arrest. */
const lapseClock: EffectRule<ExtraditionCaseData> = {
  job: ExtraditionJob.ProvisionalArrestLapse,
  systemAction: 'lapse',
  runAt: ({ now, settings }) => daysAfter(now, settings.provisionalArrestDays),
  timer: {
    label: 'Formal extradition request due',
    basis: `${BASIS} (UNTOC 16(9)); period of treaty or domestic law [GK]`,
  },
};

const refusedSolelyForNationality = (grounds: unknown): boolean =>
  Array.isArray(grounds) && grounds.length === 1 && grounds[0] === 'NATIONALITY';

const transitions: ExtraditionRule[] = [
  {
    action: 'request-provisional-arrest',
    from: [S.Draft],
    to: [S.PaRequested],
    actors: [requestingOfficer],
    payload: EmptyPayload,
    requiresComplete: true,
    guard: ({ request }) => assertExtraditable(request),
    apply: ({ request, now }) => {
      request.submittedAt = now;
    },
    effects: [deliver],
    basis: `${BASIS} (UNTOC 16(9)): urgent, pending the formal request`,
    description: 'Ask for the provisional arrest of the person sought',
  },
  {
    action: 'deliver',
    from: [S.PaRequested, S.FormalRequestSubmitted],
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    availableWhen: { test: (r) => r.deliveredAt === null, reason: 'it was already delivered' },
    apply: ({ request, now }) => {
      request.deliveredAt = now;
    },
    basis: BASIS,
    description: "The request reaches the counterpart's inbox (delivery job)",
  },
  {
    action: 'execute-provisional-arrest',
    from: [S.PaRequested],
    to: [S.PaExecuted],
    actors: [requestedOfficer, requestedApprover],
    payload: ExecuteProvisionalArrestPayload,
    apply: ({ request, payload, now, settings }) => {
      request.caseData.provisionalArrest = {
        measure: payload.measure,
        ...(payload.details ? { details: payload.details } : {}),
        executedAt: iso(now),
        formalRequestDueAt: iso(daysAfter(now, settings.provisionalArrestDays)),
      };
    },
    effects: [lapseClock],
    basis: `${BASIS} (UNTOC 16(9))`,
    description: 'The person is taken into custody, or other measures secure their presence',
  } satisfies ExtraditionRule<ExecuteProvisionalArrestPayload>,
  {
    action: 'lapse',
    from: [S.PaExecuted],
    to: [S.PaLapsed],
    actors: [],
    system: true,
    apply: ({ request, now }) => {
      request.caseData.provisionalArrest = { ...request.caseData.provisionalArrest, lapsedAt: iso(now) };
    },
    basis: `${BASIS}: formal request not received within the treaty or domestic period [GK]`,
    description: 'The provisional arrest lapses: the formal request did not arrive in time (timer)',
  },
  {
    action: 'submit-formal-request',
    // Also after a lapse: the person was released, but the formal request may still be made.
    from: [S.Draft, S.PaRequested, S.PaExecuted, S.PaLapsed],
    to: [S.FormalRequestSubmitted],
    actors: [requestingOfficer],
    payload: EmptyPayload,
    requiresComplete: true,
    guard: ({ request }) => assertExtraditable(request),
    apply: ({ request, now }) => {
      request.submittedAt ??= now;
      request.caseData.formalRequestAt = iso(now);
    },
    effects: [deliver],
    basis: `${BASIS} (UNTOC 16(7)): the full dossier`,
    description: 'Submit the formal extradition request (with or without a provisional arrest before it)',
  },
  {
    action: 'open-judicial-review',
    from: [S.FormalRequestSubmitted],
    to: [S.UnderJudicialReview],
    actors: [requestedOfficer],
    payload: OpenJudicialReviewPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.judicialReview = { ...payload, openedAt: iso(now) };
    },
    basis: `${BASIS}: the requested State's courts or ministry decide under its law`,
    description: 'The courts or the ministry of the requested State are seized',
  } satisfies ExtraditionRule<OpenJudicialReviewPayload>,
  {
    action: 'accept-accessory-offences',
    from: [S.UnderJudicialReview, S.Consultation],
    to: [],
    keepsStatus: true,
    actors: [requestedApprover],
    payload: AcceptAccessoryOffencesPayload,
    guard: ({ request, payload }) => {
      const offences = (request.details.offences as { accessory?: boolean }[] | undefined) ?? [];
      const bad = payload.offenceIndexes.filter((i) => !offences[i]?.accessory);
      if (bad.length > 0) {
        throw new ValidationFailedError([
          {
            field: 'offenceIndexes',
            messages: [`not accessory offences of this request: ${bad.join(', ')}`],
          },
        ]);
      }
    },
    apply: ({ request, payload, now }) => {
      const earlier = request.caseData.accessoryOffencesAccepted?.offenceIndexes ?? [];
      const all = [...new Set([...earlier, ...payload.offenceIndexes])].sort((a, b) => a - b);
      request.caseData.accessoryOffencesAccepted = { offenceIndexes: all, at: iso(now) };
    },
    basis: `${BASIS} (UNTOC 16(2)): accompanying offences below the threshold`,
    description: 'Apply extradition also to accessory offences below the penalty threshold',
  } satisfies ExtraditionRule<AcceptAccessoryOffencesPayload>,
  {
    action: 'open-consultation',
    from: [S.UnderJudicialReview],
    to: [S.Consultation],
    actors: [requestedApprover],
    payload: ExtraditionConsultationPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.consultation = {
        intendedOutcome: 'refuse',
        reasons: payload.reasons,
        openedAt: iso(now),
      };
    },
    basis: `${BASIS} (UNTOC 16(16)): consult before refusing`,
    description: 'Consult the requesting State before refusing',
  } satisfies ExtraditionRule<ExtraditionConsultationPayload>,
  {
    action: 'submit-views',
    from: [S.Consultation],
    to: [],
    keepsStatus: true,
    actors: [requestingOfficer],
    payload: SubmitViewsPayload,
    apply: ({ request, payload, now }) => {
      const list = request.caseData.views ?? [];
      request.caseData.views = [...list, { views: payload.views, at: iso(now) }];
    },
    basis: `${BASIS} (UNTOC 16(16)): ample opportunity to present views and information`,
    description: 'The requesting State presents its views and information',
  } satisfies ExtraditionRule<SubmitViewsPayload>,
  {
    action: 'grant',
    from: [S.UnderJudicialReview, S.Consultation],
    to: [S.Granted],
    actors: [requestedApprover],
    payload: EmptyPayload,
    apply: ({ request, now }) => {
      request.caseData.decision = { outcome: 'granted', at: iso(now) };
    },
    basis: BASIS,
    description: 'Extradition is granted',
  },
  {
    action: 'grant-with-conditions',
    from: [S.UnderJudicialReview, S.Consultation],
    to: [S.GrantedConditional],
    actors: [requestedApprover],
    payload: GrantWithConditionsPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.decision = { outcome: 'granted-with-conditions', at: iso(now) };
      request.caseData.conditions = {
        items: payload.conditions.map((c) => ({ type: c.type, text: c.text })),
        proposedAt: iso(now),
      };
    },
    basis: `${BASIS} (UNTOC 16(11)): e.g. return of a national to serve the sentence`,
    description: 'Extradition is granted on conditions',
  } satisfies ExtraditionRule<GrantWithConditionsPayload>,
  {
    action: 'refuse',
    from: [S.Consultation],
    to: [S.Refused],
    actors: [requestedApprover],
    payload: ExtraditionRefusePayload,
    guard: ({ payload }) => {
      const forbidden = payload.grounds
        .map((g, i) => ({ g, i }))
        .filter(({ g }) => Object.hasOwn(FORBIDDEN_EXTRADITION_GROUNDS, g))
        .map(({ g, i }) => ({
          field: `grounds[${i}]`,
          messages: [`${g}: ${FORBIDDEN_EXTRADITION_GROUNDS[g]}`],
        }));
      if (forbidden.length > 0) {
        throw new ForbiddenRefusalGroundError(forbidden);
      }
    },
    apply: ({ request, payload, now }) => {
      request.caseData.refusal = { grounds: payload.grounds, reasons: payload.reasons, refusedAt: iso(now) };
    },
    basis: `${BASIS} (UNTOC 16(7), (14), (15)): treaty or domestic grounds, non-discrimination; reasons to the requester`,
    description: 'Refuse, after consultation, with grounds and reasons',
  } satisfies ExtraditionRule<ExtraditionRefusePayload>,
  {
    action: 'request-domestic-prosecution',
    from: [S.Refused],
    to: [S.ReferredForDomesticProsecution],
    actors: [requestingOfficer],
    payload: RequestDomesticProsecutionPayload,
    availableWhen: {
      test: (r) => refusedSolelyForNationality(r.caseData.refusal?.grounds),
      reason: 'extradition was not refused solely on the ground of nationality',
    },
    apply: ({ request, payload, now }) => {
      request.caseData.domesticProsecution = {
        requestedAt: iso(now),
        reasons: payload.reasons,
        outcomeReported: false,
      };
    },
    basis: `${BASIS} (UNTOC 16(10); Budapest 24(6)): aut dedere aut judicare`,
    description: 'Ask the requested State to submit the case to its own prosecutors',
  } satisfies ExtraditionRule<RequestDomesticProsecutionPayload>,
  {
    action: 'report-prosecution-outcome',
    from: [S.ReferredForDomesticProsecution],
    to: [S.Closed],
    actors: [requestedOfficer, requestedApprover],
    payload: ReportProsecutionOutcomePayload,
    apply: ({ request, payload, now }) => {
      request.caseData.domesticProsecution = {
        ...request.caseData.domesticProsecution,
        outcome: payload.outcome,
        details: payload.details,
        outcomeReported: true,
        reportedAt: iso(now),
      };
    },
    basis: `${BASIS} (Budapest 24(6)): report the final outcome`,
    description: 'Report the final outcome of the domestic prosecution',
  } satisfies ExtraditionRule<ReportProsecutionOutcomePayload>,
  {
    action: 'surrender',
    from: [S.Granted, S.GrantedConditional],
    to: [S.Surrendered],
    actors: [requestedOfficer],
    payload: SurrenderPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.surrender = { ...payload, at: iso(now) };
    },
    basis: `${BASIS}; treaty or domestic law`,
    description: 'The person is handed over',
  } satisfies ExtraditionRule<SurrenderPayload>,
  {
    action: 'close',
    from: [S.Surrendered, S.Refused, S.PaLapsed],
    to: [S.Closed],
    actors: [requestingOfficer],
    payload: EmptyPayload,
    apply: ({ request, now }) => {
      request.caseData.closedAt = iso(now);
    },
    basis: 'Domestic law (retention starts)',
    description: 'The requesting side closes the case',
  },
  {
    action: 'withdraw',
    from: [
      S.PaRequested,
      S.PaExecuted,
      S.FormalRequestSubmitted,
      S.UnderJudicialReview,
      S.Consultation,
      S.Granted,
      S.GrantedConditional,
    ],
    to: [S.Withdrawn],
    actors: [requestingOfficer],
    payload: WithdrawPayload,
    apply: ({ request, payload, now }) => {
      request.caseData.withdrawal = { reasons: payload.reasons, withdrawnAt: iso(now) };
    },
    basis: BASIS,
    description: 'The requesting State withdraws the request',
  } satisfies ExtraditionRule<WithdrawPayload>,
];

export const extraditionMachine: WorkflowMachine = {
  channel: 'extradition',
  initial: S.Draft,
  states: Object.values(ExtraditionStatus),
  terminal: [S.Withdrawn, S.Closed],
  transitions,
};
