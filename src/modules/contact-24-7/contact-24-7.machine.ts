import {
  EmptyPayload,
  requestedApprover,
  requestedOfficer,
  requestingOfficer,
  sendAndDeliver,
  WithdrawPayload,
  type WorkflowMachine,
} from '@/workflows';
import {
  AcknowledgeTicketPayload,
  AnswerTicketPayload,
  RouteTicketPayload,
} from './payloads/contact-24-7.payloads';
import type { ContactRule } from './contact-24-7.case-data';
import {
  recordAcknowledgement,
  recordAcknowledgementReminder,
  recordAnswer,
  recordClosure,
  recordEscalationToMla,
  recordEscalationToPreservation,
  recordRouting,
  recordWithdrawal,
} from './contact-24-7.case-writes';
import { acknowledgementReminder } from './contact-24-7.effects';
import { emergencyDataOnlyInAnEmergency, escalatedToMlaStays } from './contact-24-7.guards';
import { ContactStatus } from './contact-24-7.states';

/*
 * The 24/7 network ticket lifecycle table (UNCC art. 41, Budapest 35), DOMAIN.md 4.10: a ticket opened by one
 * State's point of contact with another's, acknowledged (the minutes it took are recorded), routed inside the
 * requested State, answered, and escalated when a preservation (art. 42) or an MLA request (arts 40, 44)
 * follows it up. One row per action, in lifecycle order: who may take it, from which states, to which, on
 * which legal basis. What a row checks, writes and sets going is named here and defined apart:
 * contact-24-7.guards.ts, contact-24-7.case-writes.ts, contact-24-7.effects.ts; the news a follow-up sends
 * is in contact-24-7.escalation.ts. docs/lifecycles/contact-24-7.md is generated from this table.
 */

const S = ContactStatus;

/** Taken up by the requested point of contact: it may route and answer. */
const IN_HAND = [S.Acknowledged, S.Routed];

/** Open tickets a follow-up request may escalate (one that arrives before acknowledgement included). */
const ESCALABLE = [
  S.Opened,
  S.Received,
  S.Acknowledged,
  S.Routed,
  S.Answered,
  S.EscalatedToPreservation,
  S.EscalatedToMla,
];

const transitions: ContactRule[] = [
  // open (DRAFT -> OPENED, requesting officer, complete drafts only) and deliver (-> RECEIVED).
  ...sendAndDeliver({
    action: 'open',
    draft: S.Draft,
    sent: S.Opened,
    received: S.Received,
    basis: 'UNCC art. 41 (Budapest 35(1)): a point of contact available 24 hours a day, 7 days a week',
    description: "Open the ticket with the requested State's 24/7 point of contact",
    deliveryBasis: 'UNCC art. 41 (Budapest 35(1))',
    onDelivery: [acknowledgementReminder],
  }),
  {
    action: 'acknowledge',
    from: [S.Received],
    to: [S.Acknowledged],
    actors: [requestedOfficer, requestedApprover],
    basis: 'UNCC art. 41 (Budapest 35(1)): immediate assistance',
    description: 'The requested point of contact takes the ticket up; the minutes it took are recorded',
    payload: AcknowledgeTicketPayload,
    apply: recordAcknowledgement,
  } satisfies ContactRule<AcknowledgeTicketPayload>,
  {
    action: 'remind-acknowledgement',
    from: [S.Received],
    to: [],
    keepsStatus: true,
    actors: [],
    system: true,
    basis: 'UNCC art. 41 (Budapest 35(1)): immediate assistance',
    description: 'Reminder to the requested point of contact: the ticket waits for acknowledgement',
    apply: recordAcknowledgementReminder,
  },
  {
    action: 'route',
    from: IN_HAND,
    to: [S.Routed],
    actors: [requestedOfficer, requestedApprover],
    basis: 'UNCC art. 41 (Budapest 35(2)): coordination with the authorities for MLA and extradition',
    description: 'Send the ticket to the domestic authority that takes it further',
    payload: RouteTicketPayload,
    apply: recordRouting,
  } satisfies ContactRule<RouteTicketPayload>,
  {
    action: 'answer',
    from: [...IN_HAND, S.Answered],
    to: [S.Answered],
    actors: [requestedOfficer, requestedApprover],
    basis:
      'UNCC art. 41 (Budapest 35(1)(a)-(c)): technical advice, legal information, locating suspects, data to avert an emergency',
    description: 'Answer: advice, legal information, the location of a provider or suspect, emergency data',
    payload: AnswerTicketPayload,
    guard: emergencyDataOnlyInAnEmergency,
    apply: recordAnswer,
  } satisfies ContactRule<AnswerTicketPayload>,
  {
    action: 'escalate-to-preservation',
    from: ESCALABLE,
    to: [S.EscalatedToPreservation, S.EscalatedToMla],
    actors: [],
    system: true,
    basis: 'UNCC arts 41-42 (Budapest 35(1)(b)): preservation through the 24/7 network',
    description: 'A preservation request following the ticket up reached the requested State',
    pickTarget: escalatedToMlaStays,
    apply: recordEscalationToPreservation,
  },
  {
    action: 'escalate-to-mla',
    title: 'Escalate to MLA',
    from: ESCALABLE,
    to: [S.EscalatedToMla],
    actors: [],
    system: true,
    basis: 'UNCC arts 41, 40 and 44 (Budapest 35(2)): the MLA request follows the contact',
    description: 'An MLA request following the ticket up reached the requested State',
    apply: recordEscalationToMla,
  },
  {
    action: 'close',
    from: [S.Answered, S.EscalatedToPreservation, S.EscalatedToMla],
    to: [S.Closed],
    actors: [requestingOfficer],
    basis: 'UNCC art. 41',
    description: 'The requesting point of contact has what it needed; the ticket is closed',
    payload: EmptyPayload,
    apply: recordClosure,
  },
  {
    action: 'withdraw',
    from: [S.Opened, S.Received, S.Acknowledged, S.Routed],
    to: [S.Withdrawn],
    actors: [requestingOfficer],
    basis: 'UNCC art. 40 (UNTOC 18(24))',
    description: 'The help is no longer needed',
    payload: WithdrawPayload,
    apply: recordWithdrawal,
  } satisfies ContactRule<WithdrawPayload>,
];

export const contactMachine: WorkflowMachine = {
  channel: 'contact-24-7',
  initial: S.Draft,
  states: Object.values(ContactStatus),
  terminal: [S.Closed, S.Withdrawn],
  transitions,
};
