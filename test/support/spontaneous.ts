import { spontaneousDraft } from '../../tools/samples/drafts';
import type { Api } from './api';
import { type Parties, waitFor } from './parties';

/** A complete spontaneous information offer from VNM to `toAuthorityId`; `details` merge. */
export function spontaneousBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const { details, ...rest } = overrides;
  const base = spontaneousDraft(toAuthorityId, 40);
  return { ...base, details: { ...(base.details as object), ...(details as object | undefined) }, ...rest };
}

export const DOCUMENTS = [{ name: 'chat-logs.zip', sha256: 'd'.repeat(64), size: 52031 }];

type Who = `${'vnm' | 'aut'}.${'officer' | 'approver'}`;
/** How to reach each status (VNM sending, AUT receiving): the previous status, who acts, the step. */
const STEPS: [status: string, from: string, who: Who, action: string, payload: () => object][] = [
  ['CONDITIONS_ACCEPTED', 'OFFERED', 'aut.approver', 'accept-conditions', () => ({})],
  [
    'CONDITIONS_DECLINED',
    'OFFERED',
    'aut.approver',
    'decline-conditions',
    () => ({ reasons: 'Courts see all' }),
  ],
  [
    'TRANSMITTED',
    'CONDITIONS_ACCEPTED',
    'vnm.approver',
    'transmit',
    () => ({ summary: 'Logs', items: DOCUMENTS }),
  ],
  [
    'USE_LOGGED',
    'TRANSMITTED',
    'aut.officer',
    'log-use',
    () => ({ use: 'opened-investigation', details: 'Case W-1' }),
  ],
  ['CANCELLED', 'OFFERED', 'vnm.approver', 'cancel', () => ({ reasons: 'Own case prejudiced' })],
  ['CLOSED', 'TRANSMITTED', 'vnm.officer', 'close', () => ({})],
];

const client = (p: Parties, who: Who): Api => {
  const [party, role] = who.split('.') as ['vnm' | 'aut', 'officer' | 'approver'];
  return p[party][role];
};

/**
 * A VNM -> AUT offer in the given status, reached over HTTP by the actors of the table. DRAFT is created
 * only; OFFERED and later are delivered first (waits for the queue).
 */
export async function offerInStatus(p: Parties, status: string): Promise<string> {
  if (status === 'DRAFT' || status === 'OFFERED') {
    const created = await p.vnm.officer.post('/v1/requests', spontaneousBody(p.aut.authorityId));
    if (created.status !== 201) {
      throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    }
    const id = created.body.id as string;
    if (status === 'OFFERED') {
      const offered = await p.vnm.officer.act(id, 'offer');
      if (offered.status !== 200) {
        throw new Error(`offer failed: ${JSON.stringify(offered.body)}`);
      }
      await waitFor('delivery', async () => (await p.aut.officer.get(`/v1/requests/${id}`)).status === 200);
    }
    return id;
  }
  const step = STEPS.find(([s]) => s === status);
  if (!step) {
    throw new Error(`No path to ${status}`);
  }
  const [, from, who, action, payload] = step;
  const id = await offerInStatus(p, from);
  const res = await client(p, who).act(id, action, payload());
  if (res.status !== 200 || res.body.status !== status) {
    throw new Error(`${action} towards ${status} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return id;
}
