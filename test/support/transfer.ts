import { transferDraft } from '../../tools/samples/drafts';
import type { Api } from './api';
import { type Parties, waitFor } from './parties';

/** A complete transfer proposal from VNM (sentencing / transferring State) to `toAuthorityId`; `details` merge. */
export function transferBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
  proceedings = false,
): Record<string, unknown> {
  const { details, ...rest } = overrides;
  const base = transferDraft(toAuthorityId, 38, proceedings);
  return { ...base, details: { ...(base.details as object), ...(details as object | undefined) }, ...rest };
}

export const FILE_ITEMS = [{ name: 'case-file-vol1.pdf', sha256: 'f'.repeat(64), size: 88213 }];

/** The payloads of the table's actions, complete and valid, for a VNM -> AUT transfer. */
export const TRANSFER_PAYLOADS: Record<string, (proceedings: boolean) => object> = {
  'record-consent': () => ({
    givenAt: '2026-03-02T09:00:00Z',
    givenBy: 'sentenced-person',
    obtainedHow: 'in-writing-before-judge',
    informedOfConsequences: true,
  }),
  'refuse-consent': () => ({ refusedAt: '2026-03-02T09:00:00Z', obtainedHow: 'in-writing-before-judge' }),
  'verify-consent': () => ({
    verifiedAt: '2026-03-05T10:00:00Z',
    method: 'consul',
    verifiedBy: 'Consul of Austria in Ha Noi',
    confirmed: true,
  }),
  agree: (proceedings) => ({
    terms: proceedings ? 'Austria takes the prosecution over' : 'Continued enforcement in Austria',
    ...(proceedings ? {} : { enforcement: 'continued' }),
    plannedFor: '2026-04-01T08:00:00Z',
  }),
  decline: () => ({ reasons: 'Less than six months would remain' }),
  withdraw: () => ({ reasons: 'The person was pardoned' }),
  execute: (proceedings) =>
    proceedings
      ? { executedAt: '2026-04-01T08:00:00Z', fileItems: FILE_ITEMS }
      : { executedAt: '2026-04-01T08:00:00Z', place: 'Vienna International Airport', escort: 'Two officers' },
  'acknowledge-receipt': () => ({
    receivedAt: '2026-04-01T12:00:00Z',
    domesticReference: 'StA Wien 12 St 1/26',
    authority: 'Justizanstalt Wien-Josefstadt',
  }),
  'report-outcome': (proceedings) => ({
    outcome: proceedings ? 'convicted' : 'conditional-release',
    details: 'Reported by the receiving State',
  }),
};

type Who = `${'vnm' | 'aut'}.${'officer' | 'approver'}`;
type Step = [who: Who, action: string];

const CONSIDER: Step = ['aut.officer', 'consider'];
const SEEK: Step = ['vnm.officer', 'seek-consent'];
const CONSENT: Step = ['vnm.officer', 'record-consent'];
const AGREE: Step = ['aut.approver', 'agree'];
const CONFIRM: Step = ['vnm.approver', 'confirm-agreement'];
const EXECUTE: Step = ['vnm.officer', 'execute'];
const RECEIPT: Step = ['aut.officer', 'acknowledge-receipt'];

/**
 * How to reach each stage of a VNM -> AUT transfer after the proposal was delivered, by the actors of the
 * table. A stage is a status, or a status with a case-file fact the next actions need: CONSENTED
 * (UNDER_CONSIDERATION with the consent recorded), RECEIPT_ACKNOWLEDGED (EXECUTED and acknowledged).
 * For proceedings the consent steps are left out.
 */
const PATHS: Record<string, [status: string, steps: Step[]]> = {
  PROPOSED: ['PROPOSED', []],
  UNDER_CONSIDERATION: ['UNDER_CONSIDERATION', [CONSIDER]],
  CONSENT_PENDING: ['CONSENT_PENDING', [CONSIDER, SEEK]],
  CONSENTED: ['UNDER_CONSIDERATION', [CONSIDER, SEEK, CONSENT]],
  AWAITING_CONFIRMATION: ['AWAITING_CONFIRMATION', [CONSIDER, SEEK, CONSENT, AGREE]],
  AGREED: ['AGREED', [CONSIDER, SEEK, CONSENT, AGREE, CONFIRM]],
  EXECUTED: ['EXECUTED', [CONSIDER, SEEK, CONSENT, AGREE, CONFIRM, EXECUTE]],
  RECEIPT_ACKNOWLEDGED: ['EXECUTED', [CONSIDER, SEEK, CONSENT, AGREE, CONFIRM, EXECUTE, RECEIPT]],
  CLOSED: ['CLOSED', [CONSIDER, SEEK, CONSENT, AGREE, CONFIRM, EXECUTE, RECEIPT, ['vnm.officer', 'close']]],
  DECLINED: ['DECLINED', [CONSIDER, ['aut.approver', 'decline']]],
  WITHDRAWN: ['WITHDRAWN', [['vnm.approver', 'withdraw']]],
};

const client = (p: Parties, who: Who): Api => {
  const [party, role] = who.split('.') as ['vnm' | 'aut', 'officer' | 'approver'];
  return p[party][role];
};

/** A VNM -> AUT transfer draft; `overrides` as for transferBody. */
export async function transferDraftOf(
  p: Parties,
  overrides: Record<string, unknown> = {},
  proceedings = false,
): Promise<string> {
  const created = await p.vnm.officer.post(
    '/v1/requests',
    transferBody(p.aut.authorityId, overrides, proceedings),
  );
  if (created.status !== 201) {
    throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  }
  return created.body.id as string;
}

/**
 * A VNM -> AUT transfer at the given stage (see PATHS; DRAFT is created only), reached over HTTP. The
 * proposal is delivered first (waits for the queue).
 */
export async function transferInStatus(p: Parties, stage: string, proceedings = false): Promise<string> {
  const id = await transferDraftOf(p, {}, proceedings);
  if (stage === 'DRAFT') {
    return id;
  }
  const path = PATHS[stage];
  if (!path) {
    throw new Error(`No path to ${stage}`);
  }
  const proposed = await p.vnm.officer.act(id, 'propose');
  if (proposed.status !== 200) {
    throw new Error(`propose failed: ${JSON.stringify(proposed.body)}`);
  }
  await waitFor('delivery', async () => (await p.aut.officer.get(`/v1/requests/${id}`)).status === 200);
  const [status, steps] = path;
  for (const [who, action] of steps) {
    if (proceedings && ['seek-consent', 'record-consent'].includes(action)) {
      continue;
    }
    const res = await client(p, who).act(id, action, TRANSFER_PAYLOADS[action]?.(proceedings) ?? {});
    if (res.status !== 200) {
      throw new Error(`${action} towards ${stage} failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
  const now = await p.vnm.officer.get(`/v1/requests/${id}`);
  if (now.body.status !== status) {
    throw new Error(`expected ${status} at ${stage}, got ${String(now.body.status)}`);
  }
  return id;
}
