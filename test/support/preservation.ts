import type { Api } from './api';
import { type ContactPoint, preservationBody } from './contact-points';
import { mlaBody, type Parties, waitFor } from './parties';
import { ok, type Step, viaSteps } from './steps';

/**
 * Preservation requests in tests (arts 42-43): Viet Nam's central authority asks a 24/7 point of contact of
 * the requested State (`poc`), whose users act for the requested side.
 */

const statusOf = async (api: Api, id: string): Promise<string | undefined> =>
  (await api.get(`/v1/requests/${id}`)).body?.status as string | undefined;

/**
 * How to reach each status over HTTP: the previous status and the step. HELD_PENDING_MLA_DECISION has a
 * follow-up MLA request to the central authority of the same State (`p.aut`) open.
 */
const steps = (p: Parties, poc: ContactPoint): Step[] => [
  ['SENT', 'DRAFT', (id) => ok(p.vnm.officer, id, 'send')],
  [
    'RECEIVED',
    'SENT',
    (id) => waitFor('delivery', async () => (await statusOf(poc.officer, id)) === 'RECEIVED').then(() => {}),
  ],
  ['PRESERVING', 'RECEIVED', (id) => ok(poc.officer, id, 'start-preservation', { orderReference: 'PO-1' })],
  [
    'WARNING_ISSUED',
    'PRESERVING',
    (id) =>
      ok(poc.officer, id, 'issue-warning', {
        concern: 'CONFIDENTIALITY_AT_RISK',
        reasons: 'The provider informs its users',
      }),
  ],
  [
    'PRESERVED_ACTIVE',
    'PRESERVING',
    (id) => ok(poc.officer, id, 'confirm-preservation', { custodianConfirmation: 'Preserved' }),
  ],
  [
    'EXTENSION_REQUESTED',
    'PRESERVED_ACTIVE',
    (id) => ok(p.vnm.officer, id, 'request-extension', { reasons: 'MLA request being drafted' }),
  ],
  [
    'HELD_PENDING_MLA_DECISION',
    'PRESERVED_ACTIVE',
    async (id) => {
      const mla = await p.vnm.officer.post(
        '/v1/requests',
        mlaBody(p.aut.authorityId, { followsUpRequestId: id }),
      );
      await ok(p.vnm.officer, mla.body.id as string, 'submit');
      await waitFor('hold', async () => (await statusOf(poc.officer, id)) === 'HELD_PENDING_MLA_DECISION');
    },
  ],
];

/**
 * A VNM -> `poc` preservation request in the given status. SENT is left at once by the delivery job of an
 * app with workers; RECEIVED and later wait for it.
 */
export function preservationInStatus(p: Parties, poc: ContactPoint, status: string): Promise<string> {
  return viaSteps(steps(p, poc), status, async (first) => {
    if (first !== 'DRAFT') {
      throw new Error(`No path to ${first}`);
    }
    const created = await p.vnm.officer.post('/v1/requests', preservationBody(poc.authorityId));
    if (created.status !== 201) {
      throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    }
    return created.body.id as string;
  });
}
