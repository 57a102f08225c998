import { Api, apiFor } from './api';
import type { TestApp } from './test-app';

export interface Party {
  authorityId: string;
  code: string;
  officer: Api;
  approver: Api;
  auditor: Api;
}

export interface Parties {
  admin: Api;
  /** Viet Nam's central authority: the requesting side in most tests. */
  vnm: Party;
  /** Austria's central authority: the requested side. */
  aut: Party;
  /** Ghana's central authority: a third State, party to nothing. */
  gha: Party;
}

/** One more State's central authority with an officer, an approver and an auditor. */
export async function seedParty(
  admin: Api,
  code: string,
  country: string,
  languages: string[],
): Promise<Party> {
  const created = await admin.post('/v1/authorities', {
    code,
    name: `${code} central authority`,
    country,
    kind: 'central',
    languages,
  });
  if (created.status !== 201) {
    throw new Error(`Could not create authority ${code}: ${JSON.stringify(created.body)}`);
  }
  const id = created.body.id as string;
  const make = async (role: string): Promise<Api> => {
    const res = await admin.post(`/v1/authorities/${id}/users`, { name: `${code} ${role}`, roles: [role] });
    if (res.status !== 201) {
      throw new Error(`Could not create ${role} for ${code}: ${JSON.stringify(res.body)}`);
    }
    return new Api(admin.baseUrl, res.body.token as string);
  };
  return {
    authorityId: id,
    code,
    officer: await make('officer'),
    approver: await make('approver'),
    auditor: await make('auditor'),
  };
}

export async function seedParties(t: TestApp): Promise<Parties> {
  const admin = apiFor(t, t.adminToken);
  return {
    admin,
    vnm: await seedParty(admin, 'VNM-MPS-CA', 'VNM', ['vi', 'en']),
    aut: await seedParty(admin, 'AUT-BMJ-CA', 'AUT', ['de', 'en']),
    gha: await seedParty(admin, 'GHA-OAG-CA', 'GHA', ['en']),
  };
}

/** The MLA channel's user actions, as API.md names them (the HTTP contract). */
export const MLA_USER_ACTIONS = [
  'submit',
  'acknowledge',
  'request-information',
  'provide-information',
  'open-consultation',
  'propose-conditions',
  'accept-conditions',
  'accept',
  'postpone',
  'resume',
  'refuse',
  'start-execution',
  'transmit-results',
  'confirm-receipt',
  'withdraw',
];

/** A complete MLA request body from `from` to `to`. */
export function mlaBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    channel: 'mla',
    requestedAuthorityId: toAuthorityId,
    urgency: 'normal',
    language: 'en',
    subject: 'Ransomware attack on a hospital network',
    proceedingType: 'investigation',
    offences: [
      {
        provision: 'Penal Code art. 287',
        conventionArticle: 10,
        description: 'Interference with a computer system',
      },
    ],
    factsSummary:
      'The hospital network was encrypted on 14 March 2026; the ransom note named an Austrian mailbox.',
    assistanceSought: 'Subscriber information and access logs for the mailbox.',
    purpose: 'Identify the operators of the mailbox.',
    personsConcerned: [{ name: 'Unknown holder of ops@example.at', role: 'suspect' }],
    confidential: false,
    details: {
      assistanceTypes: ['subscriber-info'],
      items: [{ type: 'email-account', value: 'ops@example.at' }],
    },
    ...overrides,
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Creates and submits an MLA request, and waits until the counterpart received it. */
export async function deliveredRequest(p: Parties, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId, overrides));
  if (created.status !== 201) {
    throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  }
  const id = created.body.id as string;
  const submitted = await p.vnm.officer.act(id, 'submit');
  if (submitted.status !== 200) {
    throw new Error(`submit failed: ${JSON.stringify(submitted.body)}`);
  }
  await waitFor(
    'delivery',
    async () => (await p.aut.officer.get(`/v1/requests/${id}`)).body?.status === 'RECEIVED',
  );
  return id;
}
