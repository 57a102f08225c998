import {
  type AuthorityUsers,
  type BenchParties,
  expectStatus,
  pick,
  seedAuthority,
  seedParties,
} from '../../tools/harness/engine-client';
import type { HttpClient } from '../../tools/harness/http-client';
import {
  confiscationDraft,
  contactDraft,
  extraditionDraft,
  mlaDraft,
  preservationDraft,
  realTimeCollectionDraft,
  RESULTS_PAYLOAD,
  jointInvestigationDraft,
  SAMPLE_BATCH,
  spontaneousDraft,
  transferDraft,
} from '../../tools/samples/drafts';

/**
 * The scenarios of `npm run test:chaos` (chaos.ts), per channel. Each one walks a request (or two linked
 * requests) through a sequence of actions and of steps the engine takes by itself (deliveries, legal
 * clocks, the hold and release of a preservation by its follow-up MLA request), recording in its
 * Expectation every audit action it implies, in order, so that the check afterwards can compare.
 */

export type Channel =
  | 'mla'
  | 'preservation'
  | 'extradition'
  | 'contact-24-7'
  | 'spontaneous'
  | 'joint-investigation'
  | 'real-time-collection'
  | 'transfer'
  | 'confiscation';
export const CHANNELS: readonly Channel[] = [
  'mla',
  'preservation',
  'extradition',
  'contact-24-7',
  'spontaneous',
  'joint-investigation',
  'real-time-collection',
  'transfer',
  'confiscation',
];

/** What a client knows it did to one request: the audit actions it expects, in order, and the end state. */
export interface Expectation {
  id: string;
  channel: Channel;
  scenario: string;
  actions: string[];
  status: string;
  done: boolean;
}

/** System actions run by a legal clock (a timer outbox row), and by a linked request. */
export const CLOCK_ACTIONS: readonly string[] = [
  'resume',
  'remind-expiry',
  'expire',
  'lapse',
  'remind-acknowledgement',
  'end-collection',
  'remind-collection-end',
];
export const LINK_ACTIONS: readonly string[] = [
  'hold',
  'release',
  'escalate-to-preservation',
  'escalate-to-mla',
];

export interface ChaosParties extends BenchParties {
  /** Ghana's central authority: extradition under the default provisional-arrest period (60 days). */
  gha: AuthorityUsers;
  /** Austria's 24/7 point of contact: preservations under Austria's declared period (seconds here). */
  autPoc: AuthorityUsers;
  /** Ghana's 24/7 point of contact: preservations under the default period (60 days). */
  ghaPoc: AuthorityUsers;
}

const SECOND = 1 / 86400;
/**
 * Austria declares (PUT /v1/states/AUT/settings) periods of seconds, so that its clocks fire during the run,
 * while faults strike; Ghana keeps the defaults (60 days), so that no clock interferes with what its
 * scenarios do. Two reminders before expiry, as the defaults (T-14 and T-3 days), 3 s and 6 s after
 * confirmation, 14 s before the expiry: more than a fault delays a job (a Postgres restart about 5 s, a
 * killed worker up to 1.5 s plus its start-up, some seconds on a loaded machine), so that the reminders
 * come before the expiry, which would void them. (A job the worker was running when killed waits for
 * BullMQ's lock to expire, 30 to 60 s, unless a FLUSHALL comes first: a reminder caught so, rarely, would
 * be void when it runs and show as lost.)
 */
export const AUT_PRESERVATION_S = 20;
export const AUT_PROVISIONAL_ARREST_S = 5;
export const REMINDERS_BEFORE_EXPIRY_S = [17, 14];

/** Environment of the API and worker for these clocks (PRESERVATION_MIN_DAYS 0 lets a State declare seconds). */
export const CLOCK_ENV: Record<string, string> = {
  PRESERVATION_MIN_DAYS: '0',
  PRESERVATION_REMINDER_DAYS: REMINDERS_BEFORE_EXPIRY_S.map((s) => String(s * SECOND)).join(','),
};

/** VNM requests from AUT and GHA: their central authorities and 24/7 points of contact; AUT's short periods. */
export async function seedChaosParties(http: HttpClient, adminToken: string): Promise<ChaosParties> {
  const parties: ChaosParties = {
    ...(await seedParties(http, adminToken, 2)),
    gha: await seedAuthority(http, adminToken, 'GHA-MOJ-CA', 'GHA', 2),
    autPoc: await seedAuthority(http, adminToken, 'AUT-BK-247', 'AUT', 2, 'contact-24-7'),
    ghaPoc: await seedAuthority(http, adminToken, 'GHA-CSA-247', 'GHA', 2, 'contact-24-7'),
  };
  expectStatus(
    "declare Austria's periods",
    await http.send('PUT', '/v1/states/AUT/settings', adminToken, {
      preservationDays: AUT_PRESERVATION_S * SECOND,
      provisionalArrestDays: AUT_PROVISIONAL_ARREST_S * SECOND,
      // Interception of content data (art. 46) for illegal access (UNCC art. 7), the drafts' offence.
      interceptionOffences: [7],
    }),
    200,
  );
  return parties;
}

/** What a scenario may do; chaos.ts's Client retries through faults and resolves lost answers. */
export interface ScenarioClient {
  readonly parties: ChaosParties;
  /** Distinct per scenario run: picks users and makes the drafts distinct. */
  readonly n: number;
  /** Creates a draft as VNM's officer. */
  create(e: Expectation, body: Record<string, unknown>): Promise<void>;
  /** Edits the draft as VNM's officer. */
  edit(e: Expectation, patch: Record<string, unknown>): Promise<void>;
  /** Performs `action` with If-Match; `payload` may be a function, called again for each attempt. */
  act(e: Expectation, action: string, token: string, payload: unknown, to: string): Promise<void>;
  /**
   * Waits until `token`'s caller sees the request in `status`, then records `actions`: what the engine did
   * by itself meanwhile (a delivery, a clock, a linked request), in order.
   */
  awaitSystem(e: Expectation, actions: string | string[], status: string, token: string): Promise<void>;
  /** Another request this scenario drives (a follow-up), checked like the first. */
  track(channel: Channel, scenario: string): Expectation;
}

export interface Scenario {
  channel: Channel;
  name: string;
  run(c: ScenarioClient, e: Expectation): Promise<void>;
}

const officer = (c: ScenarioClient, u: AuthorityUsers): string => pick(u.officers, c.n);
const approver = (c: ScenarioClient, u: AuthorityUsers): string => pick(u.approvers, c.n);

/** MLA from draft to RECEIVED (edited first when `edit`). */
async function mlaReceived(c: ScenarioClient, e: Expectation, body: Record<string, unknown>): Promise<void> {
  const { vnm, aut } = c.parties;
  await c.create(e, body);
  await c.act(e, 'submit', officer(c, vnm), {}, 'SUBMITTED');
  await c.awaitSystem(e, 'deliver', 'RECEIVED', officer(c, aut));
}

/** MLA from RECEIVED through execution to EXECUTED. */
async function mlaExecuted(c: ScenarioClient, e: Expectation): Promise<void> {
  const { aut } = c.parties;
  await c.act(e, 'acknowledge', officer(c, aut), {}, 'UNDER_REVIEW');
  await c.act(e, 'accept', approver(c, aut), {}, 'ACCEPTED');
  await c.act(e, 'start-execution', officer(c, aut), {}, 'IN_EXECUTION');
  await c.act(e, 'transmit-results', approver(c, aut), RESULTS_PAYLOAD, 'EXECUTED');
}

/** A preservation sent by VNM to `poc` and delivered, then ordered: PRESERVING. */
async function preserving(c: ScenarioClient, e: Expectation, poc: AuthorityUsers): Promise<void> {
  await c.create(e, preservationDraft(poc.authorityId, c.n));
  await c.act(e, 'send', officer(c, c.parties.vnm), {}, 'SENT');
  await c.awaitSystem(e, 'deliver', 'RECEIVED', officer(c, poc));
  await c.act(e, 'start-preservation', officer(c, poc), { orderReference: `PO-${c.n}` }, 'PRESERVING');
}

const CONFIRMATION = { custodianConfirmation: 'Preserved by Example Mail GmbH' };

const mlaClosed: Scenario = {
  channel: 'mla',
  name: 'mla: executed and closed',
  run: async (c, e) => {
    await mlaReceived(c, e, mlaDraft(c.parties.aut.authorityId, c.n));
    await mlaExecuted(c, e);
    await c.act(e, 'confirm-receipt', officer(c, c.parties.vnm), {}, 'CLOSED');
  },
};

const mlaWithdrawn: Scenario = {
  channel: 'mla',
  name: 'mla: withdrawn after delivery',
  run: async (c, e) => {
    await mlaReceived(c, e, mlaDraft(c.parties.aut.authorityId, c.n));
    await c.act(
      e,
      'withdraw',
      officer(c, c.parties.vnm),
      { reasons: 'Identified domestically' },
      'WITHDRAWN',
    );
  },
};

const mlaPostponed: Scenario = {
  channel: 'mla',
  name: 'mla: postponed and resumed by its clock, a question answered',
  run: async (c, e) => {
    const { vnm, aut } = c.parties;
    await mlaReceived(c, e, mlaDraft(aut.authorityId, c.n));
    await c.act(e, 'acknowledge', officer(c, aut), {}, 'UNDER_REVIEW');
    // Computed at each attempt: after retries through a fault a fixed date could already be past.
    await c.act(
      e,
      'postpone',
      approver(c, aut),
      () => ({ reasons: 'Own investigation', until: new Date(Date.now() + 2000).toISOString() }),
      'POSTPONED',
    );
    await c.awaitSystem(e, 'resume', 'UNDER_REVIEW', officer(c, aut));
    await c.act(e, 'request-information', officer(c, aut), { questions: 'Which period?' }, 'INFO_REQUESTED');
    await c.act(e, 'provide-information', officer(c, vnm), { answers: '14-16 March 2026' }, 'UNDER_REVIEW');
    await c.act(e, 'accept', approver(c, aut), {}, 'ACCEPTED');
  },
};

const mlaEdited: Scenario = {
  channel: 'mla',
  name: 'mla: edited before submission, executed and closed',
  run: async (c, e) => {
    const { vnm, aut } = c.parties;
    await c.create(e, mlaDraft(aut.authorityId, c.n));
    await c.edit(e, { purpose: 'Identify the operators of the mailbox and its payments.' });
    await c.act(e, 'submit', officer(c, vnm), {}, 'SUBMITTED');
    await c.awaitSystem(e, 'deliver', 'RECEIVED', officer(c, aut));
    await mlaExecuted(c, e);
    await c.act(e, 'confirm-receipt', officer(c, vnm), {}, 'CLOSED');
  },
};

const preservationExpired: Scenario = {
  channel: 'preservation',
  name: 'preservation: confirmed, reminded twice, expired by its clock',
  run: async (c, e) => {
    const { autPoc, vnm } = c.parties;
    await preserving(c, e, autPoc);
    await c.act(e, 'confirm-preservation', officer(c, autPoc), CONFIRMATION, 'PRESERVED_ACTIVE');
    // Austria's period: the reminders and the expiry fire some seconds later, whatever faults strike.
    await c.awaitSystem(
      e,
      [...REMINDERS_BEFORE_EXPIRY_S.map(() => 'remind-expiry'), 'expire'],
      'EXPIRED',
      officer(c, vnm),
    );
  },
};

const preservationHeld: Scenario = {
  channel: 'preservation',
  name: 'preservation: held by its follow-up MLA request, traffic data disclosed, released on execution',
  run: async (c, e) => {
    const { autPoc, aut, vnm } = c.parties;
    await preserving(c, e, autPoc);
    const mla = c.track('mla', 'mla: follows up a preservation, executed and closed');
    await mlaReceived(c, mla, { ...mlaDraft(aut.authorityId, c.n), followsUpRequestId: e.id });
    // Its delivery to Austria's central authority holds the preservation (a job on the other request).
    await c.awaitSystem(e, 'hold', 'HELD_PENDING_MLA_DECISION', officer(c, vnm));
    await c.act(
      e,
      'disclose-traffic-data',
      officer(c, autPoc),
      {
        providerName: 'Accra Hosting Ltd',
        providerCountry: 'GHA',
        trafficData: `Relay via 203.0.113.7 (Accra Hosting) for case ${c.n}`,
      },
      'HELD_PENDING_MLA_DECISION',
    );
    await mlaExecuted(c, mla);
    // The final results release it.
    await c.awaitSystem(e, 'release', 'RELEASED', officer(c, vnm));
    await c.act(mla, 'confirm-receipt', officer(c, vnm), {}, 'CLOSED');
  },
};

const preservationExtended: Scenario = {
  channel: 'preservation',
  name: 'preservation: warning, proceed, confirmed, extended, withdrawn',
  run: async (c, e) => {
    const { ghaPoc, vnm } = c.parties;
    await preserving(c, e, ghaPoc);
    await c.act(
      e,
      'issue-warning',
      approver(c, ghaPoc),
      { concern: 'CONFIDENTIALITY_AT_RISK', reasons: 'The provider informs the account holder' },
      'WARNING_ISSUED',
    );
    await c.act(e, 'proceed', approver(c, vnm), {}, 'PRESERVING');
    await c.act(e, 'confirm-preservation', officer(c, ghaPoc), CONFIRMATION, 'PRESERVED_ACTIVE');
    await c.act(
      e,
      'request-extension',
      officer(c, vnm),
      { reasons: 'MLA request being drafted' },
      'EXTENSION_REQUESTED',
    );
    await c.act(e, 'grant-extension', approver(c, ghaPoc), { days: 30 }, 'PRESERVED_ACTIVE');
    await c.act(e, 'withdraw', officer(c, vnm), { reasons: 'Suspect identified' }, 'WITHDRAWN');
  },
};

const extraditionGranted: Scenario = {
  channel: 'extradition',
  name: 'extradition: provisional arrest, formal request in time, granted, surrendered, closed',
  run: async (c, e) => {
    const { gha, vnm } = c.parties;
    await c.create(e, extraditionDraft(gha.authorityId, c.n));
    await c.act(e, 'request-provisional-arrest', officer(c, vnm), {}, 'PA_REQUESTED');
    // Delivery keeps the status: the counterpart sees the request once it is delivered.
    await c.awaitSystem(e, 'deliver', 'PA_REQUESTED', officer(c, gha));
    await c.act(
      e,
      'execute-provisional-arrest',
      officer(c, gha),
      { measure: 'custody', details: 'Arrested in Accra' },
      'PA_EXECUTED',
    );
    // Delivered already: the formal request's delivery job must record nothing.
    await c.act(e, 'submit-formal-request', officer(c, vnm), {}, 'FORMAL_REQUEST_SUBMITTED');
    await c.act(
      e,
      'open-judicial-review',
      officer(c, gha),
      { court: 'High Court, Accra' },
      'UNDER_JUDICIAL_REVIEW',
    );
    await c.act(e, 'grant', approver(c, gha), {}, 'GRANTED');
    await c.act(e, 'surrender', officer(c, gha), { arrangements: 'Kotoka airport, escort' }, 'SURRENDERED');
    await c.act(e, 'close', officer(c, vnm), {}, 'CLOSED');
  },
};

const extraditionLapsed: Scenario = {
  channel: 'extradition',
  name: 'extradition: provisional arrest lapsed by its clock, late formal request, refused for nationality, referred',
  run: async (c, e) => {
    const { aut, vnm } = c.parties;
    await c.create(e, extraditionDraft(aut.authorityId, c.n, { nationality: 'AUT' }));
    await c.act(e, 'request-provisional-arrest', officer(c, vnm), {}, 'PA_REQUESTED');
    await c.awaitSystem(e, 'deliver', 'PA_REQUESTED', officer(c, aut));
    await c.act(
      e,
      'execute-provisional-arrest',
      approver(c, aut),
      { measure: 'other-measures' },
      'PA_EXECUTED',
    );
    // Austria's period: the lapse clock fires some seconds later, whatever faults strike.
    await c.awaitSystem(e, 'lapse', 'PA_LAPSED', officer(c, vnm));
    await c.act(e, 'submit-formal-request', officer(c, vnm), {}, 'FORMAL_REQUEST_SUBMITTED');
    await c.act(e, 'open-judicial-review', officer(c, aut), {}, 'UNDER_JUDICIAL_REVIEW');
    await c.act(
      e,
      'open-consultation',
      approver(c, aut),
      { reasons: 'The Constitution bars extraditing nationals' },
      'CONSULTATION',
    );
    await c.act(
      e,
      'submit-views',
      officer(c, vnm),
      { views: 'We ask for domestic prosecution' },
      'CONSULTATION',
    );
    await c.act(
      e,
      'refuse',
      approver(c, aut),
      { grounds: ['NATIONALITY'], reasons: 'National of Austria' },
      'REFUSED',
    );
    await c.act(
      e,
      'request-domestic-prosecution',
      officer(c, vnm),
      { reasons: 'UNTOC 16(10)' },
      'REFERRED_FOR_DOMESTIC_PROSECUTION',
    );
    await c.act(
      e,
      'report-prosecution-outcome',
      officer(c, aut),
      { outcome: 'convicted', details: 'Four years, Landesgericht Graz' },
      'CLOSED',
    );
  },
};

const extraditionConditional: Scenario = {
  channel: 'extradition',
  name: 'extradition: formal request alone, granted on conditions, withdrawn',
  run: async (c, e) => {
    const { aut, vnm } = c.parties;
    await c.create(e, extraditionDraft(aut.authorityId, c.n));
    await c.act(e, 'submit-formal-request', officer(c, vnm), {}, 'FORMAL_REQUEST_SUBMITTED');
    await c.awaitSystem(e, 'deliver', 'FORMAL_REQUEST_SUBMITTED', officer(c, aut));
    await c.act(
      e,
      'open-judicial-review',
      officer(c, aut),
      { court: 'Landesgericht Wien' },
      'UNDER_JUDICIAL_REVIEW',
    );
    await c.act(
      e,
      'grant-with-conditions',
      approver(c, aut),
      { conditions: [{ type: 'OTHER', text: 'Return to serve the sentence' }] },
      'GRANTED_CONDITIONAL',
    );
    await c.act(
      e,
      'withdraw',
      officer(c, vnm),
      { reasons: 'The person was arrested elsewhere' },
      'WITHDRAWN',
    );
  },
};

const contactEscalated: Scenario = {
  channel: 'contact-24-7',
  name: 'contact-24-7: acknowledged, routed, answered, escalated by its preservation, closed',
  run: async (c, e) => {
    const { autPoc, vnm } = c.parties;
    await c.create(e, contactDraft(autPoc.authorityId, c.n));
    await c.act(e, 'open', officer(c, vnm), {}, 'OPENED');
    await c.awaitSystem(e, 'deliver', 'RECEIVED', officer(c, autPoc));
    await c.act(e, 'acknowledge', officer(c, autPoc), { handledBy: `Duty officer ${c.n}` }, 'ACKNOWLEDGED');
    await c.act(
      e,
      'route',
      approver(c, autPoc),
      { to: 'competent-authority', authority: 'Bundeskriminalamt C4' },
      'ROUTED',
    );
    await c.act(
      e,
      'answer',
      officer(c, autPoc),
      { kind: 'provider-location', answer: 'Example Mail GmbH, Vienna' },
      'ANSWERED',
    );
    const preservation = c.track('preservation', 'preservation: escalates a 24/7 ticket, withdrawn');
    await c.create(preservation, { ...preservationDraft(autPoc.authorityId, c.n), followsUpRequestId: e.id });
    await c.act(preservation, 'send', officer(c, vnm), {}, 'SENT');
    await c.awaitSystem(preservation, 'deliver', 'RECEIVED', officer(c, autPoc));
    // Its delivery escalates the ticket (a job on the other request).
    await c.awaitSystem(e, 'escalate-to-preservation', 'ESCALATED_TO_PRESERVATION', officer(c, vnm));
    await c.act(e, 'close', officer(c, vnm), {}, 'CLOSED');
    await c.act(
      preservation,
      'withdraw',
      officer(c, vnm),
      { reasons: 'Data obtained otherwise' },
      'WITHDRAWN',
    );
  },
};

const spontaneousRevised: Scenario = {
  channel: 'spontaneous',
  name: 'spontaneous information: offered, declined, revised, accepted, transmitted, use logged, closed',
  run: async (c, e) => {
    const { aut, vnm } = c.parties;
    await c.create(e, spontaneousDraft(aut.authorityId, c.n));
    await c.act(e, 'offer', officer(c, vnm), {}, 'OFFERED');
    // Delivery keeps the status: the receiver sees the offer once it is delivered.
    await c.awaitSystem(e, 'deliver', 'OFFERED', officer(c, aut));
    await c.act(
      e,
      'decline-conditions',
      approver(c, aut),
      { reasons: 'Our courts must see the source', unacceptable: [0] },
      'CONDITIONS_DECLINED',
    );
    await c.act(
      e,
      'revise-conditions',
      approver(c, vnm),
      { conditions: [{ type: 'USE_LIMIT', text: 'Only for the investigation of this group' }] },
      'OFFERED',
    );
    await c.act(e, 'accept-conditions', approver(c, aut), {}, 'CONDITIONS_ACCEPTED');
    await c.act(
      e,
      'transmit',
      approver(c, vnm),
      { summary: 'Chat logs', items: RESULTS_PAYLOAD.items },
      'TRANSMITTED',
    );
    await c.act(
      e,
      'log-use',
      officer(c, aut),
      { use: 'opened-investigation', details: 'Investigation opened' },
      'USE_LOGGED',
    );
    await c.act(e, 'close', officer(c, vnm), {}, 'CLOSED');
  },
};

const jointInvestigationExtended: Scenario = {
  channel: 'joint-investigation',
  name: 'joint investigation team of three States: joined, terms revised, signed by all, started, extended by all, one party left, ended, evaluated, closed',
  run: async (c, e) => {
    const { aut, gha, vnm } = c.parties;
    await c.create(e, jointInvestigationDraft(aut.authorityId, [gha.authorityId], vnm.authorityId, c.n));
    await c.act(e, 'propose', officer(c, vnm), {}, 'PROPOSED');
    // Delivery keeps the status; the further party sees the proposal once it is delivered, like the first.
    await c.awaitSystem(e, 'deliver', 'PROPOSED', officer(c, gha));
    await c.act(e, 'join-negotiation', approver(c, aut), {}, 'NEGOTIATING');
    await c.act(e, 'join-negotiation', approver(c, gha), {}, 'NEGOTIATING');
    const draft = jointInvestigationDraft(aut.authorityId, [gha.authorityId], vnm.authorityId, c.n);
    const terms = { ...(draft.details as { terms: object }).terms, costs: 'Shared equally' };
    await c.act(e, 'propose-terms', approver(c, gha), { terms }, 'NEGOTIATING');
    await c.act(e, 'sign-agreement', approver(c, vnm), { termsVersion: 2 }, 'NEGOTIATING');
    await c.act(e, 'sign-agreement', approver(c, gha), { termsVersion: 2 }, 'NEGOTIATING');
    await c.act(e, 'sign-agreement', approver(c, aut), { termsVersion: 2 }, 'AGREEMENT_SIGNED');
    await c.act(e, 'start', approver(c, vnm), {}, 'ACTIVE');
    const later = new Date(Date.now() + 400 * 86400000).toISOString().slice(0, 10);
    await c.act(
      e,
      'propose-extension',
      approver(c, aut),
      { newEndDate: later, reasons: 'More servers' },
      'ACTIVE',
    );
    await c.act(e, 'agree-extension', approver(c, vnm), {}, 'ACTIVE');
    await c.act(e, 'agree-extension', approver(c, gha), {}, 'ACTIVE');
    await c.act(e, 'leave', approver(c, gha), { reasons: 'Our part is done' }, 'ACTIVE');
    await c.act(e, 'end', approver(c, vnm), { reasons: 'Operators identified' }, 'ENDED');
    await c.act(e, 'evaluate', approver(c, aut), { assessment: 'Servers seized' }, 'EVALUATED');
    await c.act(e, 'close', officer(c, vnm), {}, 'CLOSED');
  },
};

/** A real-time collection request (or interception) from draft to ACCEPTED. */
async function collectionAccepted(
  c: ScenarioClient,
  e: Expectation,
  measure: 'traffic-data' | 'content-data',
): Promise<void> {
  const { aut, vnm } = c.parties;
  await c.create(e, realTimeCollectionDraft(aut.authorityId, c.n, measure));
  await c.act(e, 'submit', officer(c, vnm), {}, 'SUBMITTED');
  await c.awaitSystem(e, 'deliver', 'RECEIVED', officer(c, aut));
  await c.act(e, 'acknowledge', officer(c, aut), {}, 'UNDER_REVIEW');
  await c.act(e, 'accept', approver(c, aut), {}, 'ACCEPTED');
}

/** Collected data delivered after collection ended, the outcome, and receipt. */
async function collectionClosed(c: ScenarioClient, e: Expectation): Promise<void> {
  const { aut, vnm } = c.parties;
  await c.act(e, 'deliver-batch', approver(c, aut), SAMPLE_BATCH, 'COLLECTION_ENDED');
  await c.act(e, 'complete-execution', approver(c, aut), { summary: 'All batches delivered' }, 'EXECUTED');
  await c.act(e, 'confirm-receipt', officer(c, vnm), {}, 'CLOSED');
}

const inDays = (days: number): string => new Date(Date.now() + days * 86400000).toISOString();

const collectionEndedByClock: Scenario = {
  channel: 'real-time-collection',
  name: 'real-time collection: accepted, collecting for seconds, ended by its clock, batch, executed, closed',
  run: async (c, e) => {
    const { aut } = c.parties;
    await collectionAccepted(c, e, 'traffic-data');
    // Computed at each attempt: a period of 4 s from the attempt that lands (no reminder: all are past).
    await c.act(
      e,
      'start-collection',
      officer(c, aut),
      () => ({ authorisationReference: `LG-${c.n}`, endsAt: new Date(Date.now() + 4000).toISOString() }),
      'COLLECTING',
    );
    await c.awaitSystem(e, 'end-collection', 'COLLECTION_ENDED', officer(c, aut));
    await collectionClosed(c, e);
  },
};

const interceptionRenewed: Scenario = {
  channel: 'real-time-collection',
  name: 'interception: accepted, renewed, suspended, resumed, stopped early, batch, executed, closed',
  run: async (c, e) => {
    const { aut, vnm } = c.parties;
    await collectionAccepted(c, e, 'content-data');
    await c.act(
      e,
      'start-collection',
      officer(c, aut),
      () => ({ authorisationReference: `LG-${c.n}`, endsAt: inDays(10) }),
      'COLLECTING',
    );
    await c.act(
      e,
      'request-renewal',
      officer(c, vnm),
      () => ({ requestedEnd: inDays(29), justification: 'New accomplices appeared' }),
      'RENEWAL_REQUESTED',
    );
    await c.act(
      e,
      'grant-renewal',
      approver(c, aut),
      () => ({ endsAt: inDays(20), authorisationReference: `LG-${c.n}-2` }),
      'COLLECTING',
    );
    await c.act(
      e,
      'suspend-collection',
      officer(c, aut),
      { reasons: 'The order is under appeal' },
      'SUSPENDED',
    );
    await c.act(
      e,
      'resume-collection',
      approver(c, aut),
      { authorisationReference: `OLG-${c.n}` },
      'COLLECTING',
    );
    await c.act(
      e,
      'stop-collection',
      officer(c, vnm),
      { reasons: 'The suspect was arrested' },
      'COLLECTION_ENDED',
    );
    await collectionClosed(c, e);
  },
};

const transferAgreed: Scenario = {
  channel: 'transfer',
  name: 'transfer of a sentenced person: proposed, considered, consent recorded and verified, agreed, confirmed, executed, received, closed',
  run: async (c, e) => {
    const { aut, vnm } = c.parties;
    await c.create(e, transferDraft(aut.authorityId, c.n));
    await c.act(e, 'propose', officer(c, vnm), {}, 'PROPOSED');
    // Delivery keeps the status: the counterpart sees the proposal once it is delivered.
    await c.awaitSystem(e, 'deliver', 'PROPOSED', officer(c, aut));
    await c.act(e, 'consider', officer(c, aut), {}, 'UNDER_CONSIDERATION');
    await c.act(e, 'seek-consent', officer(c, vnm), {}, 'CONSENT_PENDING');
    const consent = {
      givenAt: '2026-03-02T09:00:00Z',
      givenBy: 'sentenced-person',
      obtainedHow: 'in-writing-before-judge',
      informedOfConsequences: true,
    };
    await c.act(e, 'record-consent', officer(c, vnm), consent, 'UNDER_CONSIDERATION');
    const verification = {
      verifiedAt: '2026-03-05T10:00:00Z',
      method: 'consul',
      verifiedBy: 'Consul of Austria in Ha Noi',
      confirmed: true,
    };
    await c.act(e, 'verify-consent', officer(c, aut), verification, 'UNDER_CONSIDERATION');
    await c.act(
      e,
      'agree',
      approver(c, aut),
      { terms: 'Continued enforcement in Austria', enforcement: 'continued' },
      'AWAITING_CONFIRMATION',
    );
    await c.act(e, 'confirm-agreement', approver(c, vnm), {}, 'AGREED');
    await c.act(
      e,
      'execute',
      officer(c, vnm),
      { executedAt: '2026-04-01T08:00:00Z', place: 'Vienna International Airport' },
      'EXECUTED',
    );
    await c.act(
      e,
      'acknowledge-receipt',
      officer(c, aut),
      {
        receivedAt: '2026-04-01T12:00:00Z',
        domesticReference: `StA Wien ${c.n}`,
        authority: 'Justizanstalt Wien',
      },
      'EXECUTED',
    );
    await c.act(e, 'close', officer(c, vnm), {}, 'CLOSED');
  },
};

const confiscationReturned: Scenario = {
  channel: 'confiscation',
  name: 'confiscation: frozen, lift proposed and argued, kept, a third-party claim, domestic order, enforced, returned, closed',
  run: async (c, e) => {
    const { aut, vnm } = c.parties;
    await c.create(e, confiscationDraft(aut.authorityId, c.n));
    await c.act(e, 'submit', officer(c, vnm), {}, 'FREEZE_REQUESTED');
    // Delivery keeps the status: the requested State sees the request once it is delivered.
    await c.awaitSystem(e, 'deliver', 'FREEZE_REQUESTED', officer(c, aut));
    const order = { issuingAuthority: 'Regional Criminal Court, Vienna', reference: `12 Hv ${c.n}/26` };
    await c.act(e, 'freeze', approver(c, aut), { measureTaken: 'freezing', domesticOrder: order }, 'FROZEN');
    // The period to argue is a day away (computed at each attempt): the clock stays out of this run.
    await c.act(
      e,
      'propose-lift',
      approver(c, aut),
      () => ({
        grounds: ['EVIDENCE_NOT_TIMELY'],
        reasons: 'No confiscation request yet',
        respondBy: new Date(Date.now() + 86400000).toISOString(),
      }),
      'LIFT_PROPOSED',
    );
    await c.act(
      e,
      'argue-against-lift',
      officer(c, vnm),
      { position: 'The order is days away' },
      'LIFT_PROPOSED',
    );
    await c.act(e, 'keep-frozen', approver(c, aut), { reasons: 'Heard the requesting State' }, 'FROZEN');
    await c.act(
      e,
      'record-third-party-claim',
      officer(c, aut),
      { claimant: 'Bank of Vienna', interest: 'A pledge over the account' },
      'FROZEN',
    );
    await c.act(
      e,
      'request-confiscation',
      officer(c, vnm),
      {
        type: 'obtain-domestic-order',
        factsForDomesticOrder: 'The account received the victims’ payments',
        returnRequest: { purpose: 'compensate-victims', particulars: 'The victims listed in annex 2' },
      },
      'CONFISCATION_REQUESTED',
    );
    await c.act(e, 'acknowledge', officer(c, aut), {}, 'UNDER_REVIEW');
    await c.act(
      e,
      'obtain-order',
      approver(c, aut),
      { order: { ...order, copy: RESULTS_PAYLOAD.items[0] } },
      'ORDER_OBTAINED',
    );
    await c.act(
      e,
      'resolve-third-party-claim',
      approver(c, aut),
      { claim: 0, outcome: 'DISMISSED', reasons: 'Pledge made after the offence' },
      'ORDER_OBTAINED',
    );
    await c.act(e, 'enforce', approver(c, aut), { summary: 'Balance transferred' }, 'ENFORCED');
    await c.act(
      e,
      'decide-disposal',
      approver(c, aut),
      {
        outcome: 'RETURNED_TO_REQUESTER',
        amount: 240000,
        currency: 'EUR',
        costsDeducted: [{ description: 'Court costs', amount: 1500 }],
      },
      'DISPOSAL_DECIDED',
    );
    await c.act(e, 'close', officer(c, vnm), {}, 'CLOSED');
  },
};

/** Taken in turn (scenario run n is SCENARIOS[n % length]): the channels interleave. */
export const SCENARIOS: readonly Scenario[] = [
  mlaClosed,
  preservationExpired,
  extraditionLapsed,
  mlaWithdrawn,
  preservationHeld,
  extraditionGranted,
  mlaPostponed,
  preservationExtended,
  extraditionConditional,
  mlaEdited,
  contactEscalated,
  spontaneousRevised,
  confiscationReturned,
  transferAgreed,
  jointInvestigationExtended,
  collectionEndedByClock,
  interceptionRenewed,
];
