import { confiscationDraft } from '../../tools/samples/drafts';
import type { Api } from './api';
import { type Parties, waitFor } from './parties';

/** A complete confiscation request from VNM to `toAuthorityId`; `details` merge. */
export function confiscationBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
  measure: 'freeze-seize' | 'confiscation' = 'freeze-seize',
): Record<string, unknown> {
  const { details, ...rest } = overrides;
  const base = confiscationDraft(toAuthorityId, 50, measure);
  return { ...base, details: { ...(base.details as object), ...(details as object | undefined) }, ...rest };
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** A valid payload per action of the channel (the e2e walks, the access matrix, the hostile inputs). */
export const CONFISCATION_PAYLOADS: Record<string, () => object> = {
  submit: () => ({}),
  'request-information': () => ({ questions: 'Which transfers link the account to the fraud?' }),
  'provide-information': () => ({ answers: 'Transfers of 3 to 9 March, statement in annex 4.' }),
  freeze: () => ({
    measureTaken: 'freezing',
    domesticOrder: { issuingAuthority: 'Regional Criminal Court, Vienna', reference: '12 Hv 34/26' },
  }),
  'open-consultation': () => ({
    grounds: ['EVIDENCE_NOT_SUFFICIENT'],
    reasons: 'No link to the fraud shown',
  }),
  refuse: () => ({
    grounds: ['EVIDENCE_NOT_SUFFICIENT'],
    reasons: 'The link was not shown after consultation',
  }),
  'propose-lift': () => ({
    grounds: ['EVIDENCE_NOT_TIMELY'],
    reasons: 'No confiscation request',
    respondBy: inAnHour(),
  }),
  'argue-against-lift': () => ({ position: 'The confiscation order is days away' }),
  'keep-frozen': () => ({ reasons: 'The requesting State showed the order is imminent' }),
  lift: () => ({ reasons: 'No evidence arrived in time' }),
  'request-confiscation': () => ({
    type: 'obtain-domestic-order',
    factsForDomesticOrder: 'The account received 1.2 million EUR from 312 victims between 3 and 9 March.',
    returnRequest: { purpose: 'compensate-victims', particulars: '312 victims, listed in annex 2' },
  }),
  acknowledge: () => ({}),
  'obtain-order': () => ({
    order: {
      issuingAuthority: 'Regional Criminal Court, Vienna',
      reference: '12 Hv 34/26-C',
      copy: { name: 'confiscation-order.pdf', sha256: 'cd'.repeat(32) },
    },
  }),
  'recognise-order': () => ({
    decision: { issuingAuthority: 'Regional Criminal Court, Vienna', reference: '12 Hv 35/26' },
    extent: 'full',
  }),
  enforce: () => ({
    summary: 'Balance transferred to the State',
    realised: { amount: 240000, currency: 'EUR' },
  }),
  'decide-disposal': () => ({
    outcome: 'RETURNED_TO_REQUESTER',
    amount: 240000,
    currency: 'EUR',
    costsDeducted: [{ description: 'Custody and court costs', amount: 2000 }],
  }),
  close: () => ({}),
  withdraw: () => ({ reasons: 'The proceeds were recovered domestically' }),
  'record-third-party-claim': () => ({ claimant: 'Bank of Vienna', interest: 'A pledge over the account' }),
  'resolve-third-party-claim': () => ({
    claim: 0,
    outcome: 'DISMISSED',
    reasons: 'Pledge made after the freeze',
  }),
  'query-status': () => ({ question: 'Has the account been frozen?' }),
  'answer-status': () => ({ answer: 'The court decides on Monday.' }),
};

type Who = `${'vnm' | 'aut'}.${'officer' | 'approver'}`;

/** Who takes the side events that make a conditional action available. */
const PREPARED_BY: Record<string, Who> = {
  'request-information': 'aut.officer',
  'open-consultation': 'aut.approver',
  'argue-against-lift': 'vnm.officer',
  'record-third-party-claim': 'aut.officer',
  'query-status': 'vnm.officer',
};
/** How to reach each status (VNM requesting, AUT requested): the previous status, who acts, the step. */
const STEPS: [status: string, from: string, who: Who, action: string][] = [
  ['FROZEN', 'FREEZE_REQUESTED', 'aut.approver', 'freeze'],
  ['LIFT_PROPOSED', 'FROZEN', 'aut.approver', 'propose-lift'],
  ['CONFISCATION_REQUESTED', 'FROZEN', 'vnm.officer', 'request-confiscation'],
  ['UNDER_REVIEW', 'CONFISCATION_REQUESTED', 'aut.officer', 'acknowledge'],
  ['ORDER_OBTAINED', 'UNDER_REVIEW', 'aut.approver', 'obtain-order'],
  ['ENFORCED', 'ORDER_OBTAINED', 'aut.approver', 'enforce'],
  ['DISPOSAL_DECIDED', 'ENFORCED', 'aut.approver', 'decide-disposal'],
  ['WITHDRAWN', 'FREEZE_REQUESTED', 'vnm.officer', 'withdraw'],
  ['CLOSED', 'DISPOSAL_DECIDED', 'vnm.officer', 'close'],
];

const client = (p: Parties, who: Who): Api => {
  const [party, role] = who.split('.') as ['vnm' | 'aut', 'officer' | 'approver'];
  return p[party][role];
};

/** Creates (and for FREEZE_REQUESTED or a direct confiscation, submits and delivers) a request. */
export async function sentConfiscation(
  p: Parties,
  submit: boolean,
  measure: 'freeze-seize' | 'confiscation' = 'freeze-seize',
): Promise<string> {
  const created = await p.vnm.officer.post('/v1/requests', confiscationBody(p.aut.authorityId, {}, measure));
  if (created.status !== 201) {
    throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  }
  const id = created.body.id as string;
  if (submit) {
    const sent = await p.vnm.officer.act(id, 'submit');
    if (sent.status !== 200) {
      throw new Error(`submit failed: ${JSON.stringify(sent.body)}`);
    }
    await waitFor('delivery', async () => (await p.aut.officer.get(`/v1/requests/${id}`)).status === 200);
  }
  return id;
}

/**
 * A VNM -> AUT request in the given status, reached over HTTP by the actors of the table (REFUSED, LIFTED
 * and ORDER_RECOGNISED by their own short walks). DRAFT is created only. UNDER_REVIEW is a request for a
 * domestic order (1a); UNDER_REVIEW_1B one that asks to enforce the requesting State's order.
 * `<STATUS>+<step>`: in that status, after the side event `step` (e.g. `FROZEN+record-third-party-claim`).
 */
export async function confiscationInStatus(p: Parties, status: string): Promise<string> {
  const [base, prep] = status.split('+');
  if (prep) {
    const id = await confiscationInStatus(p, base);
    const [party, role] = PREPARED_BY[prep].split('.') as ['vnm' | 'aut', 'officer' | 'approver'];
    const res = await p[party][role].act(id, prep, CONFISCATION_PAYLOADS[prep]());
    if (res.status !== 200) {
      throw new Error(`${prep} failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return id;
  }
  if (status === 'DRAFT' || status === 'FREEZE_REQUESTED') {
    return sentConfiscation(p, status === 'FREEZE_REQUESTED');
  }
  if (status === 'UNDER_REVIEW_1B' || status === 'ORDER_RECOGNISED') {
    const id = await sentConfiscation(p, true, 'confiscation');
    await must(p.aut.officer.act(id, 'acknowledge'), 'UNDER_REVIEW');
    if (status === 'ORDER_RECOGNISED') {
      await must(
        p.aut.approver.act(id, 'recognise-order', CONFISCATION_PAYLOADS['recognise-order']()),
        status,
      );
    }
    return id;
  }
  if (status === 'REFUSED') {
    const id = await sentConfiscation(p, true);
    await must(
      p.aut.approver.act(id, 'open-consultation', CONFISCATION_PAYLOADS['open-consultation']()),
      'FREEZE_REQUESTED',
    );
    await must(p.aut.approver.act(id, 'refuse', CONFISCATION_PAYLOADS.refuse()), status);
    return id;
  }
  if (status === 'LIFTED') {
    const id = await confiscationInStatus(p, 'LIFT_PROPOSED');
    await must(
      p.vnm.officer.act(id, 'argue-against-lift', CONFISCATION_PAYLOADS['argue-against-lift']()),
      'LIFT_PROPOSED',
    );
    await must(p.aut.approver.act(id, 'lift', CONFISCATION_PAYLOADS.lift()), status);
    return id;
  }
  const step = STEPS.find(([s]) => s === status);
  if (!step) {
    throw new Error(`No path to ${status}`);
  }
  const [, from, who, action] = step;
  const id = await confiscationInStatus(p, from);
  await must(client(p, who).act(id, action, CONFISCATION_PAYLOADS[action]()), status);
  return id;
}

async function must(res: Promise<{ status: number; body: any }>, status: string): Promise<void> {
  const r = await res;
  if (r.status !== 200 || r.body.status !== status) {
    throw new Error(`towards ${status} failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
}
