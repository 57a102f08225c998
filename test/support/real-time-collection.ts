import { realTimeCollectionDraft, SAMPLE_BATCH } from '../../tools/samples/drafts';
import { type Parties, waitFor } from './parties';
import { clientOf, REVIEW_STEPS, type Step } from './state';

export type Measure = 'traffic-data' | 'content-data';

/** A complete real-time collection (or, `content-data`, interception) request from VNM to `to`; `details` merge. */
export function collectionBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
  measure: Measure = 'traffic-data',
): Record<string, unknown> {
  const { details, ...rest } = overrides;
  const base = realTimeCollectionDraft(toAuthorityId, 45, measure);
  return { ...base, details: { ...(base.details as object), ...(details as object | undefined) }, ...rest };
}

/** AUT declares the offences (UNCC articles) for which its law allows interception (art. 46). */
export async function declareInterception(p: Parties, articles: number[] | null = [7, 8, 11]): Promise<void> {
  const res = await p.admin.send('PUT', '/v1/states/AUT/settings', { interceptionOffences: articles });
  if (res.status !== 200) {
    throw new Error(`declaration failed: ${JSON.stringify(res.body)}`);
  }
}

export const BATCH = SAMPLE_BATCH;
/** An end of the authorised period well inside the 30 days asked for (a shorter period than asked). */
export const authorisedEnd = (days = 20): string => new Date(Date.now() + days * 86400000).toISOString();

/** How to reach each status (VNM requesting, AUT requested): the MLA review, then the collection. */
const STEPS: Step[] = [
  ...REVIEW_STEPS,
  [
    'COLLECTING',
    'ACCEPTED',
    'aut.officer',
    'start-collection',
    () => ({ authorisationReference: 'LG Wien 331 HR 12/26', endsAt: authorisedEnd() }),
  ],
  [
    'RENEWAL_REQUESTED',
    'COLLECTING',
    'vnm.officer',
    'request-renewal',
    () => ({ requestedEnd: authorisedEnd(29), justification: 'New accomplices appeared' }),
  ],
  ['SUSPENDED', 'COLLECTING', 'aut.officer', 'suspend-collection', () => ({ reasons: 'The order lapsed' })],
  [
    'COLLECTION_ENDED',
    'COLLECTING',
    'vnm.officer',
    'stop-collection',
    () => ({ reasons: 'Suspect arrested' }),
  ],
  ['EXECUTED', 'COLLECTION_ENDED', 'aut.approver', 'complete-execution', () => ({ summary: 'One batch' })],
  ['CLOSED', 'EXECUTED', 'vnm.officer', 'confirm-receipt', () => ({})],
];

/**
 * A VNM -> AUT request in the given status, reached over HTTP by the actors of the table. DRAFT is created
 * only; RECEIVED and later are delivered first (waits for the queue). Interception needs AUT's declaration
 * (declareInterception).
 */
export async function collectionInStatus(
  p: Parties,
  status: string,
  measure: Measure = 'traffic-data',
): Promise<string> {
  if (status === 'DRAFT' || status === 'RECEIVED') {
    const created = await p.vnm.officer.post('/v1/requests', collectionBody(p.aut.authorityId, {}, measure));
    if (created.status !== 201) {
      throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    }
    const id = created.body.id as string;
    if (status === 'RECEIVED') {
      const submitted = await p.vnm.officer.act(id, 'submit');
      if (submitted.status !== 200) {
        throw new Error(`submit failed: ${JSON.stringify(submitted.body)}`);
      }
      await waitFor(
        'delivery',
        async () => (await p.aut.officer.get(`/v1/requests/${id}`)).body?.status === 'RECEIVED',
      );
    }
    return id;
  }
  const step = STEPS.find(([s]) => s === status);
  if (!step) {
    throw new Error(`No path to ${status}`);
  }
  const [, from, who, action, payload] = step;
  const id = await collectionInStatus(p, from, measure);
  const res = await clientOf(p, who).act(id, action, payload());
  if (res.status !== 200 || res.body.status !== status) {
    throw new Error(`${action} towards ${status} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return id;
}
