import { extraditionDraft } from '../../tools/samples/drafts';
import { type Parties, type Party, waitFor } from './parties';
import { ok, type Step, viaSteps } from './steps';

/** A complete extradition request body (art. 37) from VNM to `toAuthorityId`; `details` merge. */
export function extraditionBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const { details, ...rest } = overrides;
  const base = extraditionDraft(toAuthorityId, 117);
  return { ...base, details: { ...(base.details as object), ...(details as object | undefined) }, ...rest };
}

/** Offences of the drafts `extraditionInStatus` makes: a principal one and an accessory one below the threshold. */
const OFFENCES = [
  {
    description: 'Ransomware',
    requestingStateProvision: 'Penal Code (VNM) art. 287',
    requestedStateProvision: 'StGB (AUT) § 126b',
    maxPenaltyMonthsRequesting: 84,
    maxPenaltyMonthsRequested: 24,
    dualCriminality: true,
  },
  {
    description: 'Misuse of a device',
    requestingStateProvision: 'Penal Code (VNM) art. 290',
    requestedStateProvision: 'StGB (AUT) § 126c',
    maxPenaltyMonthsRequesting: 6,
    maxPenaltyMonthsRequested: 6,
    dualCriminality: true,
    accessory: true,
  },
];

const delivered = (to: Party, id: string): Promise<unknown> =>
  waitFor('delivery', async () => (await to.officer.get(`/v1/requests/${id}`)).status === 200);

/**
 * How to reach each status over HTTP, VNM asking `to`: the previous status and the step. PA_LAPSED waits
 * for the lapse clock: only for a requested State whose provisional arrest period is short.
 */
const steps = (p: Parties, to: Party): Step[] => {
  /** VNM's officer sends it by `action`; the step ends once `to` received it. */
  const sent = (action: string) => async (id: string) => {
    await ok(p.vnm.officer, id, action);
    await delivered(to, id);
  };
  return [
    ['PA_REQUESTED', 'DRAFT', sent('request-provisional-arrest')],
    [
      'PA_EXECUTED',
      'PA_REQUESTED',
      (id) => ok(to.officer, id, 'execute-provisional-arrest', { measure: 'custody' }),
    ],
    [
      'PA_LAPSED',
      'PA_EXECUTED',
      async (id) => {
        await waitFor(
          'lapse',
          async () => (await to.officer.get(`/v1/requests/${id}`)).body.status === 'PA_LAPSED',
        );
      },
    ],
    ['FORMAL_REQUEST_SUBMITTED', 'DRAFT', sent('submit-formal-request')],
    [
      'UNDER_JUDICIAL_REVIEW',
      'FORMAL_REQUEST_SUBMITTED',
      (id) => ok(to.officer, id, 'open-judicial-review', { court: 'Landesgericht Wien' }),
    ],
    [
      'CONSULTATION',
      'UNDER_JUDICIAL_REVIEW',
      (id) => ok(to.approver, id, 'open-consultation', { reasons: 'The person sought is a national' }),
    ],
    ['GRANTED', 'UNDER_JUDICIAL_REVIEW', (id) => ok(to.approver, id, 'grant')],
    [
      'GRANTED_CONDITIONAL',
      'UNDER_JUDICIAL_REVIEW',
      (id) =>
        ok(to.approver, id, 'grant-with-conditions', {
          conditions: [{ type: 'OTHER', text: 'Return to serve the sentence' }],
        }),
    ],
    [
      'REFUSED',
      'CONSULTATION',
      (id) => ok(to.approver, id, 'refuse', { grounds: ['NATIONALITY'], reasons: 'National of the State' }),
    ],
    [
      'REFERRED_FOR_DOMESTIC_PROSECUTION',
      'REFUSED',
      (id) => ok(p.vnm.officer, id, 'request-domestic-prosecution', { reasons: 'UNTOC 16(10)' }),
    ],
    ['SURRENDERED', 'GRANTED', (id) => ok(to.officer, id, 'surrender', { arrangements: 'Vienna airport' })],
  ];
};

/** A VNM -> `to` extradition request (AUT by default) in the given status, with an accessory offence. */
export function extraditionInStatus(p: Parties, status: string, to: Party = p.aut): Promise<string> {
  return viaSteps(steps(p, to), status, async (first) => {
    if (first !== 'DRAFT') {
      throw new Error(`No path to ${first}`);
    }
    const created = await p.vnm.officer.post(
      '/v1/requests',
      extraditionBody(to.authorityId, { details: { offences: OFFENCES } }),
    );
    if (created.status !== 201) {
      throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    }
    return created.body.id as string;
  });
}
