import { jointInvestigationDraft } from '../../tools/samples/drafts';
import type { Api } from './api';
import { type Parties, type Party, seedParty, waitFor } from './parties';

/**
 * Joint investigation teams in tests: Viet Nam (VNM) proposes to Austria (AUT) with Ghana (GHA) as a
 * further party; Norway (NOR) is party to nothing.
 */
export interface TeamParties extends Parties {
  nor: Party;
}

export async function withNorway(p: Parties): Promise<TeamParties> {
  return { ...p, nor: await seedParty(p.admin, 'NOR-RA-CA', 'NOR', ['no', 'en']) };
}

/** A complete proposal from VNM to AUT and GHA; top-level fields of `overrides` replace the sample's. */
export function teamBody(p: Parties, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...jointInvestigationDraft(p.aut.authorityId, [p.gha.authorityId], p.vnm.authorityId, 1),
    ...overrides,
  };
}

async function ok(api: Api, id: string, action: string, payload: object = {}): Promise<void> {
  const res = await api.act(id, action, payload);
  if (res.status !== 200) {
    throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

const version = async (p: Parties, id: string): Promise<number> =>
  (await p.vnm.officer.get(`/v1/requests/${id}`)).body.caseData.agreementDraft.version as number;

/**
 * How to reach each status over HTTP, by the parties of the table: the previous status and the step.
 * NEGOTIATING has Austria in the negotiation and Ghana still invited; ACTIVE+EXTENSION has an extension
 * proposed by Austria, awaiting Viet Nam and Ghana.
 */
const STEPS: [status: string, from: string, step: (p: Parties, id: string) => Promise<void>][] = [
  ['NEGOTIATING', 'PROPOSED', (p, id) => ok(p.aut.approver, id, 'join-negotiation')],
  [
    'AGREEMENT_SIGNED',
    'NEGOTIATING',
    async (p, id) => {
      await ok(p.gha.approver, id, 'join-negotiation');
      const v = await version(p, id);
      for (const party of [p.vnm, p.aut, p.gha]) {
        await ok(party.approver, id, 'sign-agreement', { termsVersion: v });
      }
    },
  ],
  ['ACTIVE', 'AGREEMENT_SIGNED', (p, id) => ok(p.vnm.approver, id, 'start')],
  [
    'ACTIVE+EXTENSION',
    'ACTIVE',
    (p, id) =>
      ok(p.aut.approver, id, 'propose-extension', {
        newEndDate: new Date(Date.now() + 365 * 86400000).toISOString().slice(0, 10),
        reasons: 'More servers found',
      }),
  ],
  ['ENDED', 'ACTIVE', (p, id) => ok(p.vnm.approver, id, 'end', { reasons: 'Purpose achieved' })],
  ['EVALUATED', 'ENDED', (p, id) => ok(p.aut.approver, id, 'evaluate', { assessment: 'Servers seized' })],
];

/** A team in the given status (DRAFT is created only; PROPOSED and later are delivered first). */
export async function teamInStatus(p: Parties, status: string): Promise<string> {
  if (status === 'DRAFT' || status === 'PROPOSED') {
    const created = await p.vnm.officer.post('/v1/requests', teamBody(p));
    if (created.status !== 201) {
      throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    }
    const id = created.body.id as string;
    if (status === 'PROPOSED') {
      await ok(p.vnm.officer, id, 'propose');
      await waitFor('delivery', async () => (await p.gha.officer.get(`/v1/requests/${id}`)).status === 200);
    }
    return id;
  }
  const step = STEPS.find(([s]) => s === status);
  if (!step) {
    throw new Error(`No path to ${status}`);
  }
  const id = await teamInStatus(p, step[1]);
  await step[2](p, id);
  return id;
}
